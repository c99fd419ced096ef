package metrics

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// failingProjector fails while down is set, as a projection does while the database is away.
type failingProjector struct{ down bool }

func (f *failingProjector) Project(context.Context, interp.Projection) error {
	if f.down {
		return errors.New("connection refused")
	}
	return nil
}

// noStore answers the status read the counting projector makes before projecting.
type noStore struct{ store.Store }

func (noStore) GetExecution(context.Context, string) (*store.Execution, error) {
	return nil, store.ErrNotFound
}

// TestProjectionRetryingAlert: failed projections are counted and their executions shown as
// retrying until a projection of theirs is written or the window passes without a failure.
func TestProjectionRetryingAlert(t *testing.T) {
	t.Parallel()
	m := New()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.retrying.now = func() time.Time { return now }
	next := &failingProjector{down: true}
	p := m.Projector(next, noStore{})
	ctx := context.Background()
	steps := []struct {
		name        string
		run         func()
		failures    float64
		retryingNow float64
	}{
		{"two executions fail", func() {
			_ = p.Project(ctx, interp.Projection{ExecutionID: "a"})
			_ = p.Project(ctx, interp.Projection{ExecutionID: "b"})
			_ = p.Project(ctx, interp.Projection{ExecutionID: "a"})
		}, 3, 2},
		{"a is written", func() {
			next.down = false
			if err := p.Project(ctx, interp.Projection{ExecutionID: "a"}); err != nil {
				t.Fatal(err)
			}
		}, 3, 1},
		{"b is no longer retried (terminated)", func() { now = now.Add(retryingWindow + time.Second) }, 3, 0},
	}
	for _, s := range steps {
		s.run()
		got := scrape(t, m)
		if got["wfb_projection_failures_total"] != s.failures || got["wfb_projections_retrying"] != s.retryingNow {
			t.Errorf("%s: failures %v retrying %v, want %v and %v", s.name,
				got["wfb_projection_failures_total"], got["wfb_projections_retrying"], s.failures, s.retryingNow)
		}
	}
}
