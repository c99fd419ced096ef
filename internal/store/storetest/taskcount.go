package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// testCountOpenHumanTasks checks the open-task counts behind the /metrics gauges: closed tasks
// are not counted, claimed ones are counted apart, and overdue means due strictly before the
// instant asked about (a task without a due date never is).
func testCountOpenHumanTasks(t *testing.T, s store.Store) {
	ctx := context.Background()
	v := newVersion(t, s, newTemplate(t, s, "t").ID, "1.0.0", store.VersionPublished)
	exec := newExecution(t, s, v.ID, nil)
	at := time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC)
	before, after := at.Add(-time.Hour), at.Add(time.Hour)

	got, err := s.CountOpenHumanTasks(ctx, at)
	wantErr(t, "CountOpenHumanTasks of no task", err, nil)
	if got != (store.OpenTaskCounts{}) {
		t.Fatalf("counts of no task: %+v", got)
	}
	add := func(step string, due *time.Time) *store.HumanTask {
		t.Helper()
		task := humanTaskRecord(exec.ID, step, 1, "ada", due)
		wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, task), nil)
		return task
	}
	add("open-late", &before)
	add("open-on-time", &after)
	add("open-no-due", nil)
	add("open-due-now", &at)
	claimedLate := add("claimed-late", &before)
	doneLate := add("done-late", &before)
	cancelled := humanTaskRecord(newExecution(t, s, v.ID, nil).ID, "x", 1, "ada", &before)
	wantErr(t, "UpsertHumanTask", s.UpsertHumanTask(ctx, cancelled), nil)
	_, err = s.ClaimHumanTask(ctx, claimedLate.ID, "ada", tick())
	wantErr(t, "ClaimHumanTask", err, nil)
	_, err = s.CompleteHumanTask(ctx, doneLate.ID, "ada", tick(), nil)
	wantErr(t, "CompleteHumanTask", err, nil)
	_, err = s.CancelHumanTasks(ctx, cancelled.ExecutionID, tick())
	wantErr(t, "CancelHumanTasks", err, nil)

	got, err = s.CountOpenHumanTasks(ctx, at)
	wantErr(t, "CountOpenHumanTasks", err, nil)
	if want := (store.OpenTaskCounts{Open: 4, Claimed: 1, Overdue: 2}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
}
