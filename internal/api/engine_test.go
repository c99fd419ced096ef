package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/blob"
	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// devChildEnv makes this test binary run the embedded Temporal server's child process.
const devChildEnv = "WFB_API_TEST_DEVSERVER_CHILD"

// One embedded Temporal server for the package, started by the first test that needs it.
var (
	devOnce   sync.Once
	devServer *devserver.Server
	devErr    error
	devDir    string
)

func TestMain(m *testing.M) {
	if os.Getenv(devChildEnv) == "1" {
		os.Exit(devserver.RunChild(os.Args[2:], os.Stdin, os.Stderr))
	}
	code := m.Run()
	if devServer != nil {
		_ = devServer.Stop()
	}
	if devDir != "" {
		_ = os.RemoveAll(devDir)
	}
	os.Exit(code)
}

func temporalServer(t *testing.T) *devserver.Server {
	t.Helper()
	devOnce.Do(func() {
		devDir, devErr = os.MkdirTemp("", "wfb-api-temporal-")
		if devErr != nil {
			return
		}
		devServer, devErr = devserver.Start(context.Background(), devserver.Options{
			DataDir: devDir,
			Command: []string{os.Args[0], devserver.ChildCommand},
			Env:     []string{devChildEnv + "=1"},
			Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
		})
	})
	if devErr != nil {
		t.Fatalf("starting the embedded Temporal server: %v", devErr)
	}
	return devServer
}

// engineEnv is an API server whose app runs executions on the embedded server, with an engine
// worker of its own (its own task queue) over the same store.
type engineEnv struct {
	*env
	svc    *app.Service
	engine *engine.Client
}

// newEngineEnv opens a fresh database of the backend ("sqlite" or "postgres") and serves the
// API over it with the engine.
func newEngineEnv(t *testing.T, backend string) *engineEnv {
	t.Helper()
	blobs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return newEngineEnvWith(t, backend, blobs)
}

// newEngineEnvWith is newEngineEnv storing documents in blobs.
func newEngineEnvWith(t *testing.T, backend string, blobs blob.Store) *engineEnv {
	t.Helper()
	srv := temporalServer(t)
	ctx := context.Background()
	var s store.Store
	var err error
	switch backend {
	case "postgres":
		s, err = postgres.Open(ctx, storetest.PostgresURL(t))
	default:
		s, err = sqlite.Open(ctx, storetest.SQLitePath(t))
	}
	if err != nil {
		t.Fatalf("opening %s: %v", backend, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	c, err := client.Dial(client.Options{
		HostPort: srv.Address(), Namespace: srv.Namespace(),
		Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		t.Fatalf("dialing Temporal: %v", err)
	}
	t.Cleanup(c.Close)
	tq := "api-" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	p := projection.Persistence{Store: s}
	w := engine.NewWorker(c, engine.Deps{Projector: p, Children: p, TaskQueue: tq})
	if err := w.Start(); err != nil {
		t.Fatalf("starting the worker: %v", err)
	}
	t.Cleanup(w.Stop)
	ec := engine.NewClient(c, tq)
	svc := app.New(s, nil, app.WithEngine(ec), app.WithBlobs(blobs, 4<<20))
	return &engineEnv{env: serveAsAdmin(t, svc, s), svc: svc, engine: ec}
}

// example reads one of the example definitions (SPEC's examples, kept with the engine's tests).
func example(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "engine", "testdata", "examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// publishedVersion creates a template with def as its active, published version.
func (e *engineEnv) publishedVersion(name, def string) Version {
	e.t.Helper()
	tpl := e.createTemplate(name)
	v := e.createVersion(tpl.ID, "1.0.0", def)
	e.publish(v.ID)
	return e.activate(v.ID)
}

func (e *engineEnv) start(body map[string]any) Execution {
	e.t.Helper()
	var ex Execution
	e.ok(e.do("POST", "/v1/executions", body), http.StatusCreated, &ex)
	return ex
}

func (e *engineEnv) get(id string) ExecutionDetail {
	e.t.Helper()
	var d ExecutionDetail
	e.ok(e.do("GET", "/v1/executions/"+id, nil), http.StatusOK, &d)
	return d
}

// waitFor polls GET /v1/executions/{id} until cond holds.
func (e *engineEnv) waitFor(id, what string, cond func(ExecutionDetail) bool) ExecutionDetail {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d := e.get(id)
		if cond(d) {
			return d
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("execution %s: waiting for %s; last: status %s runtime %s, view %+v", id, what, d.Status, d.RuntimeStatus, d.Runtime)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitOpen waits until the step is open and returns the execution.
func (e *engineEnv) waitOpen(id, stepID string) ExecutionDetail {
	e.t.Helper()
	return e.waitFor(id, stepID+" open", func(d ExecutionDetail) bool { return stepIs(d, stepID, "InProgress", "ActionRequired") })
}

func stepIs(d ExecutionDetail, stepID string, statuses ...string) bool {
	if d.Runtime == nil || d.Runtime.Steps[stepID] == nil {
		return false
	}
	for _, s := range statuses {
		if string(d.Runtime.Steps[stepID].Status) == s {
			return true
		}
	}
	return false
}

func (e *engineEnv) complete(id, stepID string, output any) {
	e.t.Helper()
	body := map[string]any{}
	if output != nil {
		body["outputData"] = output
	}
	e.ok(e.do("POST", fmt.Sprintf("/v1/executions/%s/steps/%s/complete", id, stepID), body), http.StatusOK, nil)
}

// waitCompleted waits until the record is COMPLETED with runtime Completed (the projection).
func (e *engineEnv) waitCompleted(id string) ExecutionDetail {
	e.t.Helper()
	return e.waitFor(id, "COMPLETED", func(d ExecutionDetail) bool {
		return d.Status == store.ExecutionCompleted && d.RuntimeStatus == store.RuntimeCompleted
	})
}
