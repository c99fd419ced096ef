package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// On the real server: a sub-workflow step calls a data source (503 once, then an answer), its
// child fails at its own nested step (a DRAFT grandchild), which fails the parent's step; once
// the grandchild is published, retrying the parent's step resumes the same child, and
// everything completes. The parent's and the child's histories are recorded for the replay test.
func TestChildFailureAndDataSourceOnEmbeddedServer(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		_, _ = fmt.Fprintf(w, `{"company": {"name": "Acme", "id": %q}}`, strings.TrimPrefix(r.URL.Path, "/companies/"))
	}))
	t.Cleanup(srv.Close)
	ds := &store.DataSource{ID: id.New(), Name: "crm", Kind: store.DataSourceHTTP,
		Config: json.RawMessage(`{"method": "GET", "url": "` + srv.URL + `/companies/{id}", "timeoutMs": 2000}`)}
	if err := s.CreateDataSource(ctx, ds); err != nil {
		t.Fatal(err)
	}
	grandchild := createVersionStatus(t, s, "Grandchild", []byte(`{"id": "g", "name": "G", "steps": [
		{"id": "start", "type": "start", "name": "Start"}, {"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "end"}]}`), store.VersionDraft)
	child := createVersion(t, s, "Child", []byte(`{"id": "c", "name": "Child", "steps": [
		{"id": "start", "type": "start", "name": "Start"},
		{"id": "nested", "type": "sys.sub_workflow", "name": "Nested", "mode": "SINGLE", "childWorkflowTemplateVersionId": "`+grandchild+`"},
		{"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "nested"}, {"id": "t2", "fromStepId": "nested", "toStepId": "end"}]}`))
	parentDef := []byte(`{"id": "p", "name": "Parent", "steps": [
		{"id": "start", "type": "start", "name": "Start"},
		{"id": "sub", "type": "sys.sub_workflow", "name": "Child", "mode": "SINGLE", "childWorkflowTemplateVersionId": "` + child + `",
		 "dataSources": [{"id": "d1", "alias": "crm", "type": "COMMENDA_LOGICAL_BACKEND", "dataSourceID": "` + ds.ID + `",
		   "params": {"id": {"type": "field", "ref": {"source": "CONTEXT", "path": "companyId"}}}, "select": {"src": "company"}}],
		 "inputMapping": [{"targetPath": "companyName", "value": {"type": "field", "ref": {"source": "DATASOURCE", "key": "crm", "path": "name"}}}]},
		{"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "sub"}, {"id": "t2", "fromStepId": "sub", "toStepId": "end"}]}`)
	parentVersion := createVersion(t, s, "Parent", parentDef)
	parentID := createExecution(t, s, parentVersion, `{"companyId": "c-1"}`)
	p := projection.Persistence{Store: s}
	c, ec := connectWith(t, engine.Deps{Projector: p, Children: p, DataSources: p})
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: parentVersion, Definition: parentDef,
		Context: map[string]any{"companyId": "c-1"}}); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, ec, parentID, "sub failed", func(st *engine.State) bool { return st.Steps["sub"].Status == definition.StatusFailed })
	sub := st.Steps["sub"]
	if sub.Error.Code != interp.CodeChildFailed || !strings.Contains(sub.Error.Message, string(interp.CodeChildVersion)) {
		t.Fatalf("sub error = %+v, want %s naming %s", sub.Error, interp.CodeChildFailed, interp.CodeChildVersion)
	}
	childID := sub.ChildWorkflowExecutions[0].ID
	v, err := s.GetVersion(ctx, grandchild)
	if err != nil {
		t.Fatal(err)
	}
	v.Status = store.VersionPublished
	if err := s.UpdateVersion(ctx, v, v.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := ec.RetryStep(ctx, parentID, "sub"); err != nil {
		t.Fatal(err)
	}
	var final engine.State
	if err := c.GetWorkflow(ctx, parentID, "").Get(ctx, &final); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(final.Steps["sub"].OutputData)
	if final.RuntimeStatus != definition.StatusCompleted || string(out) != `{"companyName":"Acme"}` {
		t.Fatalf("parent = %s, sub output %s; want Completed with the data source's name", final.RuntimeStatus, out)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("data source calls = %d, want 2 (one retried 503)", n)
	}
	for _, id := range []string{parentID, childID} {
		if row, err := s.GetExecution(ctx, id); err != nil || row.RuntimeStatus != store.RuntimeCompleted {
			t.Errorf("row %s = %+v, %v; want runtime Completed", id, row, err)
		}
	}
	if *record {
		saveHistoryAs(t, c, parentID, "child-failure-retry-parent")
		saveHistoryAs(t, c, childID, "child-failure-retry-child")
	}
}

// createVersionStatus adds a template with one version of def in the given status.
func createVersionStatus(t *testing.T, s store.Store, name string, def []byte, status store.VersionStatus) string {
	t.Helper()
	ctx := context.Background()
	tpl := &store.Template{ID: id.New(), Name: name}
	if err := s.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: def, Status: status}
	if err := s.CreateVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// On the real server, a BATCH whose second item's child fails: the parent's step fails, the
