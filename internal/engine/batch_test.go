package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

// incorporation returns the incorporation-batch example with its child version replaced.
func incorporation(t *testing.T, childVersion string) json.RawMessage {
	t.Helper()
	return bytes.ReplaceAll(example(t, "incorporation-batch"), []byte("REPLACE_WITH_PUBLISHED_DSC_VERSION_ID"), []byte(childVersion))
}

func trivialChild(t *testing.T, s store.Store, name string, status store.VersionStatus) string {
	t.Helper()
	return projectiontest.CreateVersion(t, s, name, graph(t, []S{{"start", "start", nil}, {"end", "end", nil}}, []T{{From: "start", To: "end"}}), status)
}

func TestExampleIncorporationBatch(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childVersion := trivialChild(t, s, "DSC", store.VersionPublished)
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	// hasDsc is given on every director: the example's select, directors[hasDsc != true],
	// is false for a director without the field (JSONata compares undefined as false).
	h.complete("collect", map[string]any{"directors": []any{
		map[string]any{"id": "d1", "name": "Asha", "hasDsc": false},
		map[string]any{"id": "d2", "name": "Ravi", "hasDsc": true},
		map[string]any{"id": "d3", "name": "Meera", "hasDsc": false},
	}})
	h.expectOpen("file") // only after both children completed
	h.complete("file", nil)
	st := h.runInput(Input{ExecutionID: parentID, Definition: incorporation(t, childVersion),
		Context: map[string]any{"company": map[string]any{"name": "Acme Pvt Ltd"}}})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s (dsc: %+v)", st.RuntimeStatus, st.Steps["dsc"].Error)
	}
	dsc := st.Steps["dsc"]
	out, _ := json.Marshal(dsc.OutputData)
	want := `{"items":[{"companyName":"Acme Pvt Ltd","director":{"name":"Asha"},"directorId":"d1"},` +
		`{"companyName":"Acme Pvt Ltd","director":{"name":"Meera"},"directorId":"d3"}]}`
	if string(out) != want {
		t.Errorf("dsc outputData = %s\nwant %s", out, want)
	}
	if len(dsc.ChildWorkflowExecutions) != 2 {
		t.Fatalf("childWorkflowExecutions = %v, want 2", dsc.ChildWorkflowExecutions)
	}
	for i, name := range []string{"DSC - Asha", "DSC - Meera"} {
		row, err := s.GetExecution(context.Background(), dsc.ChildWorkflowExecutions[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if row.Name != name || *row.ParentID != parentID || *row.RootID != parentID || row.Status != store.ExecutionCompleted {
			t.Errorf("child %d row = %q parent %s root %s status %s; want %q with parent and root %s, COMPLETED",
				i, row.Name, *row.ParentID, *row.RootID, row.Status, name, parentID)
		}
	}
	n, err := s.CountExecutions(context.Background(), store.ExecutionFilter{ParentID: parentID})
	if err != nil || n != 2 {
		t.Errorf("child rows = %d, %v; want exactly 2", n, err)
	}
}

func batchGraph(t *testing.T, childVersion string, iterable string, extra map[string]any) json.RawMessage {
	t.Helper()
	sub := map[string]any{
		"mode": "BATCH", "childWorkflowTemplateVersionId": childVersion,
		"iterable":     map[string]any{"type": "EXPRESSION", "expr": map[string]any{"src": iterable}},
		"inputMapping": []any{map[string]any{"id": "m", "targetPath": "n", "value": field("EACH", "n")}},
	}
	for k, v := range extra {
		sub[k] = v
	}
	return subWorkflowGraph(t, sub)
}

func TestRuleBatchEmptyAndNonArrayIterables(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		iterable string
		status   string
		code     interp.Code
	}{
		{"[]", "Completed", ""},
		{"__context__.missing", "Completed", ""},
		{"{'n': 1}", "Failed", interp.CodeIterableNotArray},
		{"'three'", "Failed", interp.CodeIterableNotArray},
	} {
		h := newHarness(t)
		h.complete("a", nil)
		st := h.run(batchGraph(t, "unused", tc.iterable, nil), nil)
		sub := st.Steps["sub"]
		if string(sub.Status) != tc.status {
			t.Errorf("iterable %s: sub = %s %+v, want %s", tc.iterable, sub.Status, sub.Error, tc.status)
			continue
		}
		if tc.code != "" && (sub.Error == nil || sub.Error.Code != tc.code) {
			t.Errorf("iterable %s: error %+v, want %s", tc.iterable, sub.Error, tc.code)
		}
		if tc.code == "" {
			if out, _ := json.Marshal(sub.OutputData); string(out) != `{"items":[]}` {
				t.Errorf("iterable %s: outputData = %s, want {\"items\":[]}", tc.iterable, out)
			}
		}
	}
}

