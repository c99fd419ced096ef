package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/bench"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
)

// echoChildDef is a BATCH child that completes on its own and returns its context (its input).
var echoChildDef = []byte(`{"id":"c","name":"Item","steps":[{"id":"start","type":"start","name":"S"},{"id":"end","type":"end","name":"E"}],
	"stepTransitions":[{"id":"t","fromStepId":"start","toStepId":"end"}]}`)

// blobBatchDef is a parent whose BATCH "many" runs n children with maxConcurrency cap, each
// given (and so returning) {"n": i, "blob": <blob characters>}; then a SINGLE step "sum"
// maps over the batch's results as any later step would, and END.
func blobBatchDef(childVersion string, n, cap, blob int) []byte {
	return fmt.Appendf(nil, `{"id":"p","name":"Blob batch","steps":[
		{"id":"start","type":"start","name":"S"},
		{"id":"many","type":"sys.sub_workflow","name":"Many","mode":"BATCH","childWorkflowTemplateVersionId":%q,
		 "maxConcurrency":%d, "iterable":{"type":"EXPRESSION","expr":{"src":"[1..%d]"}},
		 "inputMapping":[{"targetPath":"n","value":{"type":"expr","expr":{"src":"__each__"}}},
		                 {"targetPath":"blob","value":{"type":"expr","expr":{"src":"$pad('', %d, 'x')"}}}]},
		{"id":"sum","type":"sys.sub_workflow","name":"Sum","mode":"SINGLE","childWorkflowTemplateVersionId":%q,
		 "inputMapping":[{"targetPath":"count","value":{"type":"expr","expr":{"src":"$count(__steps__.many.items)"}}},
		                 {"targetPath":"total","value":{"type":"expr","expr":{"src":"$sum(__steps__.many.items.n)"}}},
		                 {"targetPath":"chars","value":{"type":"expr","expr":{"src":"$sum(__steps__.many.items.$length(blob))"}}},
		                 {"targetPath":"order","value":{"type":"expr","expr":{"src":"$join(__steps__.many.items.$string(n), ',')"}}}]},
		{"id":"end","type":"end","name":"E"}],
		"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"many"},{"id":"t2","fromStepId":"many","toStepId":"sum"},
		                   {"id":"t3","fromStepId":"sum","toStepId":"end"}]}`, childVersion, cap, n, blob, childVersion)
}

// warnings records the SDK's warnings.
type warnings struct {
	mu    sync.Mutex
	lines []string
}

func (w *warnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines = append(w.lines, r.Message)
	return nil
}
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *warnings) WithGroup(string) slog.Handler      { return w }

func (w *warnings) payloadWarnings() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range w.lines {
		if strings.Contains(l, "TMPRL1103") || strings.Contains(strings.ToLower(l), "payload") {
			out = append(out, l)
		}
	}
	return out
}

// runBlobBatch runs blobBatchDef on a worker whose SDK logger is w, with itemsPerRun items per
// coordinator run, and returns the final state and the parent's id.
func runBlobBatch(t *testing.T, w *warnings, n, cap, blob, itemsPerRun int) (client.Client, *engine.State, string) {
	t.Helper()
	ctx := context.Background()
	s := openStore(t)
	childVersion := createVersion(t, s, "Item", echoChildDef)
	def := blobBatchDef(childVersion, n, cap, blob)
	version := createVersion(t, s, "Blob batch", def)
	parentID := createExecution(t, s, version, `{}`)
	c, err := client.Dial(client.Options{HostPort: server.Address(), Namespace: server.Namespace(),
		Logger: sdklog.NewStructuredLogger(slog.New(w))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	tq := "e2e-" + t.Name()
	p := projection.Persistence{Store: s}
	wk := engine.NewWorker(c, engine.Deps{Projector: p, Children: p, Batches: p, TaskQueue: tq})
	if err := wk.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(wk.Stop)
	ec := engine.NewClient(c, tq)
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def, BatchItemsPerRun: itemsPerRun}); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	var final engine.State
	if err := c.GetWorkflow(wctx, parentID, "").Get(wctx, &final); err != nil {
		t.Fatal(err)
	}
	if final.RuntimeStatus != definition.StatusCompleted {
		t.Fatalf("parent = %s (many: %+v, sum: %+v)", final.RuntimeStatus, final.Steps["many"].Error, final.Steps["sum"].Error)
	}
	return c, &final, parentID
}

// checkSum checks what the step after the batch mapped from its results: all n items, in
// iterable order, each with its blob.
func checkSum(t *testing.T, final *engine.State, n, blob int) {
	t.Helper()
	got, _ := final.Steps["sum"].OutputData.(map[string]any)
	order := make([]string, n)
	for i := range order {
		order[i] = fmt.Sprint(i + 1)
	}
	want := map[string]any{"count": float64(n), "total": float64(n * (n + 1) / 2), "chars": float64(n * blob), "order": strings.Join(order, ",")}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("sum.%s = %v, want %v", k, got[k], v)
		}
	}
}