// coordinator waits; the retry reaches the failed child through the coordinator and the batch
// completes. With one item a coordinator run, the first child is handed to the second run (a
// rolling run) and the failing one is that run's own. The parent's, the coordinator's and the
// failed child's histories are recorded (one run a batch).
func TestBatchChildFailureOnEmbeddedServer(t *testing.T) {
	for _, perRun := range []int{0, 1} {
		t.Run(fmt.Sprintf("items per run %d", perRun), func(t *testing.T) { batchChildFailure(t, perRun) })
	}
}

func batchChildFailure(t *testing.T, itemsPerRun int) {
	ctx := context.Background()
	s := openStore(t)
	grandchild := createVersionStatus(t, s, "Grandchild", []byte(`{"id": "g", "name": "G", "steps": [
		{"id": "start", "type": "start", "name": "Start"}, {"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "end"}]}`), store.VersionDraft)
	// The child calls the grandchild only for n = 2.
	child := createVersion(t, s, "Child", []byte(`{"id": "c", "name": "Child", "steps": [
		{"id": "start", "type": "start", "name": "Start"},
		{"id": "split", "type": "gateway.exclusive_split", "name": "Split"},
		{"id": "nested", "type": "sys.sub_workflow", "name": "Nested", "mode": "SINGLE", "childWorkflowTemplateVersionId": "`+grandchild+`"},
		{"id": "merge", "type": "gateway.exclusive_split", "name": "Merge"},
		{"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "split"},
		{"id": "t2", "fromStepId": "split", "toStepId": "nested", "condition": {"src": "__context__.n = 2"}},
		{"id": "t3", "fromStepId": "split", "toStepId": "merge", "isDefault": true},
		{"id": "t4", "fromStepId": "nested", "toStepId": "merge"},
		{"id": "t5", "fromStepId": "merge", "toStepId": "end", "isDefault": true}]}`))
	parentDef := []byte(`{"id": "p", "name": "Parent", "steps": [
		{"id": "start", "type": "start", "name": "Start"},
		{"id": "sub", "type": "sys.sub_workflow", "name": "Children", "mode": "BATCH", "childWorkflowTemplateVersionId": "` + child + `",
		 "iterable": {"type": "EXPRESSION", "expr": {"src": "[1, 2]"}}, "maxConcurrency": 1,
		 "inputMapping": [{"targetPath": "n", "value": {"type": "field", "ref": {"source": "EACH", "path": ""}}}]},
		{"id": "end", "type": "end", "name": "End"}],
	  "stepTransitions": [{"id": "t1", "fromStepId": "start", "toStepId": "sub"}, {"id": "t2", "fromStepId": "sub", "toStepId": "end"}]}`)
	parentVersion := createVersion(t, s, "Parent", parentDef)
	parentID := createExecution(t, s, parentVersion, `{}`)
	p := projection.Persistence{Store: s}
	c, ec := connectWith(t, engine.Deps{Projector: p, Children: p})
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: parentVersion, Definition: parentDef, BatchItemsPerRun: itemsPerRun}); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, ec, parentID, "sub failed", func(st *engine.State) bool { return st.Steps["sub"].Status == definition.StatusFailed })
	if e := st.Steps["sub"].Error; e.Code != interp.CodeChildFailed || !strings.Contains(e.Message, "item 1 ") {
		t.Fatalf("sub error = %+v, want %s naming item 1", e, interp.CodeChildFailed)
	}
	v, err := s.GetVersion(ctx, grandchild)
	if err != nil {
		t.Fatal(err)
	}
	v.Status = store.VersionPublished
	if err := s.UpdateVersion(ctx, v, v.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := ec.RetryStep(ctx, parentID, "sub"); err != nil {
		t.Fatal(err)
	}
	var final engine.State
	if err := c.GetWorkflow(ctx, parentID, "").Get(ctx, &final); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(final.Steps["sub"].OutputData)
	if final.RuntimeStatus != definition.StatusCompleted || string(out) != `{"items":[{"n":1},{"n":2}]}` {
		t.Fatalf("parent = %s, sub output %s; want Completed with both items", final.RuntimeStatus, out)
	}
	failedChild := final.Steps["sub"].ChildWorkflowExecutions[1].ID
	desc, err := c.DescribeWorkflowExecution(ctx, failedChild, "")
	if err != nil {
		t.Fatal(err)
	}
	if *record && itemsPerRun == 0 {
		saveHistoryAs(t, c, parentID, "batch-child-failure-parent")
		saveHistoryAs(t, c, desc.GetWorkflowExecutionInfo().GetParentExecution().GetWorkflowId(), "batch-child-failure-coordinator")
		saveHistoryAs(t, c, failedChild, "batch-child-failure-child")
	}
}
