package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// One test per rule of SPEC §6, named after the rule.

func TestRuleStartFiresAtOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.then(func() {
		st := h.state()
		if s := st.Steps["start"]; s.Status != completed || s.Attempt != 1 {
			t.Errorf("start = %s attempt %d, want Completed attempt 1", s.Status, s.Attempt)
		}
		if st.RuntimeStatus != inProgress {
			t.Errorf("runtime status = %s, want InProgress", st.RuntimeStatus)
		}
		h.checkOpen("a")
	})
	h.run(graph(t, []S{{"start", "start", nil}, {"a", "human.confirm", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "a"}, {From: "a", To: "end"}}), nil)
}

// A firing that reaches an open step is absorbed: the step does not open twice.
func TestRuleFiringIntoOpenStepIsAbsorbed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.complete("a", nil)
	h.then(func() {
		h.checkOpen("b", "c")
	})
	h.complete("b", nil) // fires into c, which is open
	h.then(func() {
		if s := h.state().Steps["c"]; s.Attempt != 1 || s.Status != inProgress {
			t.Errorf("c = %s attempt %d, want still open at attempt 1", s.Status, s.Attempt)
		}
	})
	h.complete("c", nil)
	st := h.run(graph(t,
		[]S{{"start", "start", nil}, {"split", "gateway.parallel_split", nil}, {"a", "human.confirm", nil},
			{"b", "human.confirm", nil}, {"c", "human.confirm", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "split"}, {From: "split", To: "a"}, {From: "split", To: "b"},
			{From: "a", To: "c"}, {From: "b", To: "c"}, {From: "c", To: "end"}}), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
}

// A parallel join after an exclusive split: the dead branch reaches the join as dead, so the
// join does not wait for it (dead-path elimination).
func TestRuleDeadPathElimination(t *testing.T) {
	t.Parallel()
	def := graph(t,
		[]S{{"start", "start", nil}, {"x", "gateway.exclusive_split", nil}, {"a", "human.confirm", nil},
			{"b", "human.confirm", nil}, {"b2", "human.confirm", nil}, {"join", "gateway.parallel_join", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "x"}, {From: "x", To: "a", Cond: "__context__.go = 'a'"}, {From: "x", To: "b", Default: true},
			{From: "a", To: "join"}, {From: "b", To: "b2"}, {From: "b2", To: "join"}, {From: "join", To: "end"}})
	h := newHarness(t)
	h.expectOpen("a")
	h.complete("a", nil)
	st := h.run(def, map[string]any{"go": "a"})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s, want Completed (join must not wait for the dead branch)", st.RuntimeStatus)
	}
	wantStatus(t, st, map[string]definition.Status{"b": notStarted, "b2": notStarted, "join": completed})
}

func TestRuleParallelJoinWaitsForEveryFiredBranch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.expectOpen("a", "b")
	h.complete("a", nil)
	h.then(func() {
		if s := h.state().Steps["join"]; s.Status != notStarted {
			t.Errorf("join = %s after one of two branches, want NotStarted", s.Status)
		}
	})
	h.complete("b", nil)
	st := h.run(graph(t,
		[]S{{"start", "start", nil}, {"split", "gateway.parallel_split", nil}, {"a", "human.confirm", nil},
			{"b", "human.confirm", nil}, {"join", "gateway.parallel_join", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "split"}, {From: "split", To: "a"}, {From: "split", To: "b"},
			{From: "a", To: "join"}, {From: "b", To: "join"}, {From: "join", To: "end"}}), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
}

func TestRuleInclusiveDefaultOnlyWhenNoneTrue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ctx  map[string]any
		open []string
	}{
		{map[string]any{"a": true, "b": true}, []string{"a", "b"}},
		{map[string]any{"a": true, "b": false}, []string{"a"}},
		{map[string]any{"a": false, "b": false}, []string{"d"}},
	} {
		h := newHarness(t)
		h.expectOpen(tc.open...)
		h.run(graph(t,
			[]S{{"start", "start", nil}, {"inc", "gateway.inclusive_split", nil}, {"a", "human.confirm", nil},
				{"b", "human.confirm", nil}, {"d", "human.confirm", nil}, {"join", "gateway.parallel_join", nil}, {"end", "end", nil}},
			[]T{{From: "start", To: "inc"}, {From: "inc", To: "a", Cond: "__context__.a"}, {From: "inc", To: "b", Cond: "__context__.b"},
				{From: "inc", To: "d", Default: true}, {From: "a", To: "join"}, {From: "b", To: "join"}, {From: "d", To: "join"},
				{From: "join", To: "end"}}), tc.ctx)
	}
}

