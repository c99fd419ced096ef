package engine

import (
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

const (
	completed  = definition.StatusCompleted
	notStarted = definition.StatusNotStarted
	inProgress = definition.StatusInProgress
	cancelledS = definition.StatusCancelled
	failed     = definition.StatusFailed
)

func TestExampleLinearConfirm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.expectOpen("verify")
	h.complete("verify", map[string]any{"verified": true})
	st := h.run(example(t, "linear-confirm"), nil)
	if st.RuntimeStatus != completed || st.CompletedAt == nil {
		t.Fatalf("runtime status = %s, completedAt = %v; want Completed with a time", st.RuntimeStatus, st.CompletedAt)
	}
	wantStatus(t, st, map[string]definition.Status{"start": completed, "verify": completed, "end": completed})
	if got := st.Steps["verify"].OutputData.(map[string]any)["verified"]; got != true {
		t.Errorf("verify outputData.verified = %v, want true", got)
	}
	if p := h.projector.last(); !p.Completed || p.RuntimeStatus != completed {
		t.Errorf("last projection = %+v, want Completed and record COMPLETED", p)
	}
}

func TestExampleExclusiveApproval(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		approved    bool
		ran, skiped string
	}{{true, "file", "fix"}, {false, "fix", "file"}} {
		h := newHarness(t)
		h.expectOpen("review")
		h.complete("review", map[string]any{"approved": tc.approved})
		h.expectOpen(tc.ran)
		h.complete(tc.ran, nil)
		h.expectOpen("archive")
		h.complete("archive", nil)
		st := h.run(example(t, "exclusive-approval"), nil)
		if st.RuntimeStatus != completed {
			t.Fatalf("approved=%v: runtime status = %s", tc.approved, st.RuntimeStatus)
		}
		wantStatus(t, st, map[string]definition.Status{tc.ran: completed, tc.skiped: notStarted, "archive": completed})
		if st.Steps[tc.skiped].StartedAt != nil {
			t.Errorf("approved=%v: the branch not taken (%s) was opened", tc.approved, tc.skiped)
		}
	}
}

func TestExampleInclusiveOnboarding(t *testing.T) {
	t.Parallel()
	t.Run("new premium customer", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.expectOpen("welcome", "perks")
		h.complete("welcome", nil)
		h.expectOpen("perks") // the join waits for the other taken branch
		h.complete("perks", nil)
		st := h.run(example(t, "inclusive-onboarding"), map[string]any{"customer": map[string]any{"isNew": true, "tier": "premium"}})
		if st.RuntimeStatus != completed {
			t.Fatalf("runtime status = %s", st.RuntimeStatus)
		}
		wantStatus(t, st, map[string]definition.Status{"welcome": completed, "perks": completed, "standard": notStarted, "join": completed})
	})
	t.Run("returning basic customer", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.expectOpen("standard")
		h.complete("standard", nil)
		st := h.run(example(t, "inclusive-onboarding"), map[string]any{"customer": map[string]any{"isNew": false, "tier": "basic"}})
		if st.RuntimeStatus != completed {
			t.Fatalf("runtime status = %s", st.RuntimeStatus)
		}
		wantStatus(t, st, map[string]definition.Status{"welcome": notStarted, "perks": notStarted, "standard": completed, "join": completed})
	})
}

func TestExampleReworkLoop(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.complete("prepare", nil)
	h.complete("review", map[string]any{"approved": false})
	h.then(func() {
		h.checkOpen("prepare")
		if a := h.state().Steps["prepare"].Attempt; a != 2 {
			t.Errorf("prepare attempt after rework = %d, want 2", a)
		}
	})
	h.complete("prepare", nil)
	h.expectOpen("review")
	h.complete("review", map[string]any{"approved": true})
	h.complete("submit", nil)
	st := h.run(example(t, "rework-loop"), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	if a := st.Steps["review"].Attempt; a != 2 {
		t.Errorf("review attempt = %d, want 2", a)
	}
	if a := st.Steps["submit"].Attempt; a != 1 {
		t.Errorf("submit attempt = %d, want 1", a)
	}
}

func TestExampleParallelDocuments(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.expectOpen("pan", "address", "photo")
	h.complete("photo", nil)
	h.complete("pan", nil)
	h.expectOpen("address")
	h.complete("address", nil)
	h.expectOpen("approve")
	h.complete("approve", nil)
	st := h.run(example(t, "parallel-documents"), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	if a := st.Steps["join"].Attempt; a != 1 {
		t.Errorf("join ran %d times, want 1", a)
	}
}
