package app

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

// DefaultBacklogLimit is the backlog past which starts are refused unless configured otherwise.
const DefaultBacklogLimit = 10000

// WithBacklogLimit refuses starts (POST /v1/executions) with backlog_full while n executions
// wait to run; n ≤ 0 means no limit.
func WithBacklogLimit(n int) Option { return func(s *Service) { s.backlogLimit = max(n, 0) } }

// Backlog counts the executions accepted but not yet running: rows CREATED or STARTED whose
// runtime status is still NotStarted (the engine has not run their first workflow task).
// Sub-workflow children count too. Counted in the database, so every process agrees.
func (s *Service) Backlog(ctx context.Context) (int, error) {
	total := 0
	for _, st := range []store.ExecutionStatus{store.ExecutionCreated, store.ExecutionStarted} {
		n, err := s.store.CountExecutions(ctx, store.ExecutionFilter{Status: st, RuntimeStatus: store.RuntimeNotStarted})
		if err != nil {
			return 0, fmt.Errorf("counting the executions waiting to run: %w", err)
		}
		total += n
	}
	return total, nil
}

// checkBacklog refuses a start while the backlog is at its limit: accepting more would only
// lengthen the wait of every execution behind it.
func (s *Service) checkBacklog(ctx context.Context) error {
	if s.backlogLimit <= 0 {
		return nil
	}
	n, err := s.Backlog(ctx)
	if err != nil {
		return err
	}
	if n >= s.backlogLimit {
		return errorf(CodeBacklogFull, "%d executions are waiting to run (limit %d); retry later", n, s.backlogLimit)
	}
	return nil
}
