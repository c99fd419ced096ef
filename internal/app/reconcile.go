package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// Reconciler defaults: a row younger than the grace period may still be in its starter's hands
// (between its insert and its Temporal start), so the reconciler leaves it alone.
const (
	DefaultReconcileInterval = 30 * time.Second
	DefaultReconcileGrace    = time.Minute
)

// ReconcileResult counts what one pass did.
type ReconcileResult struct {
	// Started rows are STARTED now (the workflow was started, or already ran).
	Started int
	// Failed rows are FAILED_TO_START: Temporal refused them for good.
	Failed int
	// Pending rows stay CREATED: Temporal did not answer; the next pass tries again.
	Pending int
}

// Reconcile finds root executions left CREATED for longer than grace (a starter died between
// its insert and its Temporal start, or Temporal was down) and starts them. Starting is
// idempotent by workflow id, so a row whose workflow did start becomes STARTED and none runs
// twice. Child rows are not touched: their parent's workflow starts them, and it retries until
// it has (a child row may wait CREATED for its turn in a batch window).
func (s *Service) Reconcile(ctx context.Context, grace time.Duration) (ReconcileResult, error) {
	var res ReconcileResult
	eng, err := s.needEngine()
	if err != nil {
		return res, err
	}
	cutoff := now().Add(-grace)
	f := store.ExecutionFilter{Status: store.ExecutionCreated, Page: store.Page{Limit: MaxLimit}}
	for {
		rows, err := s.store.ListExecutions(ctx, f)
		if err != nil {
			return res, fmt.Errorf("listing executions left CREATED: %w", err)
		}
		for i := range rows {
			ex := &rows[i]
			if !ex.CreatedAt.Before(cutoff) {
				return res, nil // oldest first: every later row is younger
			}
			if ex.ParentID != nil {
				continue
			}
			if err := s.reconcileOne(ctx, eng, ex, &res); err != nil {
				return res, err
			}
		}
		if len(rows) < f.Limit {
			return res, nil
		}
		next := executionPos(rows[len(rows)-1])
		f.After = &next
	}
}

func (s *Service) reconcileOne(ctx context.Context, eng Engine, ex *store.Execution, res *ReconcileResult) error {
	v, err := s.store.GetVersion(ctx, ex.VersionID)
	if err != nil {
		return fmt.Errorf("reading version %s of execution %s: %w", ex.VersionID, ex.ID, err)
	}
	vars, _, err := parseContext(ex.Context)
	if err != nil {
		// The row was written by this layer, which checked its context; a row that does not
		// parse was written by hand and cannot run.
		vars = nil
	}
	var out *store.Execution
	if vars == nil {
		out, err = s.markFailed(ctx, ex.ID, "its context is not a JSON object")
	} else {
		out, err = s.launch(ctx, eng, ex, v.Definition, vars)
	}
	if err != nil {
		return err
	}
	switch out.Status {
	case store.ExecutionCreated:
		res.Pending++
	case store.ExecutionFailedToStart:
		res.Failed++
	default:
		res.Started++
	}
	return nil
}

func (s *Service) markFailed(ctx context.Context, executionID, reason string) (*store.Execution, error) {
	var out *store.Execution
	err := s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.LockExecution(ctx, executionID); err != nil {
			return err
		}
		cur, err := q.GetExecution(ctx, executionID)
		if err != nil {
			return err
		}
		out = cur
		if cur.Status != store.ExecutionCreated {
			return nil
		}
		cur.Status, cur.StatusReason = store.ExecutionFailedToStart, &reason
		return q.UpdateExecution(ctx, cur)
	})
	if err != nil {
		return nil, fmt.Errorf("marking execution %s FAILED_TO_START: %w", executionID, err)
	}
	return out, nil
}

// RunReconciler reconciles (Reconcile, Repair, EnforceCancels) every interval until ctx ends, logging
// what each pass did. Several
// processes may run it at once: every step of a pass is idempotent.
func (s *Service) RunReconciler(ctx context.Context, interval, grace time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		res, err := s.Reconcile(ctx, grace)
		switch {
		case err != nil && !errors.Is(err, context.Canceled):
			log.Warn("reconciling executions left CREATED", "err", err)
		case res != ReconcileResult{}:
			log.Info("reconciled executions left CREATED", "started", res.Started, "failed", res.Failed, "pending", res.Pending)
		}
		switch rep, err := s.Repair(ctx, grace); {
		case err != nil && !errors.Is(err, context.Canceled):
			log.Warn("repairing executions whose workflow closed", "err", err)
		case rep != RepairResult{}:
			log.Info("repaired executions whose workflow closed", "closed", rep.Closed, "orphans", rep.Orphans)
		}
		switch n, err := s.EnforceCancels(ctx, grace); {
		case err != nil && !errors.Is(err, context.Canceled):
			log.Warn("enforcing cancels", "err", err)
		case n > 0:
			log.Warn("terminated executions that did not honour their cancel", "terminated", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
