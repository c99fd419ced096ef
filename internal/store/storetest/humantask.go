package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func humanTaskRecord(executionID, stepID string, attempt int, assignee string, due *time.Time) *store.HumanTask {
	return &store.HumanTask{ID: id.New(), ExecutionID: executionID, StepID: stepID, Attempt: attempt,
		Type: "human.confirm", Name: "Verify PAN card", Assignee: assignee, DueAt: due, CreatedAt: tick()}
}

// upserted is what UpsertHumanTask stores for a new task.
func upserted(t *store.HumanTask, templateID string) store.HumanTask {
	want := *t
	want.Status, want.TemplateID = store.HumanTaskOpen, templateID
	return want
}

func testHumanTasks(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	exec := newExecution(t, s, v.ID, nil)
	due := tick()

	task := humanTaskRecord(exec.ID, "pan", 1, "ada", &due)
	want := upserted(task, tpl.ID)
	wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, task), nil)
	if !reflect.DeepEqual(*task, want) {
		t.Fatalf("UpsertHumanTask left %+v, want %+v", *task, want)
	}

	// A replayed projection of the same attempt updates the open task and keeps its id.
	replay := humanTaskRecord(exec.ID, "pan", 1, store.GroupAssignee("kyc"), nil)
	replay.Name = "Verify PAN card (again)"
	wantErr(t, "UpsertHumanTask again", s.UpsertHumanTask(ctx, replay), nil)
	want.Name, want.Assignee, want.DueAt = replay.Name, store.GroupAssignee("kyc"), nil
	if !reflect.DeepEqual(*replay, want) {
		t.Fatalf("second UpsertHumanTask left %+v, want %+v", *replay, want)
	}

	// Claim, claim again (same claimant), another claimant, unclaim, complete.
	claimedAt := tick()
	got, err := s.ClaimHumanTask(ctx, task.ID, "ada", claimedAt)
	wantErr(t, "ClaimHumanTask", err, nil)
	want.Status, want.ClaimedBy, want.ClaimedAt = store.HumanTaskClaimed, ptr("ada"), &claimedAt
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("ClaimHumanTask = %+v, want %+v", *got, want)
	}
	got, err = s.ClaimHumanTask(ctx, task.ID, "ada", tick())
	wantErr(t, "ClaimHumanTask by the claimant", err, nil)
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("second ClaimHumanTask = %+v, want %+v (the first claim's time)", *got, want)
	}
	wantErr(t, "ClaimHumanTask by another", errOf(s.ClaimHumanTask(ctx, task.ID, "bob", tick())), store.ErrWrongState)
	// The projection does not rewrite a claimed task.
	wantErr(t, "UpsertHumanTask of a claimed task", s.UpsertHumanTask(ctx, humanTaskRecord(exec.ID, "pan", 1, "carol", nil)), nil)
	got, err = s.GetHumanTask(ctx, task.ID)
	wantErr(t, "GetHumanTask", err, nil)
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("claimed task after an upsert = %+v, want %+v", *got, want)
	}
	got, err = s.UnclaimHumanTask(ctx, task.ID)
	wantErr(t, "UnclaimHumanTask", err, nil)
	want.Status, want.ClaimedBy, want.ClaimedAt = store.HumanTaskOpen, nil, nil
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("UnclaimHumanTask = %+v, want %+v", *got, want)
	}
	completedAt := tick()
	output := json.RawMessage(`{"confirmed": true}`)
	got, err = s.CompleteHumanTask(ctx, task.ID, "bob", completedAt, output)
	wantErr(t, "CompleteHumanTask", err, nil)
	want.Status, want.CompletedBy, want.CompletedAt, want.OutputData = store.HumanTaskCompleted, ptr("bob"), &completedAt, output
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("CompleteHumanTask = %+v, want %+v", *got, want)
	}
	byStep, err := s.GetHumanTaskByStep(ctx, exec.ID, "pan", 1)
	wantErr(t, "GetHumanTaskByStep", err, nil)
	if !reflect.DeepEqual(*byStep, want) {
		t.Fatalf("GetHumanTaskByStep = %+v, want %+v", *byStep, want)
	}

	// The next attempt of the step is a new task; cancelling the execution closes only open ones.
	second := humanTaskRecord(exec.ID, "pan", 2, "ada", nil)
	wantErr(t, "UpsertHumanTask of attempt 2", s.UpsertHumanTask(ctx, second), nil)
	if second.ID == task.ID {
		t.Fatal("attempt 2 got the task of attempt 1")
	}
	wantErr(t, "UnclaimHumanTask of an open task", errOf(s.UnclaimHumanTask(ctx, second.ID)), store.ErrWrongState)
	claimed := humanTaskRecord(exec.ID, "aadhaar", 1, "ada", nil)
	wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, claimed), nil)
	wantErr(t, "ClaimHumanTask", errOf(s.ClaimHumanTask(ctx, claimed.ID, "ada", tick())), nil)
	n, err := s.CancelHumanTasks(ctx, exec.ID, tick())
	wantErr(t, "CancelHumanTasks", err, nil)
	if n != 2 {
		t.Fatalf("CancelHumanTasks cancelled %d tasks, want 2", n)
	}

	missing := id.New()
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"complete twice", errOf(s.CompleteHumanTask(ctx, task.ID, "ada", tick(), nil)), store.ErrWrongState},
		{"claim a completed task", errOf(s.ClaimHumanTask(ctx, task.ID, "ada", tick())), store.ErrWrongState},
		{"unclaim a cancelled task", errOf(s.UnclaimHumanTask(ctx, second.ID)), store.ErrWrongState},
		{"complete a cancelled task", errOf(s.CompleteHumanTask(ctx, second.ID, "ada", tick(), nil)), store.ErrWrongState},
		{"claim missing", errOf(s.ClaimHumanTask(ctx, missing, "ada", tick())), store.ErrNotFound},
		{"unclaim missing", errOf(s.UnclaimHumanTask(ctx, missing)), store.ErrNotFound},
		{"complete missing", errOf(s.CompleteHumanTask(ctx, missing, "ada", tick(), nil)), store.ErrNotFound},
		{"get missing", errOf(s.GetHumanTask(ctx, missing)), store.ErrNotFound},
		{"get by a missing step", errOf(s.GetHumanTaskByStep(ctx, exec.ID, "pan", 3)), store.ErrNotFound},
		{"a task of a missing execution", s.UpsertHumanTask(ctx, humanTaskRecord(missing, "pan", 1, "ada", nil)), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	for _, tk := range []*store.HumanTask{second, claimed} {
		got, err := s.GetHumanTask(ctx, tk.ID)
		wantErr(t, "GetHumanTask", err, nil)
		if got.Status != store.HumanTaskCancelled || got.CancelledAt == nil {
			t.Fatalf("task %s after CancelHumanTasks: status %s, cancelled at %v", tk.ID, got.Status, got.CancelledAt)
		}
	}
	if err := s.UpsertHumanTask(ctx, humanTaskRecord(exec.ID, "x", 0, "ada", nil)); err == nil {
		t.Error("UpsertHumanTask with attempt 0 succeeded")
	}
	testStepCancel(t, s, newExecution(t, s, v.ID, nil))
}

