package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

func testInbox(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	other := newTemplate(t, s, "u")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	ov := newVersion(t, s, other.ID, "1.0.0", store.VersionPublished)
	exec := newExecution(t, s, v.ID, nil)
	oexec := newExecution(t, s, ov.ID, nil)
	day := func(n int) *time.Time { d := time.Date(2026, 4, n, 12, 0, 0, 0, time.UTC); return &d }

	add := func(e *store.Execution, step, assignee string, due *time.Time) *store.HumanTask {
		task := humanTaskRecord(e.ID, step, 1, assignee, due)
		wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, task), nil)
		return task
	}
	// Created in this order; due order is late/none last.
	noDue := add(exec, "a", "ada", nil)
	due3 := add(exec, "b", "ada", day(3))
	group1 := add(exec, "c", store.GroupAssignee("kyc"), day(1))
	due3b := add(oexec, "d", "ada", day(3)) // same due date as due3, younger
	bobs := add(exec, "e", "bob", day(2))
	claimed := add(oexec, "f", store.GroupAssignee("kyc"), day(5))
	done := add(exec, "g", "ada", day(1))
	noDue2 := add(oexec, "h", store.GroupAssignee("ops"), nil)
	_, err := s.ClaimHumanTask(ctx, claimed.ID, "ada", tick())
	wantErr(t, "ClaimHumanTask", err, nil)
	_, err = s.CompleteHumanTask(ctx, done.ID, "ada", tick(), nil)
	wantErr(t, "CompleteHumanTask", err, nil)

	open := []store.HumanTaskStatus{store.HumanTaskOpen, store.HumanTaskClaimed}
	mine := []string{"ada", store.GroupAssignee("kyc")}
	tests := []struct {
		name string
		f    store.InboxFilter
		want []*store.HumanTask
	}{
		{"everything, due order", store.InboxFilter{}, []*store.HumanTask{group1, done, bobs, due3, due3b, claimed, noDue, noDue2}},
		{"one user's open tasks", store.InboxFilter{Assignees: []string{"ada"}, Statuses: open}, []*store.HumanTask{due3, due3b, noDue}},
		{"a user and their groups", store.InboxFilter{Assignees: mine, Statuses: open}, []*store.HumanTask{group1, due3, due3b, claimed, noDue}},
		{"claimed only", store.InboxFilter{Assignees: mine, Statuses: []store.HumanTaskStatus{store.HumanTaskClaimed}}, []*store.HumanTask{claimed}},
		{"completed", store.InboxFilter{Statuses: []store.HumanTaskStatus{store.HumanTaskCompleted}}, []*store.HumanTask{done}},
		{"template", store.InboxFilter{TemplateID: other.ID}, []*store.HumanTask{due3b, claimed, noDue2}},
		{"template and assignees", store.InboxFilter{TemplateID: tpl.ID, Assignees: mine, Statuses: open}, []*store.HumanTask{group1, due3, noDue}},
		{"due before", store.InboxFilter{Statuses: open, DueBefore: day(3)}, []*store.HumanTask{group1, bobs}},
		{"a page of two", store.InboxFilter{Assignees: mine, Statuses: open, Limit: 2}, []*store.HumanTask{group1, due3}},
		{"after a task in a due tie", store.InboxFilter{Assignees: mine, Statuses: open, After: ptr(due3.Cursor())},
			[]*store.HumanTask{due3b, claimed, noDue}},
		{"after a task without a due date", store.InboxFilter{After: ptr(noDue.Cursor())}, []*store.HumanTask{noDue2}},
		{"nobody's", store.InboxFilter{Assignees: []string{"zed"}}, nil},
	}
	for _, tt := range tests {
		got, err := s.ListInbox(ctx, tt.f)
		wantErr(t, tt.name, err, nil)
		want := make([]string, len(tt.want))
		for i, x := range tt.want {
			want[i] = x.ID
		}
		sameIDs(t, "inbox "+tt.name, ids(got, func(x store.HumanTask) string { return x.ID }), want)
	}

	// Walking the whole inbox a page at a time sees every task once, in order.
	all, err := s.ListInbox(ctx, store.InboxFilter{Limit: 100})
	wantErr(t, "ListInbox", err, nil)
	for size := 1; size <= 3; size++ {
		var got []store.HumanTask
		f := store.InboxFilter{Limit: size}
		for range len(all) + 1 {
			page, err := s.ListInbox(ctx, f)
			wantErr(t, "ListInbox page", err, nil)
			got = append(got, page...)
			if len(page) < size {
				break
			}
			f.After = ptr(page[len(page)-1].Cursor())
		}
		key := func(x store.HumanTask) string { return x.ID }
		sameIDs(t, "inbox walked by pages", ids(got, key), ids(all, key))
	}
}
