package devserver

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"syscall"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// childEnv makes the test binary act as the server child instead of running tests, so the
// tests exercise the real re-exec path without building wfb.
const childEnv = "WFB_DEVSERVER_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(RunChild(os.Args[2:], os.Stdin, os.Stderr))
	}
	os.Exit(m.Run())
}

func startServer(t *testing.T, dataDir string) *Server {
	t.Helper()
	return startWith(t, Options{DataDir: dataDir})
}

// startWith starts a server re-executing the test binary, with opts' storage settings.
func startWith(t *testing.T, opts Options) *Server {
	t.Helper()
	srv, err := tryStart(t, opts)
	if err != nil {
		t.Fatalf("starting the dev server: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	return srv
}

func tryStart(t *testing.T, opts Options) (*Server, error) {
	t.Helper()
	began := time.Now()
	opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	opts.Command = []string{os.Args[0], ChildCommand}
	opts.Env = []string{childEnv + "=1"}
	srv, err := Start(context.Background(), opts)
	if err == nil {
		t.Logf("dev server ready at %s in %v", srv.Address(), time.Since(began))
	}
	return srv, err
}

func dial(t *testing.T, srv *Server) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{
		HostPort:  srv.Address(),
		Namespace: srv.Namespace(),
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		t.Fatalf("dialing %s: %v", srv.Address(), err)
	}
	t.Cleanup(c.Close)
	return c
}

func greet(_ workflow.Context, name string) (string, error) { return "hello " + name, nil }

// runGreeting runs a trivial workflow to completion on the server.
func runGreeting(t *testing.T, c client.Client, id string) {
	t.Helper()
	w := worker.New(c, "devserver-test", worker.Options{})
	w.RegisterWorkflow(greet)
	if err := w.Start(); err != nil {
		t.Fatalf("starting worker: %v", err)
	}
	defer w.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "devserver-test"}, greet, "wfb")
	if err != nil {
		t.Fatalf("starting workflow: %v", err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("running workflow: %v", err)
	}
	if got != "hello wfb" {
		t.Fatalf("workflow result = %q, want %q", got, "hello wfb")
	}
}

func TestServerSurvivesRestart(t *testing.T) {
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	runGreeting(t, dial(t, srv), "greeting-1")
	if err := srv.Stop(); err != nil {
		t.Fatalf("stopping: %v", err)
	}

	srv = startServer(t, dataDir)
	c := dial(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: "default"}); err != nil {
		t.Fatalf("namespace after restart: %v", err)
	}
	desc, err := c.DescribeWorkflowExecution(ctx, "greeting-1", "")
	if err != nil {
		t.Fatalf("describing the workflow after restart: %v", err)
	}
	if st := desc.GetWorkflowExecutionInfo().GetStatus(); st != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Fatalf("workflow status after restart = %v, want COMPLETED", st)
	}
	events := 0
	for it := c.GetWorkflowHistory(ctx, "greeting-1", "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT); it.HasNext(); {
		if _, err := it.Next(); err != nil {
			t.Fatalf("reading history: %v", err)
		}
		events++
	}
	if events < 5 {
		t.Fatalf("history after restart has %d events, want a completed run's (>= 5)", events)
	}
	runGreeting(t, c, "greeting-2")
}

func TestSupervisorRestartsDeadChild(t *testing.T) {
	srv := startServer(t, t.TempDir())
	pid := srv.pid()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("killing the child %d: %v", pid, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for srv.Restarts() == 0 || srv.pid() == pid {
		if ctx.Err() != nil {
			t.Fatal("the supervisor did not restart the killed child")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.waitReady(ctx); err != nil {
		t.Fatalf("restarted child not ready: %v", err)
	}
	runGreeting(t, dial(t, srv), "after-restart")
}

func TestStartFailsWhenChildCannotRun(t *testing.T) {
	t.Parallel()
	_, err := Start(context.Background(), Options{
		DataDir:      t.TempDir(),
		Command:      []string{os.Args[0], ChildCommand, "--no-such-flag"},
		Env:          []string{childEnv + "=1"},
		ReadyTimeout: 30 * time.Second,
	})
	if err == nil {
		t.Fatal("Start succeeded with a child that exits at once")
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Start waited for the timeout instead of noticing the exit: %v", err)
	}
}
