package e2e

import (
	"context"
	"errors"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// TestDescribeAndTerminate runs the reconciler's two Temporal calls against the real server:
// Describe reports a running workflow as open and a terminated one as closed Cancelled, and
// names an unknown workflow with CodeExecutionNotFound; Terminate ends a run whose step waits
// for a person, as the cancel fallback does.
func TestDescribeAndTerminate(t *testing.T) {
	_, ec := connect(t)
	ctx := context.Background()
	id := "closure-terminate"
	if err := ec.Start(ctx, engine.Input{ExecutionID: id, VersionID: "v-linear-confirm", Definition: example(t, "linear-confirm")}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ec, id, "verify open", func(st *engine.State) bool { return isOpen(st, "verify") })

	open, err := ec.Describe(ctx, id)
	if err != nil {
		t.Fatalf("describing a running execution: %v", err)
	}
	if open.Closed || open.StartedAt.IsZero() {
		t.Fatalf("running execution described as %+v, want open with a start time", open)
	}

	if err := ec.Terminate(ctx, id, "test: cancel not honoured"); err != nil {
		t.Fatalf("terminating: %v", err)
	}
	closed, err := ec.Describe(ctx, id)
	if err != nil {
		t.Fatalf("describing a terminated execution: %v", err)
	}
	if !closed.Closed || closed.Status != definition.StatusCancelled || closed.ClosedAt.Before(closed.StartedAt) {
		t.Fatalf("terminated execution described as %+v, want closed Cancelled after its start", closed)
	}

	_, err = ec.Describe(ctx, "closure-unknown")
	var e *interp.Error
	if !errors.As(err, &e) || e.Code != interp.CodeExecutionNotFound {
		t.Fatalf("describing an unknown execution: %v, want %s", err, interp.CodeExecutionNotFound)
	}
}
