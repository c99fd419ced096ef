package app

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// scriptedEngine answers Start with err and records the ids it was asked to start. The real
// engine runs in internal/api's tests, on the embedded Temporal server; this one reaches the
// answers a live server rarely gives on demand (down, refusing).
type scriptedEngine struct {
	mu         sync.Mutex
	err        error
	started    []string
	closed     map[string]*engine.Closure // Describe's answers
	terminated []string
}

func (s *scriptedEngine) Start(_ context.Context, in engine.Input) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.started = append(s.started, in.ExecutionID)
	}
	return s.err
}

func (s *scriptedEngine) State(context.Context, string) (*engine.State, error) {
	return nil, &engine.Error{Code: interp.CodeEngineUnavailable, Message: "down"}
}

func (s *scriptedEngine) CompleteStep(context.Context, string, string, int, any, engine.Actor) (*engine.StepState, error) {
	return nil, &engine.Error{Code: interp.CodeStepNotOpen, Message: "not open"}
}

func (s *scriptedEngine) RetryStep(context.Context, string, string) (*engine.StepState, error) {
	return nil, &engine.Error{Code: interp.CodeEngineUnavailable, Message: "down"}
}

func (s *scriptedEngine) Cancel(context.Context, string) error { return nil }

// Terminate records the termination and closes the workflow for Describe.
func (s *scriptedEngine) Terminate(_ context.Context, id, _ string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.terminated = append(s.terminated, id)
	if s.closed == nil {
		s.closed = map[string]*engine.Closure{}
	}
	s.closed[id] = &engine.Closure{Closed: true, Status: "Cancelled", ClosedAt: now()}
	return nil
}

// Describe answers the closure scripted for the id, else a running workflow.
func (s *scriptedEngine) Describe(_ context.Context, id string) (*engine.Closure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.closed[id]; ok {
		return c, nil
	}
	return &engine.Closure{}, nil
}

const confirmDefinition = `{"id":"wf","name":"W","steps":[{"id":"start","type":"start","name":"S"},` +
	`{"id":"ok","type":"human.confirm","name":"OK"},{"id":"end","type":"end","name":"E"}],"stepTransitions":[` +
	`{"id":"t1","fromStepId":"start","toStepId":"ok"},{"id":"t2","fromStepId":"ok","toStepId":"end"}]}`

// newScripted returns a Service over a fresh SQLite database with a published version.
func newScripted(t *testing.T) (*Service, *scriptedEngine, string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	eng := &scriptedEngine{}
	svc := New(st, nil, WithEngine(eng))
	tpl, err := svc.CreateTemplate(ctx, TemplateInput{Name: "T"})
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := svc.CreateVersion(ctx, tpl.ID, VersionInput{Version: "1.0.0", Definition: []byte(confirmDefinition)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, v.ID, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	return svc, eng, v.ID
}

func TestStartRecordsTheOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    error
		status store.ExecutionStatus
	}{
		{"acknowledged", nil, store.ExecutionStarted},
		{"Temporal down: left for the reconciler", &engine.Error{Code: interp.CodeEngineUnavailable, Message: "connection refused"}, store.ExecutionCreated},
		{"refused", &engine.Error{Code: interp.CodeStartRefused, Message: "input too large"}, store.ExecutionFailedToStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc, eng, versionID := newScripted(t)
			eng.err = tt.err
			ex, err := svc.StartExecution(context.Background(), StartInput{VersionID: versionID, Context: []byte(` {"a": 1} `)})
			if err != nil {
				t.Fatal(err)
			}
			if ex.Status != tt.status || string(ex.Context) != `{"a":1}` || ex.Name != "T" {
				t.Fatalf("started %+v, want %s with the compacted context, named after the template", ex, tt.status)
			}
			if tt.status == store.ExecutionFailedToStart && (ex.StatusReason == nil || *ex.StatusReason == "") {
				t.Fatal("FAILED_TO_START without a reason")
			}
			got, err := svc.GetExecution(context.Background(), ex.ID)
			if err != nil || got.Status != tt.status || got.Runtime != nil {
				t.Fatalf("GetExecution = %+v, %v; want the record without a runtime view (the engine is down)", got, err)
			}
		})
	}
}

// A pass over a row Temporal did not take: Pending while it stays down, Started once it answers,
// and nothing the pass after.
func TestReconcileRetriesUntilTemporalAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc, eng, versionID := newScripted(t)
	eng.err = &engine.Error{Code: interp.CodeEngineUnavailable, Message: "down"}
	ex, err := svc.StartExecution(ctx, StartInput{VersionID: versionID})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := svc.Reconcile(ctx, time.Hour); err != nil || res != (ReconcileResult{}) {
		t.Fatalf("a pass within the grace period = %+v, %v; want nothing done", res, err)
	}
	if res, err := svc.Reconcile(ctx, 0); err != nil || res != (ReconcileResult{Pending: 1}) {
		t.Fatalf("a pass while Temporal is down = %+v, %v; want 1 pending", res, err)
	}
	eng.err = nil
	if res, err := svc.Reconcile(ctx, 0); err != nil || res != (ReconcileResult{Started: 1}) {
		t.Fatalf("a pass once Temporal answers = %+v, %v; want 1 started", res, err)
	}
	if res, err := svc.Reconcile(ctx, 0); err != nil || res != (ReconcileResult{}) {
		t.Fatalf("the next pass = %+v, %v; want nothing done", res, err)
	}
	if len(eng.started) != 1 || eng.started[0] != ex.ID {
		t.Fatalf("engine started %v, want [%s] once", eng.started, ex.ID)
	}
}

func TestEngineErrorCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		code Code
	}{
		{&engine.Error{Code: interp.CodeStepNotOpen}, CodeStepNotOpen},
		{&engine.Error{Code: interp.CodeStepNotFound}, CodeStepNotFound},
		{&engine.Error{Code: interp.CodeStepNotHuman}, CodeStepNotHuman},
		{&engine.Error{Code: interp.CodeStepNotFailed}, CodeStepNotFailed},
		{&engine.Error{Code: interp.CodeNotAllowed}, CodeNotAllowed},
		{&engine.Error{Code: interp.CodeExecutionNotFound}, CodeExecutionNotRunning},
		{&engine.Error{Code: interp.CodeExecutionClosed}, CodeExecutionNotRunning},
		{&engine.Error{Code: interp.CodeEngineUnavailable, Message: "down"}, CodeEngineUnavailable},
		{context.DeadlineExceeded, CodeEngineUnavailable},
		{errors.New("something else"), ""},
	}
	for _, tt := range tests {
		if got := CodeOf(engineErr(tt.err, "doing")); got != tt.code {
			t.Errorf("engineErr(%v) code %q, want %q", tt.err, got, tt.code)
		}
	}
}

func TestOutputInvalidDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *engine.Error
		want []string
	}{
		{&engine.Error{Code: interp.CodeOutputInvalid, Message: "does not match", Details: []string{"at '/a': x", "at '/b': y"}}, []string{"at '/a': x", "at '/b': y"}},
		{&engine.Error{Code: interp.CodeOutputInvalid, Message: "step needs document \"id\""}, []string{"step needs document \"id\""}},
	}
	for _, tt := range tests {
		var e *Error
		if !errors.As(engineErr(tt.err, "doing"), &e) || e.Code != CodeOutputInvalid || !slices.Equal(e.Details, tt.want) {
			t.Errorf("engineErr(%v) = %+v, want output_invalid with details %q", tt.err, e, tt.want)
		}
	}
}
