package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
)

// workerEnv makes the test binary a worker process: "address|task queue|sqlite path".
const workerEnv = "WFB_E2E_WORKER"

func runWorkerProcess() int {
	var addr, tq, path string
	if _, err := fmt.Sscanf(os.Getenv(workerEnv), "%s %s %s", &addr, &tq, &path); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 1
	}
	defer s.Close()
	c, err := client.Dial(client.Options{HostPort: addr, Logger: quietLogger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 1
	}
	defer c.Close()
	p := projection.Persistence{Store: s}
	w := engine.NewWorker(c, engine.Deps{Projector: p, Children: p, TaskQueue: tq})
	if err := w.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 1
	}
	<-ctx.Done()
	w.Stop()
	return 0
}

func startWorkerProcess(t *testing.T, tq, dbPath string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %s %s", workerEnv, server.Address(), tq, dbPath))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	})
	return cmd
}

// The worker is killed (SIGKILL) in the middle of a batch; a new worker picks the executions
// up, and every child runs exactly once.
func TestWorkerKilledMidBatch(t *testing.T) {
	const n = 300
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "wfb.db")
	s, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	childDef := []byte(`{"id":"c","name":"Item","steps":[{"id":"start","type":"start","name":"S"},{"id":"end","type":"end","name":"E"}],
		"stepTransitions":[{"id":"t","fromStepId":"start","toStepId":"end"}]}`)
	childVersion := createVersion(t, s, "Item", childDef)
	def := []byte(fmt.Sprintf(`{"id":"p","name":"Batch","steps":[
		{"id":"start","type":"start","name":"S"},
		{"id":"many","type":"sys.sub_workflow","name":"Many","mode":"BATCH","childWorkflowTemplateVersionId":%q,
		 "maxConcurrency":5, "iterable":{"type":"EXPRESSION","expr":{"src":"[1..%d]"}},
		 "inputMapping":[{"targetPath":"n","value":{"type":"expr","expr":{"src":"__each__"}}}]},
		{"id":"end","type":"end","name":"E"}],
		"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"many"},{"id":"t2","fromStepId":"many","toStepId":"end"}]}`,
		childVersion, n))
	version := createVersion(t, s, "Batch", def)
	parentID := createExecution(t, s, version, `{}`)

	tq := "e2e-kill"
	first := startWorkerProcess(t, tq, dbPath)
	c, err := client.Dial(client.Options{HostPort: server.Address(), Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ec := engine.NewClient(c, tq)
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def}); err != nil {
		t.Fatal(err)
	}
	killOnceCompleted(t, s, parentID, n/4, time.Minute, first)
	startWorkerProcess(t, tq, dbPath)

	wctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var final engine.State
	if err := c.GetWorkflow(wctx, parentID, "").Get(wctx, &final); err != nil {
		t.Fatal(err)
	}
	if final.RuntimeStatus != definition.StatusCompleted {
		t.Fatalf("parent = %s", final.RuntimeStatus)
	}
	all, err := s.CountExecutions(ctx, store.ExecutionFilter{ParentID: parentID})
	if err != nil {
		t.Fatal(err)
	}
	completedRows, err := s.CountExecutions(ctx, store.ExecutionFilter{ParentID: parentID, Status: store.ExecutionCompleted})
	if err != nil {
		t.Fatal(err)
	}
	if all != n || completedRows != n {
		t.Errorf("child rows = %d (%d COMPLETED), want exactly %d, all COMPLETED", all, completedRows, n)
	}
	parent, err := s.GetExecution(ctx, parentID)
	if err != nil || parent.Status != store.ExecutionCompleted {
		t.Errorf("parent row = %+v, %v; want COMPLETED", parent, err)
	}
}

// killOnceCompleted waits until at least atLeast children of parentID have completed (failing
// the test after within), then kills the worker process with SIGKILL.
func killOnceCompleted(t *testing.T, s store.Store, parentID string, atLeast int, within time.Duration, worker *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		done, err := s.CountExecutions(context.Background(), store.ExecutionFilter{ParentID: parentID, Status: store.ExecutionCompleted})
		if err != nil {
			t.Fatal(err)
		}
		if done >= atLeast {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d children completed before the kill", done)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := worker.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = worker.Process.Wait()
}
