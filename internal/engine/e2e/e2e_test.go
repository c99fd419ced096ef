package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
)

var (
	record = flag.Bool("record", false, "write the histories of the example runs to ../testdata/histories")
	// recordSuffix keeps the histories of an earlier build: a change that gives running
	// executions a new path (behind workflow.GetVersion) records the new path's histories beside
	// the old ones, so the replay test keeps covering executions started before it.
	recordSuffix = flag.String("record-suffix", "", "with -record: append this to each history's file name")
)

const childEnv = "WFB_E2E_DEVSERVER_CHILD"

// server is the embedded Temporal server shared by the package's tests.
var server *devserver.Server

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(devserver.RunChild(os.Args[2:], os.Stdin, os.Stderr))
	}
	if os.Getenv(workerEnv) != "" {
		os.Exit(runWorkerProcess())
	}
	flag.Parse()
	dir, err := os.MkdirTemp("", "wfb-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	server, err = devserver.Start(context.Background(), devserver.Options{
		DataDir: dir,
		Command: []string{os.Args[0], devserver.ChildCommand},
		Env:     []string{childEnv + "=1"},
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = server.Stop()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// connect dials the server and runs an engine worker on a task queue of the test's own.
func connect(t *testing.T) (client.Client, *engine.Client) {
	t.Helper()
	return connectWith(t, engine.Deps{})
}

func connectWith(t testing.TB, deps engine.Deps) (client.Client, *engine.Client) {
	t.Helper()
	c, err := client.Dial(client.Options{
		HostPort:  server.Address(),
		Namespace: server.Namespace(),
		Logger:    quietLogger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	tq := "e2e-" + t.Name()
	deps.TaskQueue = tq
	w := engine.NewWorker(c, deps)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return c, engine.NewClient(c, tq)
}

func quietLogger() sdklog.Logger { return sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)) }

func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// waitFor polls the execution's state until cond holds.
func waitFor(t *testing.T, ec *engine.Client, id, what string, cond func(*engine.State) bool) *engine.State {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		st, err := ec.State(ctx, id)
		if err == nil && cond(st) {
			return st
		}
		if ctx.Err() != nil {
			t.Fatalf("execution %s: waiting for %s: last state %+v, error %v", id, what, st, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func isOpen(st *engine.State, stepID string) bool {
	s := st.Steps[stepID]
	return s != nil && (s.Status == definition.StatusInProgress || s.Status == definition.StatusActionRequired)
}

type action struct {
	step   string
	output any
}

// scenario runs one example: each action waits for its step to open and completes it.
func scenario(t *testing.T, c client.Client, ec *engine.Client, id, file string, ctxIn map[string]any, actions []action) *engine.State {
	t.Helper()
	ctx := context.Background()
	if err := ec.Start(ctx, engine.Input{ExecutionID: id, VersionID: "v-" + file, Definition: example(t, file), Context: ctxIn}); err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		waitFor(t, ec, id, a.step+" open", func(st *engine.State) bool { return isOpen(st, a.step) })
		if _, err := ec.CompleteStep(ctx, id, a.step, 0, a.output, engine.Actor{ID: "tester"}); err != nil {
			t.Fatalf("completing %s: %v", a.step, err)
		}
	}
	var final engine.State
	if err := c.GetWorkflow(ctx, id, "").Get(ctx, &final); err != nil {
		t.Fatalf("execution %s: %v", id, err)
	}
	if *record {
		saveHistoryAs(t, c, id, id)
	}
	return &final
}

func saveHistoryAs(t *testing.T, c client.Client, id, name string) {
	t.Helper()
	saveRunHistoryAs(t, c, id, "", name)
}

// saveRunHistoryAs is saveHistoryAs for one run of the workflow (runID "": the current one).
func saveRunHistoryAs(t *testing.T, c client.Client, id, runID, name string) {
	t.Helper()
	ctx := context.Background()
	var hist historypb.History
	it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		hist.Events = append(hist.Events, ev)
	}
	b, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(&hist)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "testdata", "histories", name+*recordSuffix+".json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExamplesOnEmbeddedServer(t *testing.T) {
	c, ec := connect(t)
	for _, tc := range []struct {
		id, file string
		ctx      map[string]any
		actions  []action
		skipped  []string
	}{
		{"linear-confirm", "linear-confirm", nil, []action{{"verify", map[string]any{"verified": true}}}, nil},
		{"exclusive-approval-yes", "exclusive-approval", nil,
			[]action{{"review", map[string]any{"approved": true}}, {"file", nil}, {"archive", nil}}, []string{"fix"}},
		{"exclusive-approval-no", "exclusive-approval", nil,
			[]action{{"review", map[string]any{"approved": false}}, {"fix", nil}, {"archive", nil}}, []string{"file"}},
		{"inclusive-onboarding-new", "inclusive-onboarding", map[string]any{"customer": map[string]any{"isNew": true, "tier": "premium"}},
			[]action{{"welcome", nil}, {"perks", nil}}, []string{"standard"}},
		{"inclusive-onboarding-returning", "inclusive-onboarding", map[string]any{"customer": map[string]any{"isNew": false, "tier": "basic"}},
			[]action{{"standard", nil}}, []string{"welcome", "perks"}},
		{"rework-loop", "rework-loop", nil,
			[]action{{"prepare", nil}, {"review", map[string]any{"approved": false}}, {"prepare", nil},
				{"review", map[string]any{"approved": true}}, {"submit", nil}}, nil},
		{"parallel-documents", "parallel-documents", nil,
			[]action{{"photo", nil}, {"pan", nil}, {"address", nil}, {"approve", nil}}, nil},
	} {
		t.Run(tc.id, func(t *testing.T) {
			st := scenario(t, c, ec, tc.id, tc.file, tc.ctx, tc.actions)
			if st.RuntimeStatus != definition.StatusCompleted {
				t.Fatalf("runtime status = %s", st.RuntimeStatus)
			}
			for _, id := range tc.skipped {
				if s := st.Steps[id]; s.Status != definition.StatusNotStarted {
					t.Errorf("step %s = %s, want NotStarted (branch not taken)", id, s.Status)
				}
			}
		})
	}
}

func TestRejectedCompletionLeavesExecutionWaiting(t *testing.T) {
	_, ec := connect(t)
	ctx := context.Background()
	id := "rejected-" + time.Now().Format("150405.000000")
	if err := ec.Start(ctx, engine.Input{ExecutionID: id, Definition: example(t, "linear-confirm")}); err != nil {
		t.Fatal(err)
	}
	// Starting again with the same id is not an error and starts nothing new.
	if err := ec.Start(ctx, engine.Input{ExecutionID: id, Definition: example(t, "linear-confirm")}); err != nil {
		t.Fatalf("second start: %v", err)
	}
	waitFor(t, ec, id, "verify open", func(st *engine.State) bool { return isOpen(st, "verify") })
	_, err := ec.CompleteStep(ctx, id, "verify", 0, map[string]any{"verified": "yes"}, engine.Actor{ID: "tester"})
	var e *engine.Error
	if !errors.As(err, &e) || e.Code != interp.CodeOutputInvalid {
		t.Fatalf("completing with a bad output: %v, want %s", err, interp.CodeOutputInvalid)
	}
	if err := ec.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, ec, id, "cancelled", func(st *engine.State) bool { return st.RuntimeStatus == definition.StatusCancelled })
	if s := st.Steps["verify"]; s.Status != definition.StatusCancelled {
		t.Errorf("verify = %s after cancel, want Cancelled", s.Status)
	}
	if _, err := ec.State(ctx, "no-such-execution"); !errors.As(err, &e) || e.Code != interp.CodeExecutionNotFound {
		t.Errorf("state of an unknown execution: %v, want %s", err, interp.CodeExecutionNotFound)
	}
}

// A SINGLE sub-workflow on the real server: the child runs as a Temporal child workflow with
// its own row, and its history is recorded for the replay test.
func TestSubWorkflowSingleOnEmbeddedServer(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wfb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	childVersion := createVersion(t, s, "Confirm Child", example(t, "linear-confirm"))
	parentDef := []byte(`{"id": "p", "name": "Parent", "steps": [
		{"id": "start", "type": "start", "name": "Start"},
		{"id": "sub", "type": "sys.sub_workflow", "name": "Child", "mode": "SINGLE",
		 "childWorkflowTemplateVersionId": "` + childVersion + `",
		 "inputMapping": [{"targetPath": "who", "value": {"type": "field", "ref": {"source": "CONTEXT", "path": "who"}}}],
		 "contextProjection": [{"targetPath": "verified", "value": {"type": "expr", "expr": {"src": "__steps__.sub.who = 'asha'"}}}]},
		{"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "sub"}, {"id": "t2", "fromStepId": "sub", "toStepId": "end"}]}`)
	parentVersion := createVersion(t, s, "Parent", parentDef)
	parentID := id.New()
	if err := s.CreateExecution(ctx, &store.Execution{ID: parentID, Name: "parent", VersionID: parentVersion,
		Context: []byte(`{"who":"asha"}`), Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted}); err != nil {
		t.Fatal(err)
	}
	p := projection.Persistence{Store: s}
	c, ec := connectWith(t, engine.Deps{Projector: p, Children: p})
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: parentVersion, Definition: parentDef,
		Context: map[string]any{"who": "asha"}}); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, ec, parentID, "a child", func(st *engine.State) bool { return len(st.Steps["sub"].ChildWorkflowExecutions) == 1 })
	childID := st.Steps["sub"].ChildWorkflowExecutions[0].ID
	waitFor(t, ec, childID, "verify open", func(st *engine.State) bool { return isOpen(st, "verify") })
	if _, err := ec.CompleteStep(ctx, childID, "verify", 0, map[string]any{"verified": true}, engine.Actor{ID: "tester"}); err != nil {
		t.Fatal(err)
	}
	var final engine.State
	if err := c.GetWorkflow(ctx, parentID, "").Get(ctx, &final); err != nil {
		t.Fatal(err)
	}
	if final.RuntimeStatus != definition.StatusCompleted || final.Context["verified"] != true {
		t.Fatalf("parent = %s, context %v; want Completed with verified = true", final.RuntimeStatus, final.Context)
	}
	for _, id := range []string{parentID, childID} {
		row, err := s.GetExecution(ctx, id)
		if err != nil || row.Status != store.ExecutionCompleted || row.RuntimeStatus != store.RuntimeCompleted {
			t.Errorf("row %s = %+v, %v; want COMPLETED, Completed", id, row, err)
		}
	}
	if *record {
		saveHistoryAs(t, c, parentID, "sub-workflow-single-parent")
		saveHistoryAs(t, c, childID, "sub-workflow-single-child")
	}
}

