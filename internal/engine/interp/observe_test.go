package interp

import (
	"slices"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// TestObserve checks what an observer is told: signals along transitions (fired or dead) in
// order, the skipped step, and each step's changes.
func TestObserve(t *testing.T) {
	t.Parallel()
	raw := graph(t, []S{{"start", "start", nil}, {"x", "gateway.exclusive_split", nil}, {"a", "human.confirm", nil},
		{"b", "human.confirm", nil}, {"j", "gateway.parallel_join", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "x"}, {From: "x", To: "a", Cond: "false"}, {From: "x", To: "b", Default: true},
			{From: "a", To: "j"}, {From: "b", To: "j"}, {From: "j", To: "end"}})
	now := start
	state := &State{ID: "x", RuntimeStatus: definition.StatusInProgress, StartedAt: now, Context: map[string]any{}, Steps: map[string]*StepState{}}
	m := New(decode(t, raw), state, expr.New(expr.Options{Clock: func() time.Time { return now }}), func() time.Time { return now }, DefaultLoopLimit)
	var fired, dead, skipped, b []string
	m.Observe(func(o Observation) {
		switch {
		case o.TransitionID != "" && o.Fired:
			fired = append(fired, o.TransitionID)
		case o.TransitionID != "":
			dead = append(dead, o.TransitionID)
		case o.Skipped:
			skipped = append(skipped, o.StepID)
		case o.StepID == "b":
			b = append(b, string(o.Status))
		}
	})
	if err := m.Begin(); err != nil {
		t.Fatal(err)
	}
	m.CompleteHuman("b", map[string]any{}, "me")
	for _, tc := range []struct {
		what      string
		got, want []string
	}{
		{"fired", fired, []string{"start>x", "x>b", "b>j", "j>end"}},
		{"dead", dead, []string{"x>a", "a>j"}},
		{"skipped", skipped, []string{"a"}},
		{"b's changes", slices.Compact(b), []string{"InProgress", "Completed"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.what, tc.got, tc.want)
		}
	}
	if !m.Completed() {
		t.Error("the run did not complete")
	}
}