func TestRuleEndCancelsOpenSteps(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.expectOpen("a", "b")
	h.complete("b", nil)
	st := h.run(graph(t,
		[]S{{"start", "start", nil}, {"split", "gateway.parallel_split", nil}, {"a", "human.confirm", nil},
			{"b", "human.confirm", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "split"}, {From: "split", To: "a"}, {From: "split", To: "b"},
			{From: "a", To: "b"}, {From: "b", To: "end"}}), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	wantStatus(t, st, map[string]definition.Status{"a": cancelledS, "b": completed, "end": completed})
}

func TestRuleStartingStatus(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.then(func() {
		st := h.state()
		wantStatus(t, st, map[string]definition.Status{
			"flagged":  definition.StatusActionRequired, // onArrival
			"policy":   definition.StatusActionRequired, // activationPolicy.defaultStatus
			"override": inProgress,                      // onArrival wins over the policy
			"off":      definition.StatusDisabled,       // does not run...
			"after":    inProgress,                      // ...and its transition fired at once
		})
	})
	h.complete("flagged", nil) // ActionRequired is open: it can be completed
	h.complete("policy", nil)
	h.complete("override", nil)
	h.complete("after", nil)
	st := h.run(graph(t,
		[]S{{"start", "start", nil}, {"split", "gateway.parallel_split", nil},
			{"flagged", "human.confirm", nil},
			{"policy", "human.confirm", map[string]any{"activationPolicy": map[string]any{"defaultStatus": "ActionRequired"}}},
			{"override", "human.confirm", map[string]any{"activationPolicy": map[string]any{"defaultStatus": "ActionRequired"}}},
			{"off", "human.confirm", nil}, {"after", "human.confirm", nil},
			{"join", "gateway.parallel_join", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "split"},
			{From: "split", To: "flagged", OnArrival: definition.StatusActionRequired},
			{From: "split", To: "policy"},
			{From: "split", To: "override", OnArrival: definition.StatusInProgress},
			{From: "split", To: "off", OnArrival: definition.StatusDisabled},
			{From: "off", To: "after"},
			{From: "flagged", To: "join"}, {From: "policy", To: "join"}, {From: "override", To: "join"}, {From: "after", To: "join"},
			{From: "join", To: "end"}}), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	if st.Steps["off"].OutputData != nil {
		t.Errorf("disabled step has output %v", st.Steps["off"].OutputData)
	}
}

func humanGraph(t *testing.T, human S) json.RawMessage {
	t.Helper()
	return graph(t, []S{{"start", "start", nil}, human, {"end", "end", nil}},
		[]T{{From: "start", To: human.ID}, {From: human.ID, To: "end"}})
}

func TestRuleHumanStepCompletionIsValidated(t *testing.T) {
	t.Parallel()
	schema := map[string]any{"type": "object", "properties": map[string]any{"n": map[string]any{"type": "integer"}}, "required": []any{"n"}}
	h := newHarness(t)
	complete := func(req CompleteStepRequest, code interp.Code) {
		h.then(func() {
			if code == "" {
				h.update(UpdateCompleteStep, req, func(err error) {
					if err != nil {
						t.Errorf("completing %+v: %v", req, err)
					}
				})
				return
			}
			h.update(UpdateCompleteStep, req, h.wantCode(code))
		})
	}
	complete(CompleteStepRequest{StepID: "nope"}, interp.CodeStepNotFound)
	complete(CompleteStepRequest{StepID: "start"}, interp.CodeStepNotHuman)
	complete(CompleteStepRequest{StepID: "end"}, interp.CodeStepNotHuman)
	admin := Actor{ID: "root", Admin: true}
	complete(CompleteStepRequest{StepID: "f", Output: map[string]any{"n": "seven"}, Actor: admin}, interp.CodeOutputInvalid)
	complete(CompleteStepRequest{StepID: "f", Output: map[string]any{}, Actor: admin}, interp.CodeOutputInvalid)
	complete(CompleteStepRequest{StepID: "f", Output: []any{1}, Actor: admin}, interp.CodeOutputInvalid)
	complete(CompleteStepRequest{StepID: "f", Output: map[string]any{"n": 7}, Actor: Actor{ID: "mallory"}}, interp.CodeNotAllowed)
	complete(CompleteStepRequest{StepID: "f", Output: map[string]any{"n": 7}, Actor: Actor{ID: "bob", Groups: []string{"group:agents"}}}, "")
	complete(CompleteStepRequest{StepID: "f", Output: map[string]any{"n": 8}, Actor: Actor{Admin: true}}, interp.CodeStepNotOpen) // twice: the first wins
	st := h.run(humanGraph(t, S{"f", "human.form", map[string]any{
		"form":     schema,
		"assignee": map[string]any{"type": "const", "value": "group:agents"},
		"dueIn":    "P1DT2H",
	}}), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	f := st.Steps["f"]
	if f.OutputData.(map[string]any)["n"] != float64(7) {
		t.Errorf("outputData = %v, want n=7", f.OutputData)
	}
	if f.Assignee != "group:agents" {
		t.Errorf("assignee = %q", f.Assignee)
	}
	if f.DueAt == nil || f.DueAt.Sub(*f.StartedAt) != 26*time.Hour {
		t.Errorf("dueAt = %v, startedAt = %v; want 26h later", f.DueAt, f.StartedAt)
	}
}

func TestRuleHumanStepTypes(t *testing.T) {
	t.Parallel()
	t.Run("confirm needs no payload", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.complete("c", nil)
		st := h.run(humanGraph(t, S{"c", "human.confirm", nil}), nil)
		if st.RuntimeStatus != completed {
			t.Fatalf("runtime status = %s", st.RuntimeStatus)
		}
	})
	t.Run("url_redirect shows its url and completes on confirmation", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.then(func() {
			if u := h.state().Steps["u"].URL; u != "https://pay.example/42" {
				t.Errorf("url = %q", u)
			}
		})
		h.complete("u", nil)
		st := h.run(humanGraph(t, S{"u", "human.url_redirect", map[string]any{
			"url": map[string]any{"type": "expr", "expr": map[string]any{"src": "'https://pay.example/' & __context__.order"}},
		}}), map[string]any{"order": "42"})
		if st.RuntimeStatus != completed {
			t.Fatalf("runtime status = %s", st.RuntimeStatus)
		}
	})
	t.Run("doc_upload needs its required documents", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.then(func() {
			h.update(UpdateCompleteStep, CompleteStepRequest{StepID: "d", Output: map[string]any{"id": "doc-1"}}, h.wantCode(interp.CodeOutputInvalid))
		})
		h.complete("d", map[string]any{"pan": map[string]any{"documentId": "doc-1"}})
		st := h.run(humanGraph(t, S{"d", "human.doc_upload", map[string]any{
			"documents": []any{map[string]any{"key": "pan", "name": "PAN", "required": true}, map[string]any{"key": "gst", "name": "GST"}},
		}}), nil)
		if st.RuntimeStatus != completed {
			t.Fatalf("runtime status = %s", st.RuntimeStatus)
		}
	})
}

