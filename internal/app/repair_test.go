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

// TestEnforceCancels: on each database, an execution whose cancel was accepted longer ago than
// the grace period and whose workflow still runs is terminated, audited as
// execution.terminate by the system and closed Cancelled; a recent cancel is left to run.
func TestEnforceCancels(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			b := newInbox(t, backend)
			ctx := context.Background()
			cancel := func(executionID string, at time.Time) {
				e := &store.AuditEntry{ID: id.New(), At: at, Actor: "ada", Action: "execution.cancel", TargetType: "execution", TargetID: executionID}
				if err := b.st.AppendAudit(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			stubborn := b.exec
			recent := &store.Execution{ID: id.New(), Name: "x", VersionID: b.exec.VersionID, Context: json.RawMessage(`{}`),
				Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress, CreatedAt: now()}
			if err := b.st.CreateExecution(ctx, recent); err != nil {
				t.Fatal(err)
			}
			cancel(stubborn.ID, now().Add(-10*time.Minute))
			cancel(stubborn.ID, now().Add(-9*time.Minute))
			cancel(recent.ID, now())
			n, err := b.svc.EnforceCancels(ctx, time.Minute)
			if err != nil || n != 1 {
				t.Fatalf("EnforceCancels = %d, %v; want 1", n, err)
			}
			if got := b.eng.terminated; len(got) != 1 || got[0] != stubborn.ID {
				t.Fatalf("terminated %v, want [%s]", got, stubborn.ID)
			}
			got, err := b.st.GetExecution(ctx, stubborn.ID)
			if err != nil || got.RuntimeStatus != store.RuntimeCancelled {
				t.Fatalf("terminated execution: %+v, %v; want runtime Cancelled", got, err)
			}
			entries := b.audits("execution.terminate")
			if len(entries) != 1 || entries[0].TargetID != stubborn.ID || entries[0].Actor != "system" {
				t.Fatalf("execution.terminate entries %+v, want one by system", entries)
			}
			if n, err := b.svc.EnforceCancels(ctx, time.Minute); err != nil || n != 0 {
				t.Fatalf("second pass = %d, %v; want 0", n, err)
			}
		})
	}
}