// Fifty children that each return 100 KB: 5 MB of results, over Temporal's 2 MiB payload limit
// in one piece. The batch completes with no payload warning from the SDK, and the next step
// maps over its results as before.
func TestBatchOfLargeResults(t *testing.T) {
	const n, blob = 50, 100_000
	w := &warnings{}
	c, final, parentID := runBlobBatch(t, w, n, 10, blob, 0)
	checkSum(t, final, n, blob)
	if ws := w.payloadWarnings(); len(ws) > 0 {
		t.Errorf("the SDK warned about payloads: %q", ws)
	}
	// The runtime view shows the large output by reference.
	out, _ := final.Steps["many"].OutputData.(map[string]any)
	if ref, _ := out["stored"].(map[string]any); ref == nil || ref["count"] != float64(n) {
		t.Errorf("many's output in the runtime view = %v, want a stored reference", out)
	}
	h, err := bench.WalkHistories(context.Background(), c, parentID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if h.MaxPayloadBytes > 256<<10 {
		t.Errorf("largest payload = %d bytes (%s), want at most 256 KiB", h.MaxPayloadBytes, h.MaxPayloadWorkflow)
	}
}

// The largest payload does not grow with the number of items: two batches whose items fill
// several pages, one three times the other, with coordinators that continue as new.
func TestBatchPayloadsIndependentOfSize(t *testing.T) {
	const blob = 20_000 // about ten items a page
	largest := map[int]int{}
	for _, n := range []int{40, 120} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := &warnings{}
			c, final, parentID := runBlobBatch(t, w, n, 20, blob, 30)
			checkSum(t, final, n, blob)
			h, err := bench.WalkHistories(context.Background(), c, parentID, 2)
			if err != nil {
				t.Fatal(err)
			}
			if h.Workflows != n+3 { // parent, coordinator, children, the sum child
				t.Errorf("workflows read = %d, want %d", h.Workflows, n+3)
			}
			largest[n] = h.MaxPayloadBytes
			t.Logf("n=%d: largest payload %d bytes (%s), longest history %d events (%s)", n, h.MaxPayloadBytes, h.MaxPayloadWorkflow, h.MaxHistoryEvents, h.MaxEventsWorkflow)
		})
	}
	if largest[40] == 0 || largest[120] > largest[40]+blob+1024 {
		t.Errorf("largest payload: %d bytes at 40 items, %d at 120; want no growth past one item", largest[40], largest[120])
	}
	if largest[120] > interp.BatchPageBytes+2*blob {
		t.Errorf("largest payload at 120 items = %d bytes, over a page and an item", largest[120])
	}
}

// Two worker processes share one batch; one is killed (SIGKILL) mid-batch and the other
// finishes it alone: every item's child ran exactly once and every result is in its item's
// place.
func TestTwoWorkersOneKilledMidBatch(t *testing.T) {
	const n = 200
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
	childVersion := createVersion(t, s, "Item", echoChildDef)
	def := blobBatchDef(childVersion, n, 10, 10)
	version := createVersion(t, s, "Batch", def)
	parentID := createExecution(t, s, version, `{}`)

	tq := "e2e-two-workers"
	doomed := startWorkerProcess(t, tq, dbPath)
	startWorkerProcess(t, tq, dbPath)
	c, err := client.Dial(client.Options{HostPort: server.Address(), Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ec := engine.NewClient(c, tq)
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def, BatchItemsPerRun: 60}); err != nil {
		t.Fatal(err)
	}
	killOnceCompleted(t, s, parentID, n/3, 2*time.Minute, doomed)

	wctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var final engine.State
	if err := c.GetWorkflow(wctx, parentID, "").Get(wctx, &final); err != nil {
		t.Fatal(err)
	}
	if final.RuntimeStatus != definition.StatusCompleted {
		t.Fatalf("parent = %s", final.RuntimeStatus)
	}
	checkSum(t, &final, n, 10)
	all, err := s.CountExecutions(ctx, store.ExecutionFilter{ParentID: parentID})
	if err != nil {
		t.Fatal(err)
	}
	completed, err := s.CountExecutions(ctx, store.ExecutionFilter{ParentID: parentID, Status: store.ExecutionCompleted})
	if err != nil {
		t.Fatal(err)
	}
	if all != n+1 || completed != n+1 { // the batch's children and the sum child
		t.Errorf("child rows = %d (%d COMPLETED), want exactly %d, all COMPLETED", all, completed, n+1)
	}
	// Each item has one child, its own, and its result is that child's context.
	items, err := s.BatchItems(ctx, coordinatorOf(t, c, parentID), 0, n+1)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != n {
		t.Fatalf("batch items = %d, want %d", len(items), n)
	}
	seen := map[string]bool{}
	for i, it := range items {
		if it.Index != i || it.ChildID == "" || seen[it.ChildID] {
			t.Fatalf("item %d: index %d, child %q (seen before: %v)", i, it.Index, it.ChildID, seen[it.ChildID])
		}
		seen[it.ChildID] = true
		if want := fmt.Sprintf(`"n":%d`, i+1); !strings.Contains(string(it.Result), want) {
			t.Errorf("item %d: result %s, want %s", i, it.Result, want)
		}
		child, err := s.GetExecution(ctx, it.ChildID)
		if err != nil || child.Status != store.ExecutionCompleted || !strings.Contains(string(child.Context), fmt.Sprintf(`"n":%d`, i+1)) {
			t.Errorf("item %d: child row %+v, %v", i, child, err)
		}
	}
}

// A child whose final context is over the per-child limit fails its item, and so the step,
// with BATCH_RESULT_TOO_LARGE, and nothing over Temporal's limits is sent.
func TestBatchChildResultTooLarge(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	childVersion := createVersion(t, s, "Item", echoChildDef)
	def := blobBatchDef(childVersion, 2, 2, interp.MaxBatchChildResultBytes+1000)
	version := createVersion(t, s, "Too large", def)
	parentID := createExecution(t, s, version, `{}`)
	p := projection.Persistence{Store: s}
	_, ec := connectWith(t, engine.Deps{Projector: p, Children: p})
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def}); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, ec, parentID, "many failed", func(st *engine.State) bool {
		return st.Steps["many"].Status == definition.StatusFailed
	})
	if e := st.Steps["many"].Error; e == nil || e.Code != interp.CodeBatchResultTooLarge {
		t.Errorf("many's error = %+v, want %s", e, interp.CodeBatchResultTooLarge)
	}
}
