package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testExecutions(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	root := newExecution(t, s, v.ID, nil)
	child := executionRecord(v.ID, root)
	child.Name, child.Context, child.TriggerEventID = "director 1", json.RawMessage(`{"director":{"name":"Ada"}}`), ptr("evt1")
	wantErr(t, "CreateExecution", s.CreateExecution(ctx, child), nil)
	for _, want := range []*store.Execution{root, child} {
		got, err := s.GetExecution(ctx, want.ID)
		wantErr(t, "GetExecution", err, nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("GetExecution = %+v, want %+v", got, want)
		}
	}

	names, err := s.ExecutionNames(ctx, []string{root.ID, child.ID, "missing"})
	wantErr(t, "ExecutionNames", err, nil)
	if want := map[string]string{root.ID: root.Name, child.ID: "director 1"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("ExecutionNames = %v, want %v", names, want)
	}
	if names, err := s.ExecutionNames(ctx, nil); err != nil || len(names) != 0 {
		t.Fatalf("ExecutionNames of none = %v, %v", names, err)
	}

	// The engine's projection: started, then failed.
	started, failed := tick(), tick()
	child.Status, child.RuntimeStatus = store.ExecutionStarted, store.RuntimeFailed
	child.StartedAt, child.FailedAt, child.LastActivityAt = &started, &failed, &failed
	child.StatusReason, child.Context = ptr("step x failed"), json.RawMessage(`{"director":{"name":"Ada"},"x":1}`)
	wantErr(t, "UpdateExecution", s.UpdateExecution(ctx, child), nil)
	got, err := s.GetExecution(ctx, child.ID)
	wantErr(t, "GetExecution after update", err, nil)
	if !reflect.DeepEqual(got, child) {
		t.Fatalf("GetExecution after update = %+v, want %+v", got, child)
	}

	orphan := executionRecord(v.ID, &store.Execution{ID: id.New()})
	halfChild := executionRecord(v.ID, nil)
	halfChild.ParentID = &root.ID
	badStatus := executionRecord(v.ID, nil)
	badStatus.Status = "RUNNING"
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"used id", s.CreateExecution(ctx, root), store.ErrDuplicate},
		{"no such version", s.CreateExecution(ctx, executionRecord(id.New(), nil)), store.ErrNotFound},
		{"no such parent", s.CreateExecution(ctx, orphan), store.ErrNotFound},
		{"get missing", errOf(s.GetExecution(ctx, id.New())), store.ErrNotFound},
		{"update missing", s.UpdateExecution(ctx, executionRecord(v.ID, nil)), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	// CHECK constraints refuse what no typed error names.
	for name, e := range map[string]*store.Execution{"a parent without a root": halfChild, "an unknown status": badStatus} {
		if err := s.CreateExecution(ctx, e); err == nil {
			t.Errorf("CreateExecution with %s succeeded", name)
		}
	}
}

func testExecutionFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	other := newTemplate(t, s, "u")
	v1 := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	v2 := newVersion(t, s, tpl.ID, "2.0.0", store.VersionPublished)
	ov := newVersion(t, s, other.ID, "1.0.0", store.VersionPublished)

	r1 := newExecution(t, s, v1.ID, nil)
	r2 := newExecution(t, s, v2.ID, nil)
	c1 := newExecution(t, s, v2.ID, r2)
	g1 := newExecution(t, s, v2.ID, c1)
	o1 := newExecution(t, s, ov.ID, nil)
	c1.Status, c1.RuntimeStatus = store.ExecutionStarted, store.RuntimeInProgress
	wantErr(t, "UpdateExecution", s.UpdateExecution(ctx, c1), nil)
	o1.Status, o1.RuntimeStatus = store.ExecutionCompleted, store.RuntimeCompleted
	wantErr(t, "UpdateExecution", s.UpdateExecution(ctx, o1), nil)

	tests := []struct {
		name string
		f    store.ExecutionFilter
		want []*store.Execution
	}{
		{"all", store.ExecutionFilter{}, []*store.Execution{r1, r2, c1, g1, o1}},
		{"template", store.ExecutionFilter{TemplateID: tpl.ID}, []*store.Execution{r1, r2, c1, g1}},
		{"version", store.ExecutionFilter{VersionID: v2.ID}, []*store.Execution{r2, c1, g1}},
		{"status", store.ExecutionFilter{Status: store.ExecutionCreated}, []*store.Execution{r1, r2, g1}},
		{"runtime status", store.ExecutionFilter{RuntimeStatus: store.RuntimeInProgress}, []*store.Execution{c1}},
		{"parent", store.ExecutionFilter{ParentID: r2.ID}, []*store.Execution{c1}},
		{"root", store.ExecutionFilter{RootID: r2.ID}, []*store.Execution{c1, g1}},
		{"template and status", store.ExecutionFilter{TemplateID: tpl.ID, Status: store.ExecutionStarted}, []*store.Execution{c1}},
		{"no match", store.ExecutionFilter{TemplateID: other.ID, Status: store.ExecutionStarted}, nil},
		{"page of two, newest first", store.ExecutionFilter{Page: store.Page{Limit: 2, Desc: true}}, []*store.Execution{o1, g1}},
	}
	for _, tt := range tests {
		got, err := s.ListExecutions(ctx, tt.f)
		wantErr(t, tt.name, err, nil)
		want := make([]string, len(tt.want))
		for i, e := range tt.want {
			want[i] = e.ID
		}
		sameIDs(t, tt.name, ids(got, func(e store.Execution) string { return e.ID }), want)
		if tt.f.Limit != 0 {
			continue
		}
		n, err := s.CountExecutions(ctx, tt.f)
		wantErr(t, tt.name+" count", err, nil)
		if n != len(tt.want) {
			t.Fatalf("%s: CountExecutions = %d, want %d", tt.name, n, len(tt.want))
		}
	}
	// A count ignores the page.
	n, err := s.CountExecutions(ctx, store.ExecutionFilter{Page: store.Page{Limit: 1}})
	wantErr(t, "CountExecutions with a page", err, nil)
	if n != 5 {
		t.Fatalf("CountExecutions with a page of 1 = %d, want 5", n)
	}
}