func loopGraph(t *testing.T) json.RawMessage {
	t.Helper()
	return graph(t,
		[]S{{"start", "start", nil}, {"work", "human.confirm", nil}, {"again", "gateway.exclusive_split", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "work"}, {From: "work", To: "again"},
			{From: "again", To: "work", Cond: "__steps__.work.again = true"}, {From: "again", To: "end", Default: true}})
}

func TestRuleLoopIncrementsAttempt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for range 3 {
		h.complete("work", map[string]any{"again": true})
	}
	h.complete("work", map[string]any{"again": false})
	st := h.run(loopGraph(t), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	if a := st.Steps["work"].Attempt; a != 4 {
		t.Errorf("work attempt = %d, want 4", a)
	}
}

// A human task belongs to one attempt: once a loop has reopened the step, a completion that
// names the closed attempt is refused, and only the open attempt completes.
func TestRuleCompletionOfAClosedAttemptIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.then(func() {
		h.update(UpdateCompleteStep, CompleteStepRequest{StepID: "work", Attempt: 1, Output: map[string]any{"again": true}}, func(err error) {
			if err != nil {
				t.Errorf("completing attempt 1: %v", err)
			}
		})
	})
	h.then(func() {
		h.update(UpdateCompleteStep, CompleteStepRequest{StepID: "work", Attempt: 1, Output: map[string]any{"again": false}}, h.wantCode(interp.CodeStepNotOpen))
	})
	h.then(func() {
		h.update(UpdateCompleteStep, CompleteStepRequest{StepID: "work", Attempt: 2, Output: map[string]any{"again": false}}, func(err error) {
			if err != nil {
				t.Errorf("completing attempt 2: %v", err)
			}
		})
	})
	st := h.run(loopGraph(t), nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	if a := st.Steps["work"].Attempt; a != 2 {
		t.Errorf("work attempt = %d, want 2", a)
	}
}

