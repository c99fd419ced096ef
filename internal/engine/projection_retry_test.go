package engine

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/workflowbuilder/wfb/definition"
)

// flakyProjector fails its first failures calls (a database that is away), then records.
type flakyProjector struct {
	recorder
	mu       sync.Mutex
	failures int
	calls    int
}

func (f *flakyProjector) Project(ctx context.Context, p Projection) error {
	f.mu.Lock()
	f.calls++
	fail := f.calls <= f.failures
	f.mu.Unlock()
	if fail {
		return errors.New("connection refused")
	}
	return f.recorder.Project(ctx, p)
}

// TestProjectionOutlivesLongOutage: a projection that fails for far longer than the
// activity's start-to-close timeout (30 attempts at up to a minute apart, about 25 simulated
// minutes) is retried until it is written, and the execution then completes; before, the SDK
// took the 10 s start-to-close timeout as the whole retry budget and the execution failed.
func TestProjectionOutlivesLongOutage(t *testing.T) {
	tests := []struct {
		name     string
		failures int
	}{
		{"short outage", 2},
		{"outage of many minutes", 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &flakyProjector{failures: tc.failures}
			h := newHarness(t, p)
			h.complete("verify", map[string]any{"verified": true})
			h.next += time.Hour // no cancel before the outage ends: the run must close by itself
			st := h.run(example(t, "linear-confirm"), nil)
			if err := h.env.GetWorkflowError(); err != nil {
				t.Fatalf("workflow ended with %v, want completed", err)
			}
			if st.RuntimeStatus != definition.StatusCompleted {
				t.Fatalf("runtime status %s, want Completed", st.RuntimeStatus)
			}
			if p.calls <= tc.failures {
				t.Fatalf("%d projection calls, want more than the %d failures", p.calls, tc.failures)
			}
			if last := p.last(); !last.Completed {
				t.Fatalf("last projection %+v does not record the completion", last)
			}
		})
	}
}

// kindRecorder records whether each projection ran as a local activity.
type kindRecorder struct {
	recorder
	local []bool
}

func (k *kindRecorder) Project(ctx context.Context, p Projection) error {
	k.mu.Lock()
	k.local = append(k.local, activity.GetInfo(ctx).IsLocalActivity)
	k.mu.Unlock()
	return k.recorder.Project(ctx, p)
}

// TestCompletionProjectedAfterHistory: the projection that carries a completed human step
// runs as a regular activity, scheduled by the workflow task that applied the Update (so the
// database never shows a completion a crash could undo); the others stay local activities.
func TestCompletionProjectedAfterHistory(t *testing.T) {
	k := &kindRecorder{}
	h := newHarness(t, k)
	h.complete("verify", map[string]any{"verified": true})
	h.run(example(t, "linear-confirm"), nil)
	sawCompletion := false
	for i, p := range k.all {
		completes := false
		for _, c := range p.Steps {
			completes = completes || c.Status == definition.StatusCompleted
		}
		if completes && !sawCompletion {
			sawCompletion = true
			if k.local[i] {
				t.Errorf("projection %d carries the completion but ran as a local activity", i)
			}
		} else if !k.local[i] {
			t.Errorf("projection %d (no new completion) ran as a regular activity", i)
		}
	}
	if !sawCompletion {
		t.Fatal("no projection carried the completion")
	}
}
