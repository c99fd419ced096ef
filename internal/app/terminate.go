package app

import (
	"context"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/store"
)

// cancelWindow is how far back EnforceCancels looks for accepted cancels.
const cancelWindow = 24 * time.Hour

// EnforceCancels makes a cancel always end a run: an execution whose cancel was accepted (its
// execution.cancel entry) more than grace ago and whose workflow still runs (a workflow task
// that keeps failing cannot run the cancellation) is terminated, recorded as
// "execution.terminate" by the system, and its row closed Cancelled. It returns how many it
// terminated. A cancel whose audit entry was never written (a crash right after Temporal
// accepted it) is not seen.
func (s *Service) EnforceCancels(ctx context.Context, grace time.Duration) (int, error) {
	eng, err := s.needEngine()
	if err != nil {
		return 0, err
	}
	ctx = WithActor(ctx, SystemActor)
	since, until := now().Add(-cancelWindow), now().Add(-grace)
	f := store.AuditFilter{Action: "execution.cancel", TargetType: "execution", Since: &since, Until: &until,
		Page: store.Page{Limit: MaxLimit}}
	seen := map[string]bool{}
	n := 0
	for {
		entries, err := s.store.ListAudit(ctx, f)
		if err != nil {
			return n, fmt.Errorf("listing accepted cancels: %w", err)
		}
		for _, e := range entries {
			if seen[e.TargetID] {
				continue
			}
			seen[e.TargetID] = true
			done, err := s.enforceCancel(ctx, eng, e)
			if err != nil {
				return n, err
			}
			if done {
				n++
			}
		}
		if len(entries) < f.Limit {
			return n, nil
		}
		last := entries[len(entries)-1]
		f.After = &store.Cursor{CreatedAt: last.At, ID: last.ID}
	}
}

func (s *Service) enforceCancel(ctx context.Context, eng Engine, e store.AuditEntry) (bool, error) {
	ex, err := s.store.GetExecution(ctx, e.TargetID)
	if err != nil {
		return false, storeErr(err, "execution", e.TargetID, "getting execution "+e.TargetID)
	}
	if ex.Status == store.ExecutionCompleted || ex.RuntimeStatus == store.RuntimeCancelled || ex.RuntimeStatus == store.RuntimeCompleted {
		return false, nil
	}
	c, err := eng.Describe(ctx, ex.ID)
	if err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	if c.Closed {
		return false, nil // Repair writes its end
	}
	reason := fmt.Sprintf("cancel accepted at %s not honoured within the grace period", e.At.Format(time.RFC3339))
	if err := eng.Terminate(ctx, ex.ID, reason); err != nil {
		return false, fmt.Errorf("terminating execution %s: %w", ex.ID, err)
	}
	at := now()
	err = s.store.InTx(ctx, func(q store.Querier) error {
		return s.audit(ctx, q, "execution.terminate", "execution", ex.ID, nil,
			map[string]any{"reason": reason, "runtimeStatusBefore": ex.RuntimeStatus})
	})
	if err != nil {
		return true, err
	}
	return true, s.closeRow(ctx, ex, &engine.Closure{Closed: true, Status: "Cancelled", ClosedAt: at, StartedAt: derefTime(ex.StartedAt, at)})
}

func derefTime(t *time.Time, def time.Time) time.Time {
	if t == nil {
		return def
	}
	return *t
}