// maxConcurrency bounds the children running at once, and continue-as-new keeps a batch going
// past one run's items, results in iterable order.
func TestRuleBatchConcurrencyAndContinueAsNew(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childVersion := trivialChild(t, s, "Item", store.VersionPublished)
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("a", nil)
	st := h.runInput(Input{ExecutionID: parentID, BatchItemsPerRun: 7,
		Definition: batchGraph(t, childVersion, "[1..25].{'n': $}", map[string]any{"maxConcurrency": 3})})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s (%+v)", st.RuntimeStatus, st.Steps["sub"].Error)
	}
	items := st.Steps["sub"].OutputData.(map[string]any)["items"].([]any)
	if len(items) != 25 {
		t.Fatalf("items = %d, want 25", len(items))
	}
	for i, it := range items {
		if it.(map[string]any)["n"] != float64(i+1) {
			t.Fatalf("item %d = %v, want n = %d (iterable order)", i, it, i+1)
		}
	}
	if n := len(st.Steps["sub"].ChildWorkflowExecutions); n != 25 {
		t.Errorf("childWorkflowExecutions = %d, want 25", n)
	}
}

func TestBatchCoordinatorRespectsMaxConcurrency(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childVersion := trivialChild(t, s, "Item", store.VersionPublished)
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	items := make([]BatchItem, 10)
	for i := range items {
		items[i] = BatchItem{Context: map[string]any{"i": i}, Name: fmt.Sprintf("item %d", i)}
	}
	h.env.ExecuteWorkflow(BatchWorkflowName, BatchInput{ParentID: parentID, RootID: parentID, VersionID: childVersion,
		Items: items, MaxConcurrency: 3})
	var res BatchResult
	if err := h.env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	if res.MaxInFlight != 3 {
		t.Errorf("max children in flight = %d, want 3", res.MaxInFlight)
	}
}

func TestRuleBatchChildFailure(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	// A child with no start step fails as soon as it runs.
	broken := projectiontest.CreateVersion(t, s, "Broken", graph(t, []S{{"end", "end", nil}}, nil), store.VersionPublished)
	draft := trivialChild(t, s, "Draft", store.VersionDraft)
	for _, tc := range []struct {
		policy, version string
		want            string
		code            interp.Code
	}{
		{"fail", broken, "Failed", interp.CodeChildFailed},
		{"continue", broken, "Completed", ""},
		{"continue", draft, "Failed", interp.CodeChildVersion}, // no child can run at all: not a child's failure
	} {
		h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
		h.complete("a", nil)
		st := h.runInput(Input{ExecutionID: parentID,
			Definition: batchGraph(t, tc.version, "[{'n': 1}, {'n': 2}]", map[string]any{"onChildFailure": tc.policy})})
		sub := st.Steps["sub"]
		if string(sub.Status) != tc.want || (tc.code != "" && (sub.Error == nil || sub.Error.Code != tc.code)) {
			t.Errorf("onChildFailure %s: sub = %s %+v, want %s %s", tc.policy, sub.Status, sub.Error, tc.want, tc.code)
		}
		if tc.want == "Completed" {
			// Each failed item records its child and why it failed (failureItem).
			items, _ := sub.OutputData.(map[string]any)["items"].([]any)
			for i, it := range items {
				item, _ := it.(map[string]any)
				e, _ := item["error"].(map[string]any)
				if item["childWorkflowExecutionId"] == nil || e["code"] != string(interp.CodeChildFailed) ||
					!strings.Contains(e["message"].(string), "no start step") {
					t.Errorf("continue: item %d = %v, want its child id and a %s error naming the cause", i, it, interp.CodeChildFailed)
				}
			}
			if len(items) != 2 {
				t.Errorf("continue: items = %v, want 2", items)
			}
		}
	}
}
