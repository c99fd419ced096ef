package engine

import (
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/jsonata"
)

// A gateway condition that would run forever (or long enough to trip Temporal's deadlock
// detector and wedge the execution) fails its gateway step with EXPRESSION_FAILED, stopped by
// one of the deterministic bounds rather than by the wall clock; retrying the step fails it the
// same way, and the execution can still be cancelled.
func TestRuleRunawayConditionFailsItsGateway(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, cond, jsonataCode string
	}{
		{"self recursion", `($f := function($n){$f($n+1)}; $f(0))`, jsonata.CodeSteps},
		{"mutual recursion", `($f := function($n){$g($n+1)}; $g := function($n){$f($n+1)}; $f(0))`, jsonata.CodeSteps},
		{"a million-item sort by a lambda", `$sort([1..1000000], function($a,$b){$a<$b})`, jsonata.CodeSize},
		{"a sort by a lambda within the item bound", `$count($sort([1..19999], function($a,$b){$a<$b})) > 0`, jsonata.CodeSteps},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			check := func(when string) {
				st := h.state()
				g := st.Steps["decide"]
				if st.RuntimeStatus != failed || g.Status != failed || g.Error == nil || g.Error.Code != interp.CodeExpression ||
					!strings.Contains(g.Error.Message, tc.jsonataCode) {
					t.Errorf("%s: runtime %s, decide %s %+v; want both Failed with %s wrapping %s",
						when, st.RuntimeStatus, g.Status, g.Error, interp.CodeExpression, tc.jsonataCode)
				}
			}
			h.then(func() { check("at first") })
			h.then(func() {
				h.update(UpdateRetryStep, RetryStepRequest{StepID: "decide"}, func(err error) {
					if err != nil {
						t.Errorf("retrying decide: %v", err)
					}
				})
			})
			h.then(func() { check("after a retry") })
			h.run(graph(t,
				[]S{{"start", "start", nil}, {"decide", "gateway.exclusive_split", nil}, {"a", "human.confirm", nil},
					{"b", "human.confirm", nil}, {"end", "end", nil}},
				[]T{{From: "start", To: "decide"}, {From: "decide", To: "a", Cond: tc.cond}, {From: "decide", To: "b", Default: true},
					{From: "a", To: "end"}, {From: "b", To: "end"}}), nil)
			if !h.env.IsWorkflowCompleted() {
				t.Fatal("workflow still running after cancel")
			}
			if p := h.projector.last(); p.RuntimeStatus != cancelledS || p.Completed {
				t.Errorf("last projection = %+v, want runtime Cancelled", p)
			}
		})
	}
}
