package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

// start is the harness's workflow start time (newHarnessDeps).
var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// completeAs schedules completing a step as actor and fails the test if it is rejected.
func (h *harness) completeAs(stepID string, actor Actor, output any) {
	h.t.Helper()
	h.then(func() {
		h.update(UpdateCompleteStep, CompleteStepRequest{StepID: stepID, Output: output, Actor: actor}, func(err error) {
			if err != nil {
				h.t.Errorf("completing %s as %s: %v", stepID, actor.ID, err)
			}
		})
	})
}

// taskWant is what one step attempt's human task should hold; zero fields are not checked.
type taskWant struct {
	step        string
	attempt     int
	status      store.HumanTaskStatus
	assignee    string
	dueAt       time.Time
	completedBy string
	output      string
}

// wantTasks checks the human tasks of an execution's step attempts.
func wantTasks(t *testing.T, s store.Store, execID string, wants ...taskWant) {
	t.Helper()
	for _, w := range wants {
		got, err := s.GetHumanTaskByStep(context.Background(), execID, w.step, w.attempt)
		if err != nil {
			t.Errorf("task of %s attempt %d: %v", w.step, w.attempt, err)
			continue
		}
		if got.Status != w.status {
			t.Errorf("task of %s attempt %d is %s, want %s", w.step, w.attempt, got.Status, w.status)
		}
		if w.assignee != "" && got.Assignee != w.assignee {
			t.Errorf("task of %s: assignee %q, want %q", w.step, got.Assignee, w.assignee)
		}
		if !w.dueAt.IsZero() && (got.DueAt == nil || !got.DueAt.Equal(w.dueAt)) {
			t.Errorf("task of %s: dueAt %v, want %v", w.step, got.DueAt, w.dueAt)
		}
		if w.completedBy != "" && (got.CompletedBy == nil || *got.CompletedBy != w.completedBy) {
			t.Errorf("task of %s: completed by %v, want %s", w.step, got.CompletedBy, w.completedBy)
		}
		if w.output != "" && string(got.OutputData) != w.output {
			t.Errorf("task of %s: output %s, want %s", w.step, got.OutputData, w.output)
		}
		if w.status == store.HumanTaskCancelled && got.CancelledAt == nil {
			t.Errorf("cancelled task of %s has no cancelledAt", w.step)
		}
	}
}

// noTask checks that a step attempt has no human task.
func noTask(t *testing.T, s store.Store, execID, step string, attempt int) {
	t.Helper()
	if _, err := s.GetHumanTaskByStep(context.Background(), execID, step, attempt); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("task of %s attempt %d: %v, want none", step, attempt, err)
	}
}

// A human step's task opens with the step (assignee evaluated, due date from dueIn), is
// completed with the actor and output of the completion, and is cancelled with the execution.
func TestProjectionHumanTaskLifecycle(t *testing.T) {
	t.Parallel()
	s, execID := projectiontest.OpenStore(t)
	h := newHarness(t, projection.Persistence{Store: s})
	def := graph(t, []S{
		{"start", "start", nil},
		{"a", "human.confirm", map[string]any{"assignee": field("CONTEXT", "owner"), "dueIn": "PT2H"}},
		{"b", "human.confirm", map[string]any{"assignee": map[string]any{"type": "const", "value": "group:kyc"}}},
		{"end", "end", nil},
	}, []T{{From: "start", To: "a"}, {From: "a", To: "b"}, {From: "b", To: "end"}})
	h.then(func() {
		wantTasks(t, s, execID, taskWant{step: "a", attempt: 1, status: store.HumanTaskOpen, assignee: "ada", dueAt: start.Add(2 * time.Hour)})
		noTask(t, s, execID, "b", 1)
	})
	h.completeAs("a", Actor{ID: "ada"}, map[string]any{"ok": true})
	h.then(func() {
		wantTasks(t, s, execID,
			taskWant{step: "a", attempt: 1, status: store.HumanTaskCompleted, completedBy: "ada", output: `{"ok":true}`},
			taskWant{step: "b", attempt: 1, status: store.HumanTaskOpen, assignee: "group:kyc"})
	})
	// The harness cancels the execution once the script ran out.
	h.runInput(Input{ExecutionID: execID, Definition: def, Context: map[string]any{"owner": "ada"}})
	wantTasks(t, s, execID, taskWant{step: "b", attempt: 1, status: store.HumanTaskCancelled})
}

// END cancels the open step of another branch, and its task with it.
func TestProjectionEndCancelsOpenTasks(t *testing.T) {
	t.Parallel()
	s, execID := projectiontest.OpenStore(t)
	h := newHarness(t, projection.Persistence{Store: s})
	def := graph(t, []S{
		{"start", "start", nil}, {"p", "gateway.parallel_split", nil},
		{"x", "human.confirm", nil}, {"y", "human.confirm", nil}, {"end", "end", nil},
	}, []T{{From: "start", To: "p"}, {From: "p", To: "x"}, {From: "p", To: "y"}, {From: "x", To: "end"}})
	h.then(func() {
		wantTasks(t, s, execID, taskWant{step: "x", attempt: 1, status: store.HumanTaskOpen},
			taskWant{step: "y", attempt: 1, status: store.HumanTaskOpen})
	})
	h.completeAs("x", Actor{ID: "bob"}, nil)
	st := h.runInput(Input{ExecutionID: execID, Definition: def})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status %s, want Completed", st.RuntimeStatus)
	}
	wantTasks(t, s, execID, taskWant{step: "x", attempt: 1, status: store.HumanTaskCompleted, completedBy: "bob", output: `{}`},
		taskWant{step: "y", attempt: 1, status: store.HumanTaskCancelled})
}

// A rework loop opens a new task for the step's second attempt; the first stays completed.
func TestProjectionReworkLoopTasks(t *testing.T) {
	t.Parallel()
	s, execID := projectiontest.OpenStore(t)
	h := newHarness(t, projection.Persistence{Store: s})
	h.complete("prepare", nil)
	h.complete("review", map[string]any{"approved": false})
	h.then(func() {
		wantTasks(t, s, execID,
			taskWant{step: "prepare", attempt: 1, status: store.HumanTaskCompleted},
			taskWant{step: "review", attempt: 1, status: store.HumanTaskCompleted, output: `{"approved":false}`},
			taskWant{step: "prepare", attempt: 2, status: store.HumanTaskOpen})
		noTask(t, s, execID, "review", 2)
	})
	h.complete("prepare", nil)
	h.complete("review", map[string]any{"approved": true})
	h.complete("submit", nil)
	st := h.runInput(Input{ExecutionID: execID, Definition: example(t, "rework-loop")})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status %s, want Completed", st.RuntimeStatus)
	}
	wantTasks(t, s, execID,
		taskWant{step: "prepare", attempt: 2, status: store.HumanTaskCompleted},
		taskWant{step: "review", attempt: 2, status: store.HumanTaskCompleted},
		taskWant{step: "submit", attempt: 1, status: store.HumanTaskCompleted})
}