// testStepCancel cancels one step's open tasks up to an attempt: later attempts, other steps,
// other executions and closed tasks keep their status.
func testStepCancel(t *testing.T, s store.Store, exec *store.Execution) {
	t.Helper()
	ctx := context.Background()
	other := newExecution(t, s, exec.VersionID, nil)
	mk := func(e *store.Execution, step string, attempt int) *store.HumanTask {
		t.Helper()
		task := humanTaskRecord(e.ID, step, attempt, "ada", nil)
		wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, task), nil)
		return task
	}
	done := mk(exec, "pan", 1)
	wantErr(t, "CompleteHumanTask", errOf(s.CompleteHumanTask(ctx, done.ID, "ada", tick(), nil)), nil)
	claimed := mk(exec, "pan", 2)
	wantErr(t, "ClaimHumanTask", errOf(s.ClaimHumanTask(ctx, claimed.ID, "ada", tick())), nil)
	later := mk(exec, "pan", 3)
	sibling := mk(exec, "aadhaar", 1)
	elsewhere := mk(other, "pan", 1)
	at := tick()
	n, err := s.CancelStepHumanTasks(ctx, exec.ID, "pan", 2, at)
	wantErr(t, "CancelStepHumanTasks", err, nil)
	if n != 1 {
		t.Fatalf("CancelStepHumanTasks cancelled %d tasks, want 1 (the claimed attempt 2)", n)
	}
	want := map[*store.HumanTask]store.HumanTaskStatus{
		done: store.HumanTaskCompleted, claimed: store.HumanTaskCancelled, later: store.HumanTaskOpen,
		sibling: store.HumanTaskOpen, elsewhere: store.HumanTaskOpen,
	}
	for task, status := range want {
		got, err := s.GetHumanTask(ctx, task.ID)
		wantErr(t, "GetHumanTask", err, nil)
		if got.Status != status {
			t.Errorf("task %s attempt %d of %s: %s, want %s", got.StepID, got.Attempt, got.ExecutionID, got.Status, status)
		}
		if status == store.HumanTaskCancelled && (got.CancelledAt == nil || !got.CancelledAt.Equal(at)) {
			t.Errorf("cancelled task %s: cancelled at %v, want %v", got.ID, got.CancelledAt, at)
		}
	}
	n, err = s.CancelStepHumanTasks(ctx, exec.ID, "pan", 2, tick())
	wantErr(t, "CancelStepHumanTasks again", err, nil)
	if n != 0 {
		t.Fatalf("a second CancelStepHumanTasks cancelled %d tasks, want 0", n)
	}
}

// testConcurrentCompletion completes one task from 20 goroutines at once: exactly one
// completion is stored, and every other gets ErrWrongState.
func testConcurrentCompletion(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	exec := newExecution(t, s, v.ID, nil)
	task := humanTaskRecord(exec.ID, "approve", 1, store.GroupAssignee("ops"), nil)
	wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, task), nil)
	const agents = 20
	errs := make([]error, agents)
	var wg sync.WaitGroup
	for i := range agents {
		wg.Go(func() {
			out := json.RawMessage(fmt.Sprintf(`{"agent": %d}`, i))
			_, errs[i] = s.CompleteHumanTask(ctx, task.ID, fmt.Sprint("agent-", i), tick(), out)
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("agents %d and %d both completed the task", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrWrongState):
			t.Fatalf("agent %d: %v, want ErrWrongState", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no agent completed the task")
	}
	got, err := s.GetHumanTask(ctx, task.ID)
	wantErr(t, "GetHumanTask", err, nil)
	if got.CompletedBy == nil || *got.CompletedBy != fmt.Sprint("agent-", winner) ||
		string(got.OutputData) != fmt.Sprintf(`{"agent": %d}`, winner) {
		t.Fatalf("completed by %v with %s, want the winner agent-%d's", got.CompletedBy, got.OutputData, winner)
	}
}
