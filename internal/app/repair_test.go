package app

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// TestRepair: on each database, a row whose workflow closed without projecting its end takes
// the closure's status (its open task closed with it), a child row left CREATED under a closed
// parent becomes FAILED_TO_START, and rows of running workflows are left alone.
func TestRepair(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			b := newInbox(t, backend)
			ctx := context.Background()
			row := func(status store.ExecutionStatus, runtime store.RuntimeStatus, parent *string) *store.Execution {
				ex := &store.Execution{ID: id.New(), Name: "x", VersionID: b.exec.VersionID, Context: json.RawMessage(`{}`),
					Status: status, RuntimeStatus: runtime, ParentID: parent, RootID: parent, CreatedAt: now().Add(-time.Hour)}
				if err := b.st.CreateExecution(ctx, ex); err != nil {
					t.Fatal(err)
				}
				return ex
			}
			closedAt := now().Add(-time.Minute)
			cancelled := row(store.ExecutionStarted, store.RuntimeInProgress, nil)
			completed := row(store.ExecutionStarted, store.RuntimeInProgress, nil)
			running := row(store.ExecutionStarted, store.RuntimeInProgress, nil)
			orphan := row(store.ExecutionCreated, store.RuntimeNotStarted, &cancelled.ID)
			waiting := row(store.ExecutionCreated, store.RuntimeNotStarted, &running.ID)
			task := &store.HumanTask{ID: id.New(), ExecutionID: cancelled.ID, StepID: "review", Attempt: 1, Type: "human.confirm",
				Name: "Review", CreatedAt: now().Add(-time.Hour)}
			if err := b.st.UpsertHumanTask(ctx, task); err != nil {
				t.Fatal(err)
			}
			b.eng.closed = map[string]*engine.Closure{
				cancelled.ID: {Closed: true, Status: definition.StatusCancelled, ClosedAt: closedAt, StartedAt: closedAt.Add(-time.Minute)},
				completed.ID: {Closed: true, Status: definition.StatusCompleted, ClosedAt: closedAt, StartedAt: closedAt.Add(-time.Minute)},
			}
			res, err := b.svc.Repair(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if res != (RepairResult{Closed: 2, Orphans: 1}) {
				t.Fatalf("repair %+v, want 2 closed and 1 orphan", res)
			}
			want := map[string][2]string{
				cancelled.ID: {"STARTED", "Cancelled"}, completed.ID: {"COMPLETED", "Completed"}, running.ID: {"STARTED", "InProgress"},
				orphan.ID: {"FAILED_TO_START", "NotStarted"}, waiting.ID: {"CREATED", "NotStarted"},
			}
			for exID, w := range want {
				got, err := b.st.GetExecution(ctx, exID)
				if err != nil {
					t.Fatal(err)
				}
				if string(got.Status) != w[0] || string(got.RuntimeStatus) != w[1] {
					t.Errorf("execution %s is %s/%s, want %s/%s", exID, got.Status, got.RuntimeStatus, w[0], w[1])
				}
			}
			if got, err := b.st.GetHumanTask(ctx, task.ID); err != nil || got.Status != store.HumanTaskCancelled {
				t.Fatalf("task of the cancelled execution: %+v, %v; want CANCELLED", got, err)
			}
			if res, err := b.svc.Repair(ctx, 0); err != nil || res != (RepairResult{}) {
				t.Fatalf("second pass %+v, %v; want nothing to do", res, err)
			}
		})
	}
}