func TestRuleLoopLimitFailsExecution(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for range 3 {
		h.complete("work", map[string]any{"again": true})
	}
	h.then(func() {
		h.update(UpdateCompleteStep, CompleteStepRequest{StepID: "work"}, h.wantCode(interp.CodeStepNotOpen))
	})
	st := h.runInput(Input{ExecutionID: "ex", Definition: loopGraph(t), LoopLimit: 3})
	if st.RuntimeStatus != failed || st.FailedAt == nil {
		t.Fatalf("runtime status = %s, failedAt = %v; want Failed", st.RuntimeStatus, st.FailedAt)
	}
	w := st.Steps["work"]
	if w.Status != failed || w.Error == nil || w.Error.Code != interp.CodeLoopLimit || w.Attempt != 3 {
		t.Errorf("work = %s attempt %d error %+v; want Failed at attempt 3 with %s", w.Status, w.Attempt, w.Error, interp.CodeLoopLimit)
	}
}

func TestRuleDefaultLoopLimitIs100(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for range 100 {
		h.complete("work", map[string]any{"again": true})
	}
	st := h.run(loopGraph(t), nil)
	if w := st.Steps["work"]; w.Status != failed || w.Attempt != 100 {
		t.Errorf("work = %s attempt %d; want Failed at attempt 100", w.Status, w.Attempt)
	}
}

// A condition that yields a non-boolean fails the gateway with the reason; once the data it
// reads is there, retrying the step resumes the execution without redoing completed steps.
func TestRuleFailureAndRetry(t *testing.T) {
	t.Parallel()
	def := graph(t,
		[]S{{"start", "start", nil}, {"split", "gateway.parallel_split", nil}, {"a", "human.confirm", nil},
			{"b", "human.confirm", nil}, {"decide", "gateway.exclusive_split", nil}, {"c", "human.confirm", nil},
			{"d", "human.confirm", nil}, {"join", "gateway.parallel_join", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "split"}, {From: "split", To: "a"}, {From: "split", To: "b"},
			{From: "a", To: "decide"},
			{From: "decide", To: "c", Cond: "$exists(__steps__.b) ? __steps__.b.ok : 'b is not done'"},
			{From: "decide", To: "d", Default: true},
			{From: "c", To: "join"}, {From: "d", To: "join"}, {From: "b", To: "join"}, {From: "join", To: "end"}})
	h := newHarness(t)
	h.then(func() { h.update(UpdateRetryStep, RetryStepRequest{StepID: "a"}, h.wantCode(interp.CodeStepNotFailed)) })
	h.complete("a", nil)
	h.then(func() {
		st := h.state()
		dec := st.Steps["decide"]
		if st.RuntimeStatus != failed || dec.Status != failed || dec.Error == nil || dec.Error.Code != "CONDITION_NOT_BOOLEAN" ||
			!strings.Contains(dec.Error.Message, "b is not done") {
			t.Errorf("after a: runtime %s, decide %s %+v; want both Failed with CONDITION_NOT_BOOLEAN naming the expression",
				st.RuntimeStatus, dec.Status, dec.Error)
		}
		h.checkOpen("b") // the other branch goes on
	})
	h.complete("b", map[string]any{"ok": true})
	h.then(func() {
		h.update(UpdateRetryStep, RetryStepRequest{StepID: "decide"}, func(err error) {
			if err != nil {
				t.Errorf("retrying decide: %v", err)
			}
		})
	})
	h.then(func() {
		st := h.state()
		if st.RuntimeStatus != inProgress || st.FailedAt != nil {
			t.Errorf("after retry: runtime %s failedAt %v, want InProgress", st.RuntimeStatus, st.FailedAt)
		}
		if a := st.Steps["a"].Attempt; a != 1 {
			t.Errorf("a ran %d times; a retry must not redo completed steps", a)
		}
		h.checkOpen("c")
	})
	h.complete("c", nil)
	st := h.run(def, nil)
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	wantStatus(t, st, map[string]definition.Status{"decide": completed, "d": notStarted, "join": completed})
	if st.Steps["decide"].Attempt != 1 {
		t.Errorf("decide attempt = %d, want 1 (a retry is not a loop)", st.Steps["decide"].Attempt)
	}
}

func TestRuleCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.complete("a", nil)
	st := h.run(graph(t, []S{{"start", "start", nil}, {"a", "human.confirm", nil}, {"b", "human.confirm", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "a"}, {From: "a", To: "b"}, {From: "b", To: "end"}}), nil)
	_ = st // the state before the cancellation; the cancellation's effect is in the projection
	if !h.env.IsWorkflowCompleted() {
		t.Fatal("workflow still running after cancel")
	}
	p := h.projector.last()
	if p.RuntimeStatus != cancelledS || p.Completed {
		t.Errorf("last projection = %+v, want runtime Cancelled, record not COMPLETED", p)
	}
}

func TestRuleStateQueryFieldNames(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.complete("a", map[string]any{"x": 1})
	h.then(func() {
		v, err := h.env.QueryWorkflow(QueryState)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := v.Get(&raw); err != nil {
			t.Fatal(err)
		}
		wantKeys(t, "state", raw, "id", "correlationId", "parentWorkflowExecutionId", "rootWorkflowExecutionId",
			"workflowTemplateVersionId", "runtimeStatus", "startedAt", "lastActivityAt", "context", "steps")
		steps := raw["steps"].(map[string]any)
		wantKeys(t, "step a", steps["a"].(map[string]any), "id", "type", "stepId", "status", "attempt", "startedAt", "completedAt", "outputData")
		wantKeys(t, "step b", steps["b"].(map[string]any), "id", "type", "stepId", "status", "attempt", "startedAt")
		wantKeys(t, "step end", steps["end"].(map[string]any), "id", "type", "stepId", "status", "attempt")
	})
	h.runInput(Input{ExecutionID: "ex", CorrelationID: "corr", VersionID: "v", ParentID: "p", RootID: "r",
		Definition: graph(t, []S{{"start", "start", nil}, {"a", "human.confirm", nil}, {"b", "human.confirm", nil}, {"end", "end", nil}},
			[]T{{From: "start", To: "a"}, {From: "a", To: "b"}, {From: "b", To: "end"}})})
}

func wantKeys(t *testing.T, what string, obj map[string]any, keys ...string) {
	t.Helper()
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Errorf("%s keys = %v, want %v", what, got, keys)
	}
}

// Expressions read Temporal's clock, not the machine's.
func TestRuleDeterministicClock(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.expectOpen("yes")
	h.run(graph(t,
		[]S{{"start", "start", nil}, {"x", "gateway.exclusive_split", nil}, {"yes", "human.confirm", nil}, {"no", "human.confirm", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "x"}, {From: "x", To: "yes", Cond: "$now() = '2026-01-02T03:04:05.000Z'"}, {From: "x", To: "no", Default: true},
			{From: "yes", To: "end"}, {From: "no", To: "end"}}), nil)
}
