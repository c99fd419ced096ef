package interp

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
)

// event is one input to a machine: what the workflow hands it.
type event func(t *testing.T, m *Machine, now *time.Time)

func complete(stepID string, output any, actor Actor) event {
	return func(t *testing.T, m *Machine, now *time.Time) {
		t.Helper()
		var sc Schemas
		out, err := m.CheckCompletion(&sc, CompleteStepRequest{StepID: stepID, Output: output, Actor: actor})
		if err != nil {
			t.Fatalf("completing %s: %v", stepID, err)
		}
		m.CompleteHuman(stepID, out, actor.ID)
	}
}

func retry(stepID string) event {
	return func(t *testing.T, m *Machine, _ *time.Time) {
		t.Helper()
		if err := m.CheckRetry(RetryStepRequest{StepID: stepID}); err != nil {
			t.Fatalf("retrying %s: %v", stepID, err)
		}
		m.Retry(stepID)
	}
}

func later(d time.Duration) event {
	return func(_ *testing.T, _ *Machine, now *time.Time) { *now = now.Add(d) }
}

// childDone answers the one pending child request with a final context.
func childDone(ctx map[string]any) event {
	return func(t *testing.T, m *Machine, _ *time.Time) {
		t.Helper()
		reqs := m.TakeChildren()
		if len(reqs) != 1 {
			t.Fatalf("%d child requests, want 1", len(reqs))
		}
		m.ChildStarted(reqs[0], "child-1")
		m.ChildRunning(reqs[0], "child-1", nil)
		m.ChildDone(reqs[0], "child-1", &ChildResult{Single: &State{ID: "child-1", Context: ctx}}, nil)
	}
}

var (
	human = func(id string, extra map[string]any) S { return S{id, "human.confirm", extra} }
	ada   = Actor{ID: "ada"}
)

