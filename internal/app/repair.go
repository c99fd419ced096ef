package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// maxRepairs bounds the rows one pass asks Temporal about, so that a pass over a large
// database stays short; the next passes go on from where this one stopped.
const maxRepairs = 200

// RepairResult counts what one repair pass did.
type RepairResult struct {
	// Closed rows took their closed workflow's status and runtime status.
	Closed int
	// Orphans are child rows left CREATED whose parent's workflow closed: FAILED_TO_START.
	Orphans int
}

// repairCursor is where the next repair pass resumes (per Service: each process scans all).
type repairCursor struct {
	mu    sync.Mutex
	after *store.Cursor
}

// Repair finds rows the engine can no longer update and brings them in line with Temporal:
//   - a row STARTED whose workflow closed without projecting its end (terminated, failed for
//     good, or closed before this build projected every end): its status and runtime status
//     are written from Temporal's closure through the projection (projection.Persistence),
//     which also closes its open tasks;
//   - a child row left CREATED whose parent's workflow closed: nothing will start it, so it
//     becomes FAILED_TO_START.
//
// Rows younger than grace are left alone (they may be in flight). At most maxRepairs rows are
// asked about per pass.
func (s *Service) Repair(ctx context.Context, grace time.Duration) (RepairResult, error) {
	var res RepairResult
	eng, err := s.needEngine()
	if err != nil {
		return res, err
	}
	s.repair.mu.Lock()
	defer s.repair.mu.Unlock()
	cutoff := now().Add(-grace)
	asked := 0
	f := store.ExecutionFilter{Status: store.ExecutionStarted, Page: store.Page{Limit: MaxLimit, After: s.repair.after}}
	for asked < maxRepairs {
		rows, err := s.store.ListExecutions(ctx, f)
		if err != nil {
			return res, fmt.Errorf("listing started executions: %w", err)
		}
		for i := range rows {
			ex := &rows[i]
			pos := executionPos(*ex)
			s.repair.after = &pos
			if ex.CreatedAt.After(cutoff) || ex.RuntimeStatus == store.RuntimeCompleted || ex.RuntimeStatus == store.RuntimeCancelled {
				continue
			}
			asked++
			c, err := eng.Describe(ctx, ex.ID)
			if err != nil {
				if isNotFound(err) {
					continue
				}
				return res, err
			}
			if !c.Closed {
				continue
			}
			if err := s.closeRow(ctx, ex, c); err != nil {
				return res, err
			}
			res.Closed++
			if asked >= maxRepairs {
				return res, nil
			}
		}
		if len(rows) < f.Limit {
			s.repair.after = nil // wrap around next time
			break
		}
		f.After = s.repair.after
	}
	n, err := s.repairOrphans(ctx, eng, cutoff)
	res.Orphans = n
	return res, err
}

// closeRow projects a closed workflow's end onto its row.
func (s *Service) closeRow(ctx context.Context, ex *store.Execution, c *engine.Closure) error {
	at := c.ClosedAt
	p := interp.Projection{ExecutionID: ex.ID, RuntimeStatus: c.Status, StartedAt: c.StartedAt, LastActivityAt: &at,
		Completed: c.Status == "Completed", At: at}
	switch c.Status {
	case "Completed", "Cancelled":
		p.CompletedAt = &at
	case "Failed":
		p.FailedAt = &at
	}
	if err := (projection.Persistence{Store: s.store}).Project(ctx, p); err != nil {
		return fmt.Errorf("recording the closure of execution %s: %w", ex.ID, err)
	}
	return nil
}

// repairOrphans marks FAILED_TO_START the child rows left CREATED (older than cutoff) whose
// parent's workflow closed.
func (s *Service) repairOrphans(ctx context.Context, eng Engine, cutoff time.Time) (int, error) {
	rows, err := s.store.ListExecutions(ctx, store.ExecutionFilter{Status: store.ExecutionCreated, Page: store.Page{Limit: MaxLimit}})
	if err != nil {
		return 0, fmt.Errorf("listing executions left CREATED: %w", err)
	}
	parents := map[string]bool{} // parent id → closed
	n := 0
	for _, ex := range rows {
		if ex.ParentID == nil || !ex.CreatedAt.Before(cutoff) {
			continue
		}
		closed, ok := parents[*ex.ParentID]
		if !ok {
			c, err := eng.Describe(ctx, *ex.ParentID)
			if err != nil && !isNotFound(err) {
				return n, err
			}
			closed = err == nil && c.Closed
			parents[*ex.ParentID] = closed
		}
		if !closed {
			continue
		}
		out, err := s.markFailed(ctx, ex.ID, "its parent's workflow closed before starting it")
		if err != nil {
			return n, err
		}
		if out.Status == store.ExecutionFailedToStart {
			n++
		}
	}
	return n, nil
}

// isNotFound reports the engine not knowing a workflow (never started, or past retention).
func isNotFound(err error) bool {
	var e *interp.Error
	return errors.As(err, &e) && e.Code == interp.CodeExecutionNotFound
}
