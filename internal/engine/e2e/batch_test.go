package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// The incorporation example on the real server: two DSC children (each with two human steps)
// named after their directors, then `file`.
func TestIncorporationBatchOnEmbeddedServer(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	childVersion := createVersion(t, s, "DSC", example(t, "dsc-child"))
	def := bytes.ReplaceAll(example(t, "incorporation-batch"), []byte("REPLACE_WITH_PUBLISHED_DSC_VERSION_ID"), []byte(childVersion))
	version := createVersion(t, s, "Incorporation", def)
	parentID := createExecution(t, s, version, `{"company":{"name":"Acme Pvt Ltd"}}`)
	p := projection.Persistence{Store: s}
	c, ec := connectWith(t, engine.Deps{Projector: p, Children: p})
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def,
		Context: map[string]any{"company": map[string]any{"name": "Acme Pvt Ltd"}}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ec, parentID, "collect open", func(st *engine.State) bool { return isOpen(st, "collect") })
	if _, err := ec.CompleteStep(ctx, parentID, "collect", 0, map[string]any{"directors": []any{
		map[string]any{"id": "d1", "name": "Asha", "hasDsc": false},
		map[string]any{"id": "d2", "name": "Ravi", "hasDsc": true},
		map[string]any{"id": "d3", "name": "Meera", "hasDsc": false},
	}}, engine.Actor{ID: "tester"}); err != nil {
		t.Fatal(err)
	}
	var children []store.Execution
	deadline := time.Now().Add(30 * time.Second)
	for len(children) < 2 && time.Now().Before(deadline) {
		var err error
		if children, err = s.ListExecutions(ctx, store.ExecutionFilter{ParentID: parentID}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(children) != 2 {
		t.Fatalf("child rows = %d, want 2", len(children))
	}
	names := map[string]bool{}
	for _, ch := range children {
		names[ch.Name] = true
		for _, step := range []string{"apply", "issued"} {
			waitFor(t, ec, ch.ID, step+" open", func(st *engine.State) bool { return isOpen(st, step) })
			if st, _ := ec.State(ctx, parentID); isOpen(st, "file") {
				t.Fatal("file opened before both children completed")
			}
			if _, err := ec.CompleteStep(ctx, ch.ID, step, 0, nil, engine.Actor{ID: "tester"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !names["DSC - Asha"] || !names["DSC - Meera"] {
		t.Errorf("child names = %v, want DSC - Asha and DSC - Meera", names)
	}
	waitFor(t, ec, parentID, "file open", func(st *engine.State) bool { return isOpen(st, "file") })
	if _, err := ec.CompleteStep(ctx, parentID, "file", 0, nil, engine.Actor{ID: "tester"}); err != nil {
		t.Fatal(err)
	}
	var final engine.State
	if err := c.GetWorkflow(ctx, parentID, "").Get(ctx, &final); err != nil {
		t.Fatal(err)
	}
	if final.RuntimeStatus != definition.StatusCompleted {
		t.Fatalf("parent = %s", final.RuntimeStatus)
	}
	if *record {
		saveHistoryAs(t, c, parentID, "incorporation-batch-parent")
		saveHistoryAs(t, c, children[0].ID, "incorporation-batch-child")
		saveHistoryAs(t, c, coordinatorOf(t, c, parentID), "incorporation-batch-coordinator")
	}
}

// A large BATCH runs to completion on the real server: the coordinator windows the fan-out and
// continues as new, so no execution hits Temporal's limits. The default size (600 items,
// two coordinator runs) keeps the test short on a loaded two-core machine;
// WFB_E2E_BATCH_ITEMS=10000 runs the spec's 10,000 (8 minutes here). The SDK's test
// environment is no substitute: it slowed down superlinearly and did not finish 10,000 in 10
// minutes.
func TestLargeBatchOnEmbeddedServer(t *testing.T) {
	n := envCount(t, "WFB_E2E_BATCH_ITEMS", 600)
	ctx := context.Background()
	s := openStore(t)
	childDef := []byte(`{"id":"c","name":"Item","steps":[{"id":"start","type":"start","name":"S"},{"id":"end","type":"end","name":"E"}],
		"stepTransitions":[{"id":"t","fromStepId":"start","toStepId":"end"}]}`)
	childVersion := createVersion(t, s, "Item", childDef)
	def := []byte(fmt.Sprintf(`{"id":"p","name":"Big batch","steps":[
		{"id":"start","type":"start","name":"S"},
		{"id":"many","type":"sys.sub_workflow","name":"Many","mode":"BATCH","childWorkflowTemplateVersionId":%q,
		 "maxConcurrency":200,
		 "iterable":{"type":"EXPRESSION","expr":{"src":"[1..%d]"}},
		 "inputMapping":[{"targetPath":"n","value":{"type":"expr","expr":{"src":"__each__"}}}]},
		{"id":"end","type":"end","name":"E"}],
		"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"many"},{"id":"t2","fromStepId":"many","toStepId":"end"}]}`,
		childVersion, n))
	version := createVersion(t, s, "Big batch", def)
	parentID := createExecution(t, s, version, `{}`)
	p := projection.Persistence{Store: s}
	c, ec := connectWith(t, engine.Deps{Projector: p, Children: p})
	began := time.Now()
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def}); err != nil {
		t.Fatal(err)
	}
	// At least 30 minutes, and a tenth of a second a child for the sizes run by hand.
	wctx, cancel := context.WithTimeout(ctx, max(30*time.Minute, time.Duration(n)*100*time.Millisecond))
	defer cancel()
	var final engine.State
	if err := c.GetWorkflow(wctx, parentID, "").Get(wctx, &final); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d children in %v", n, time.Since(began))
	if final.RuntimeStatus != definition.StatusCompleted {
		t.Fatalf("parent = %s (%+v)", final.RuntimeStatus, final.Steps["many"].Error)
	}
	items := final.Steps["many"].OutputData.(map[string]any)["items"].([]any)
	if len(items) != n || items[n-1].(map[string]any)["n"] != float64(n) {
		t.Fatalf("items = %d, last %v; want %d in order", len(items), items[len(items)-1], n)
	}
	rows, err := s.CountExecutions(ctx, store.ExecutionFilter{ParentID: parentID, Status: store.ExecutionCompleted})
	if err != nil || rows != n {
		t.Errorf("completed child rows = %d, %v; want %d", rows, err, n)
	}
}

// coordinatorOf finds the id of the batch coordinator a parent started, in its history.
func coordinatorOf(t *testing.T, c client.Client, parentID string) string {
	t.Helper()
	it := c.GetWorkflowHistory(context.Background(), parentID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := ev.GetChildWorkflowExecutionStartedEventAttributes(); a != nil && a.GetWorkflowType().GetName() == engine.BatchWorkflowName {
			return a.GetWorkflowExecution().GetWorkflowId()
		}
	}
	t.Fatalf("no batch coordinator in the history of %s", parentID)
	return ""
}

// envCount is a count a test runs with: the environment variable name when set (a size or
// number of cases run by hand), else def (CI's).
func envCount(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q is not a positive number", name, v)
	}
	return n
}
