package engine

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/activity"

	"github.com/workflowbuilder/wfb/internal/store"
)

// Projector writes an execution's runtime projection where people list and search it. The
// worker's activity calls it; tests give it the real SQLite store through [StoreProjector].
type Projector interface {
	Project(ctx context.Context, p Projection) error
}

// StoreProjector projects into the workflow_executions rows of a store.
type StoreProjector struct {
	Store store.Store
}

// Project updates the row's runtime status and timestamps, and its record status to COMPLETED
// when the runtime completed. A row that does not exist is left alone: the execution was
// started outside the application (a test, a replay of a recorded history), and there is
// nothing to project into.
func (p StoreProjector) Project(ctx context.Context, pr Projection) error {
	err := p.Store.InTx(ctx, func(q store.Querier) error {
		e, err := q.GetExecution(ctx, pr.ExecutionID)
		if err != nil {
			return err
		}
		e.RuntimeStatus = store.RuntimeStatus(pr.RuntimeStatus)
		started := pr.StartedAt
		e.StartedAt = &started
		e.CompletedAt, e.FailedAt, e.LastActivityAt = pr.CompletedAt, pr.FailedAt, pr.LastActivityAt
		if pr.Completed {
			e.Status = store.ExecutionCompleted
		} else if e.Status == store.ExecutionCreated {
			// The workflow runs, so the start was acknowledged even if the starter died before
			// writing STARTED.
			e.Status = store.ExecutionStarted
		}
		return q.UpdateExecution(ctx, e)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("projecting execution %s: %w", pr.ExecutionID, err)
	}
	return nil
}

// activities are the interpreter's activities, bound to the worker's dependencies.
type activities struct {
	projector Projector
}

func (a *activities) project(ctx context.Context, p Projection) error {
	if a.projector == nil {
		activity.GetLogger(ctx).Debug("no projector configured; projection dropped", "execution", p.ExecutionID)
		return nil
	}
	return a.projector.Project(ctx, p)
}