// TestTransitions drives the machine directly: a definition and a list of events in, the
// steps' statuses, the execution's status and the emitted effects out.
func TestTransitions(t *testing.T) {
	t.Parallel()
	linear := func(mid ...S) []S {
		return append(append([]S{{"start", "start", nil}}, mid...), S{"end", "end", nil})
	}
	tests := []struct {
		name    string
		steps   []S
		trans   []T
		events  []event
		want    map[string]definition.Status
		runtime definition.Status
		check   func(t *testing.T, m *Machine)
	}{
		{
			name: "start fires at once and opens the human step", steps: linear(human("a", nil)),
			trans: []T{{From: "start", To: "a"}, {From: "a", To: "end"}},
			want:  map[string]definition.Status{"start": "Completed", "a": "InProgress", "end": "NotStarted"}, runtime: "InProgress",
			check: func(t *testing.T, m *Machine) {
				changes, _ := m.TakeChanges(0)
				if len(changes) != 1 || changes[0].StepID != "a" || changes[0].Status != "InProgress" {
					t.Errorf("journal %+v, want a InProgress", changes)
				}
			},
		},
		{
			name: "a completion routes to END, which completes the execution", steps: linear(human("a", nil)),
			trans:  []T{{From: "start", To: "a"}, {From: "a", To: "end"}},
			events: []event{complete("a", map[string]any{"ok": true}, ada)},
			want:   map[string]definition.Status{"a": "Completed", "end": "Completed"}, runtime: "Completed",
			check: func(t *testing.T, m *Machine) {
				if !m.Completed() || m.State().Steps["a"].CompletedBy != "ada" {
					t.Errorf("completed %v by %q", m.Completed(), m.State().Steps["a"].CompletedBy)
				}
			},
		},
		{
			name:  "an exclusive split takes its first true transition; the other path is dead",
			steps: linear(S{"x", "gateway.exclusive_split", nil}, human("b", nil), human("c", nil)),
			trans: []T{{From: "start", To: "x"}, {From: "x", To: "b", Cond: "1 = 1"}, {From: "x", To: "c", Cond: "true"},
				{From: "b", To: "end"}, {From: "c", To: "end"}},
			want: map[string]definition.Status{"x": "Completed", "b": "InProgress", "c": "NotStarted"}, runtime: "InProgress",
		},
		{
			name:  "the default transition fires when no condition holds",
			steps: linear(S{"x", "gateway.inclusive_split", nil}, human("b", nil), human("c", nil)),
			trans: []T{{From: "start", To: "x"}, {From: "x", To: "b", Cond: "false"}, {From: "x", To: "c", Default: true},
				{From: "b", To: "end"}, {From: "c", To: "end"}},
			want: map[string]definition.Status{"b": "NotStarted", "c": "InProgress"}, runtime: "InProgress",
		},
		{
			name:   "a parallel join waits for every branch",
			steps:  linear(S{"p", "gateway.parallel_split", nil}, human("a", nil), human("b", nil), S{"j", "gateway.parallel_join", nil}),
			trans:  []T{{From: "start", To: "p"}, {From: "p", To: "a"}, {From: "p", To: "b"}, {From: "a", To: "j"}, {From: "b", To: "j"}, {From: "j", To: "end"}},
			events: []event{complete("a", nil, ada)},
			want:   map[string]definition.Status{"a": "Completed", "b": "InProgress", "j": "NotStarted"}, runtime: "InProgress",
		},
		{
			name:   "END cancels the steps still open",
			steps:  linear(S{"p", "gateway.parallel_split", nil}, human("a", nil), human("b", nil)),
			trans:  []T{{From: "start", To: "p"}, {From: "p", To: "a"}, {From: "p", To: "b"}, {From: "a", To: "end"}},
			events: []event{complete("a", nil, ada)},
			want:   map[string]definition.Status{"a": "Completed", "b": "Cancelled", "end": "Completed"}, runtime: "Completed",
		},
		{
			name: "onArrival Disabled skips the step as if it completed", steps: linear(human("a", nil), human("b", nil)),
			trans: []T{{From: "start", To: "a", OnArrival: "Disabled"}, {From: "a", To: "b"}, {From: "b", To: "end"}},
			want:  map[string]definition.Status{"a": "Disabled", "b": "InProgress"}, runtime: "InProgress",
		},
		{
			name:  "a condition that is not boolean fails the step and the execution",
			steps: linear(S{"x", "gateway.exclusive_split", nil}, human("b", nil)),
			trans: []T{{From: "start", To: "x"}, {From: "x", To: "b", Cond: "'yes'"}, {From: "b", To: "end"}},
			want:  map[string]definition.Status{"x": "Failed", "b": "NotStarted"}, runtime: "Failed",
			check: func(t *testing.T, m *Machine) {
				if e := m.State().Steps["x"].Error; e == nil || e.Code != "CONDITION_NOT_BOOLEAN" {
					t.Errorf("error %+v, want CONDITION_NOT_BOOLEAN", e)
				}
			},
		},
		{
			name:   "a retry re-runs a failed step without counting an attempt",
			steps:  linear(S{"x", "gateway.exclusive_split", nil}, human("b", nil)),
			trans:  []T{{From: "start", To: "x"}, {From: "x", To: "b", Cond: "'yes'"}, {From: "b", To: "end"}},
			events: []event{retry("x")},
			want:   map[string]definition.Status{"x": "Failed"}, runtime: "Failed",
			check: func(t *testing.T, m *Machine) {
				if a := m.State().Steps["x"].Attempt; a != 1 {
					t.Errorf("attempt %d after a retry, want 1", a)
				}
			},
		},
		{
			name:   "a loop counts attempts",
			steps:  linear(human("a", nil), S{"x", "gateway.exclusive_split", nil}),
			trans:  []T{{From: "start", To: "a"}, {From: "a", To: "x"}, {From: "x", To: "a", Cond: "__steps__.a.again"}, {From: "x", To: "end", Default: true}},
			events: []event{complete("a", map[string]any{"again": true}, ada), complete("a", map[string]any{"again": true}, ada)},
			want:   map[string]definition.Status{"a": "InProgress", "x": "Completed"}, runtime: "InProgress",
			check: func(t *testing.T, m *Machine) {
				if a := m.State().Steps["a"].Attempt; a != 3 {
					t.Errorf("attempt %d, want 3", a)
				}
			},
		},
		{
			name: "dueIn dates the step from its start", steps: linear(human("a", map[string]any{"dueIn": "P1.5D", "assignee": map[string]any{"type": "const", "value": "group:kyc"}})),
			trans: []T{{From: "start", To: "a"}, {From: "a", To: "end"}},
			want:  map[string]definition.Status{"a": "InProgress"}, runtime: "InProgress",
			check: func(t *testing.T, m *Machine) {
				st := m.State().Steps["a"]
				if st.DueAt == nil || !st.DueAt.Equal(start.Add(36*time.Hour)) || st.Assignee != "group:kyc" {
					t.Errorf("dueAt %v assignee %q, want start + 36h and group:kyc", st.DueAt, st.Assignee)
				}
			},
		},
		{
			name:   "a sub-workflow step asks for its child, and completes with its context",
			steps:  linear(S{"sub", "sys.sub_workflow", map[string]any{"mode": "SINGLE", "childWorkflowTemplateVersionId": "v1"}}),
			trans:  []T{{From: "start", To: "sub"}, {From: "sub", To: "end"}},
			events: []event{later(time.Minute), childDone(map[string]any{"n": 1.0})},
			want:   map[string]definition.Status{"sub": "Completed", "end": "Completed"}, runtime: "Completed",
			check: func(t *testing.T, m *Machine) {
				st := m.State().Steps["sub"]
				if !reflect.DeepEqual(st.OutputData, map[string]any{"n": 1.0}) || len(st.ChildWorkflowExecutions) != 1 ||
					!st.CompletedAt.Equal(start.Add(time.Minute)) {
					t.Errorf("sub = %+v", st)
				}
			},
		},
		{
			name: "a sub-workflow step with a data source asks for the fetch first",
			steps: linear(S{"sub", "sys.sub_workflow", map[string]any{"mode": "SINGLE", "childWorkflowTemplateVersionId": "v1",
				"dataSources": []any{map[string]any{"id": "c1", "alias": "co", "type": "COMMENDA_LOGICAL_BACKEND", "dataSourceID": "ds1",
					"params": map[string]any{"n": map[string]any{"type": "const", "value": 7}}}}}}),
			trans: []T{{From: "start", To: "sub"}, {From: "sub", To: "end"}},
			want:  map[string]definition.Status{"sub": "InProgress"}, runtime: "InProgress",
			check: func(t *testing.T, m *Machine) {
				if len(m.TakeChildren()) != 0 {
					t.Error("a child was asked for before the data source answered")
				}
				fetches := m.TakeFetches()
				if len(fetches) != 1 || len(fetches[0].Calls) != 1 || fetches[0].Calls[0].Call.DataSourceID != "ds1" ||
					!reflect.DeepEqual(fetches[0].Calls[0].Params, map[string]any{"n": 7.0}) {
					t.Fatalf("fetches %+v", fetches)
				}
				m.FetchDone(fetches[0], []any{map[string]any{"ok": true}})
				if reqs := m.TakeChildren(); len(reqs) != 1 || reqs[0].VersionID != "v1" || reqs[0].IsBatch {
					t.Errorf("after the fetch: child requests %+v", reqs)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := start
			m := machine(t, graph(t, tt.steps, tt.trans), &now)
			for _, ev := range tt.events {
				ev(t, m, &now)
			}
			for id, want := range tt.want {
				if got := m.State().Steps[id].Status; got != want {
					t.Errorf("step %s is %s, want %s", id, got, want)
				}
			}
			if got := m.State().RuntimeStatus; got != tt.runtime {
				t.Errorf("runtime status %s, want %s", got, tt.runtime)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

// TestCompletionIsValidated covers the validator of a completion: each refusal has its code and
// changes nothing.
func TestCompletionIsValidated(t *testing.T) {
	t.Parallel()
	form := map[string]any{"type": "object", "required": []any{"n"}, "properties": map[string]any{"n": map[string]any{"type": "number", "minimum": 1}}}
	raw := graph(t, []S{{"start", "start", nil}, {"a", "human.form", map[string]any{"form": form, "assignee": map[string]any{"type": "const", "value": "ada"}}},
		{"g", "gateway.parallel_split", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "a"}, {From: "a", To: "end"}})
	tests := []struct {
		name    string
		req     CompleteStepRequest
		code    Code
		details []string
	}{
		{"unknown step", CompleteStepRequest{StepID: "zz", Actor: ada}, CodeStepNotFound, nil},
		{"not a human step", CompleteStepRequest{StepID: "g", Actor: ada}, CodeStepNotHuman, nil},
		{"someone else", CompleteStepRequest{StepID: "a", Output: map[string]any{"n": 2}, Actor: Actor{ID: "bob"}}, CodeNotAllowed, nil},
		{"a closed attempt", CompleteStepRequest{StepID: "a", Attempt: 2, Output: map[string]any{"n": 2}, Actor: ada}, CodeStepNotOpen, nil},
		{"not an object", CompleteStepRequest{StepID: "a", Output: []any{1}, Actor: ada}, CodeOutputInvalid, nil},
		{"schema failures come as details", CompleteStepRequest{StepID: "a", Output: map[string]any{"n": 0, "m": "x"}, Actor: ada},
			CodeOutputInvalid, []string{"at '/n': minimum: got 0, want 1"}},
		{"an admin may", CompleteStepRequest{StepID: "a", Output: map[string]any{"n": 2}, Actor: Actor{ID: "root", Admin: true}}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := start
			m := machine(t, raw, &now)
			var sc Schemas
			_, err := m.CheckCompletion(&sc, tt.req)
			switch {
			case tt.code == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.code != "" && (err == nil || err.Code != tt.code):
				t.Fatalf("error %v, want %s", err, tt.code)
			case tt.details != nil && !reflect.DeepEqual(err.Details, tt.details):
				t.Errorf("details %q, want %q", err.Details, tt.details)
			}
			if m.State().Steps["a"].Status != "InProgress" {
				t.Error("the validator changed the step")
			}
		})
	}
}

// TestImportsNoIO keeps the interpreter pure: none of its dependencies is Temporal, the store
// or the network.
func TestImportsNoIO(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || deps[len(deps)-1] != "github.com/workflowbuilder/wfb/internal/engine/interp" {
		t.Fatalf("go list -deps did not list the package's dependencies: %q", deps)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "go.temporal.io/") || strings.HasPrefix(d, "google.golang.org/grpc") ||
			strings.Contains(d, "/internal/store") || strings.HasPrefix(d, "net/http") || d == "net" ||
			d == "database/sql" || d == "os/exec" {
			t.Errorf("the interpreter depends on %s", d)
		}
	}
}

// TestCodesAreListedAndDocumented keeps the code set a contract: each code once, each in the
// engine's documentation.
func TestCodesAreListedAndDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "engine.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Code]bool{}
	for _, c := range Codes {
		if seen[c] {
			t.Errorf("code %s is listed twice", c)
		}
		seen[c] = true
		if !strings.Contains(string(doc), "`"+string(c)+"`") {
			t.Errorf("code %s is not in docs/engine.md", c)
		}
	}
}
