package app

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/serviceerror"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// scriptedEngine answers Start with err and records the ids it was asked to start. The real
// engine runs in internal/api's tests, on the embedded Temporal server; this one reaches the
// answers a live server rarely gives on demand (down, refusing).
type scriptedEngine struct {
	mu      sync.Mutex
	err     error
	started []string
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
	return nil, serviceerror.NewUnavailable("down")
}

func (s *scriptedEngine) CompleteStep(context.Context, string, string, int, any, engine.Actor) (*engine.StepState, error) {
	return nil, &engine.Error{Code: engine.CodeStepNotOpen, Message: "not open"}
}

func (s *scriptedEngine) RetryStep(context.Context, string, string) (*engine.StepState, error) {
	return nil, serviceerror.NewUnavailable("down")
}

func (s *scriptedEngine) Cancel(context.Context, string) error { return nil }

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
		{"Temporal down: left for the reconciler", serviceerror.NewUnavailable("connection refused"), store.ExecutionCreated},
		{"refused", serviceerror.NewInvalidArgument("input too large"), store.ExecutionFailedToStart},
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
	eng.err = serviceerror.NewUnavailable("down")
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
		{&engine.Error{Code: engine.CodeStepNotOpen}, CodeStepNotOpen},
		{&engine.Error{Code: engine.CodeStepNotFound}, CodeStepNotFound},
		{&engine.Error{Code: engine.CodeStepNotHuman}, CodeStepNotHuman},
		{&engine.Error{Code: engine.CodeStepNotFailed}, CodeStepNotFailed},
		{&engine.Error{Code: engine.CodeNotAllowed}, CodeNotAllowed},
		{&engine.Error{Code: engine.CodeExecutionNotFound}, CodeExecutionNotRunning},
		{&engine.Error{Code: engine.CodeExecutionClosed}, CodeExecutionNotRunning},
		{serviceerror.NewUnavailable("down"), CodeEngineUnavailable},
		{context.DeadlineExceeded, CodeEngineUnavailable},
		{errors.New("something else"), ""},
	}
	for _, tt := range tests {
		if got := CodeOf(engineErr(tt.err, "doing")); got != tt.code {
			t.Errorf("engineErr(%v) code %q, want %q", tt.err, got, tt.code)
		}
	}
}

func TestSchemaErrors(t *testing.T) {
	t.Parallel()
	msg := "output of step \"x\" does not match its schema: jsonschema validation failed with 'mem:///x#'\n" +
		"- at '/verified': got string, want boolean\n  - at '/n': minimum 1"
	got := schemaErrors(msg)
	if len(got) != 2 || got[0] != "at '/verified': got string, want boolean" || got[1] != "at '/n': minimum 1" {
		t.Fatalf("schemaErrors = %q", got)
	}
	if got := schemaErrors("step needs document \"id\""); len(got) != 1 || got[0] != "step needs document \"id\"" {
		t.Fatalf("a one-line message = %q", got)
	}
}

func TestStartContextMustBeAnObject(t *testing.T) {
	t.Parallel()
	svc, _, versionID := newScripted(t)
	for _, c := range []string{`[1]`, `"x"`, `1`, `{"a":`, "{\"a\": \"\\u0000\"}"} {
		if _, err := svc.StartExecution(context.Background(), StartInput{VersionID: versionID, Context: []byte(c)}); CodeOf(err) != CodeInvalidRequest {
			t.Errorf("context %s: %v, want invalid_request", c, err)
		}
	}
}

func TestNoEngine(t *testing.T) {
	t.Parallel()
	svc, _, versionID := newScripted(t)
	svc.engine = nil
	if _, err := svc.StartExecution(context.Background(), StartInput{VersionID: versionID}); CodeOf(err) != CodeEngineUnavailable {
		t.Fatalf("start without an engine: %v", err)
	}
	if _, err := svc.Reconcile(context.Background(), 0); CodeOf(err) != CodeEngineUnavailable {
		t.Fatalf("reconcile without an engine: %v", err)
	}
}
