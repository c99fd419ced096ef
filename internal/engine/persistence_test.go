package engine

import (
	"context"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

func TestPersistenceKeepsTheRowCurrent(t *testing.T) {
	t.Parallel()
	s, execID := projectiontest.OpenStore(t)
	h := newHarness(t, projection.Persistence{Store: s})
	h.then(func() {
		e, err := s.GetExecution(context.Background(), execID)
		if err != nil {
			t.Fatal(err)
		}
		if e.RuntimeStatus != store.RuntimeInProgress || e.Status != store.ExecutionStarted || e.StartedAt == nil {
			t.Errorf("while running: status %s runtime %s startedAt %v; want STARTED, InProgress, set", e.Status, e.RuntimeStatus, e.StartedAt)
		}
	})
	h.complete("verify", map[string]any{"verified": true})
	st := h.runInput(Input{ExecutionID: execID, Definition: example(t, "linear-confirm")})
	e, err := s.GetExecution(context.Background(), execID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != store.ExecutionCompleted || e.RuntimeStatus != store.RuntimeCompleted {
		t.Fatalf("after END: status %s runtime %s; want COMPLETED, Completed", e.Status, e.RuntimeStatus)
	}
	if e.CompletedAt == nil || !e.CompletedAt.Equal(st.CompletedAt.Truncate(time.Microsecond)) {
		t.Errorf("completedAt = %v, want %v", e.CompletedAt, st.CompletedAt)
	}
}

func TestPersistenceIgnoresMissingRow(t *testing.T) {
	t.Parallel()
	s, _ := projectiontest.OpenStore(t)
	err := projection.Persistence{Store: s}.Project(context.Background(), Projection{ExecutionID: "not-there", RuntimeStatus: inProgress})
	if err != nil {
		t.Fatalf("projecting an unknown execution: %v", err)
	}
}
