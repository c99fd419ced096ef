package engine

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// harness runs one execution in the SDK's test environment, with actions scheduled one
// simulated minute apart so that each sees the effects of the one before.
type harness struct {
	t         *testing.T
	env       *testsuite.TestWorkflowEnvironment
	projector *recorder
	next      time.Duration
}

// newHarness registers the engine with a recording projector, or with projector when given.
func newHarness(t *testing.T, projector ...Projector) *harness {
	t.Helper()
	if len(projector) > 0 {
		return newHarnessDeps(t, Deps{Projector: projector[0]})
	}
	return newHarnessDeps(t, Deps{})
}

// newHarnessDeps registers the engine with deps; a nil Projector becomes a recorder.
func newHarnessDeps(t *testing.T, deps Deps) *harness {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	rec := &recorder{}
	if deps.Projector == nil {
		deps.Projector = rec
	}
	Register(env, deps)
	// A rolling BATCH coordinator asks its children to cancel by an explicit request. The test
	// environment carries one out only for a child it still runs; to any other (a child that
	// already closed) the server answers an error the coordinator ignores, and this stands in.
	env.OnRequestCancelExternalWorkflow(mock.Anything, mock.Anything, mock.Anything).
		Return(errors.New("the workflow is not running")).Maybe()
	return &harness{t: t, env: env, projector: rec}
}

// then schedules fn after the previous action.
func (h *harness) then(fn func()) {
	h.next += time.Minute
	h.env.RegisterDelayedCallback(fn, h.next)
}

// complete schedules completing a step and fails the test if it is rejected.
func (h *harness) complete(stepID string, output any) {
	h.t.Helper()
	h.then(func() {
		h.update(UpdateCompleteStep, CompleteStepRequest{StepID: stepID, Output: output}, func(err error) {
			if err != nil {
				h.t.Errorf("completing %s: %v", stepID, err)
			}
		})
	})
}

// update sends an update now; check gets its rejection or failure as an *Error, or nil. The
// test environment answers asynchronously, so the check runs later within the same run.
func (h *harness) update(name string, arg any, check func(error)) {
	h.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
		OnReject:   func(err error) { check(fromTemporal(err)) },
		OnAccept:   func() {},
		OnComplete: func(_ any, err error) { check(fromTemporal(err)) },
	}, arg)
}

// wantCode returns a check that expects a rejection with code.
func (h *harness) wantCode(code interp.Code) func(error) {
	return func(err error) {
		h.t.Helper()
		var e *Error
		if !errors.As(err, &e) || e.Code != code {
			h.t.Errorf("got %v, want an error with code %s", err, code)
		}
	}
}

// expectOpen schedules a check that exactly these human steps are open.
func (h *harness) expectOpen(stepIDs ...string) {
	h.t.Helper()
	h.then(func() { h.checkOpen(stepIDs...) })
}

func (h *harness) checkOpen(stepIDs ...string) {
	h.t.Helper()
	st := h.state()
	want := map[string]bool{}
	for _, id := range stepIDs {
		want[id] = true
	}
	for id, s := range st.Steps {
		if interp.IsOpen(s.Status) != want[id] {
			h.t.Errorf("step %s is %s; want open=%v (expected open: %v)", id, s.Status, want[id], stepIDs)
		}
	}
}

func (h *harness) state() *State {
	h.t.Helper()
	v, err := h.env.QueryWorkflow(QueryState)
	if err != nil {
		h.t.Fatalf("querying state: %v", err)
	}
	var st State
	if err := v.Get(&st); err != nil {
		h.t.Fatalf("decoding state: %v", err)
	}
	return &st
}

// run executes the definition with the context and returns the final state; a workflow that
// is still waiting at the end of the script is cancelled, and its last state is returned.
func (h *harness) run(def json.RawMessage, ctx map[string]any) *State {
	h.t.Helper()
	return h.runInput(Input{ExecutionID: "ex-1", VersionID: "v-1", Definition: def, Context: ctx})
}

func (h *harness) runInput(in Input) *State {
	h.t.Helper()
	var last *State
	h.then(func() {
		last = h.state()
		h.env.CancelWorkflow()
	})
	h.env.ExecuteWorkflow(WorkflowName, in)
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("workflow did not finish")
	}
	err := h.env.GetWorkflowError()
	var canceled *temporal.CanceledError
	switch {
	case err == nil:
		var st State
		if err := h.env.GetWorkflowResult(&st); err != nil {
			h.t.Fatalf("decoding result: %v", err)
		}
		return &st
	case errors.As(err, &canceled):
		return last
	default:
		h.t.Fatalf("workflow failed: %v", err)
		return nil
	}
}

// recorder is an in-memory Projector.
type recorder struct {
	mu  sync.Mutex
	all []Projection
}

func (r *recorder) Project(_ context.Context, p Projection) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = append(r.all, p)
	return nil
}

func (r *recorder) last() Projection {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.all) == 0 {
		return Projection{}
	}
	return r.all[len(r.all)-1]
}

func example(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// S and T build small definitions for rule tests.
type S struct {
	ID, Type string
	Extra    map[string]any
}

type T struct {
	From, To  string
	Cond      string
	Default   bool
	OnArrival definition.Status
}

func graph(t *testing.T, steps []S, trans []T) json.RawMessage {
	t.Helper()
	doc := map[string]any{"id": "test", "name": "test"}
	var ss, ts []map[string]any
	for _, s := range steps {
		m := map[string]any{"id": s.ID, "type": s.Type, "name": s.ID}
		for k, v := range s.Extra {
			m[k] = v
		}
		ss = append(ss, m)
	}
	for _, tr := range trans {
		m := map[string]any{"id": tr.From + ">" + tr.To, "fromStepId": tr.From, "toStepId": tr.To}
		if tr.Cond != "" {
			m["condition"] = map[string]any{"type": "jsonata", "src": tr.Cond}
		}
		if tr.Default {
			m["isDefault"] = true
		}
		if tr.OnArrival != "" {
			m["onArrival"] = map[string]any{"status": tr.OnArrival}
		}
		ts = append(ts, m)
	}
	doc["steps"], doc["stepTransitions"] = ss, ts
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantStatus(t *testing.T, st *State, want map[string]definition.Status) {
	t.Helper()
	for id, w := range want {
		s, ok := st.Steps[id]
		if !ok {
			t.Errorf("no step %s in state", id)
			continue
		}
		if s.Status != w {
			t.Errorf("step %s status = %s, want %s", id, s.Status, w)
		}
	}
}