// openStore opens a fresh migrated SQLite store.
func openStore(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wfb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// createExecution writes the parent's row as the application does before the start.
func createExecution(t *testing.T, s store.Store, versionID string, ctxJSON string) string {
	t.Helper()
	execID := id.New()
	if err := s.CreateExecution(context.Background(), &store.Execution{ID: execID, Name: "parent", VersionID: versionID,
		Context: []byte(ctxJSON), Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted}); err != nil {
		t.Fatal(err)
	}
	return execID
}

func createVersion(t *testing.T, s store.Store, name string, def []byte) string {
	t.Helper()
	ctx := context.Background()
	tpl := &store.Template{ID: id.New(), Name: name}
	if err := s.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: def, Status: store.VersionPublished}
	if err := s.CreateVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// A completion sent right after the start (it reaches the workflow with its first task) finds
// the first human step open.
func TestCompleteRightAfterStart(t *testing.T) {
	c, ec := connect(t)
	ctx := context.Background()
	for i := range 5 {
		execID := fmt.Sprintf("quick-%d-%d", time.Now().UnixNano(), i)
		if err := ec.Start(ctx, engine.Input{ExecutionID: execID, Definition: example(t, "linear-confirm")}); err != nil {
			t.Fatal(err)
		}
		if _, err := ec.CompleteStep(ctx, execID, "verify", 0, map[string]any{"verified": true}, engine.Actor{ID: "tester"}); err != nil {
			t.Fatalf("completing right after the start: %v", err)
		}
		if err := c.GetWorkflow(ctx, execID, "").Get(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
}
