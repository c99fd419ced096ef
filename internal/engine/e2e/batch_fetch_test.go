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
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/bench"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// A BATCH whose children each need a per-item data-source call: the calls run in a child
// workflow over stored pages, so the parent's history stays short whatever the number of
// items (at most 1,000 events; the default 60 items keeps CI short, WFB_E2E_FETCH_ITEMS=10000
// runs the size), and every child gets its own item's answer.
func TestBatchPerItemDataSourceKeepsParentHistoryShort(t *testing.T) {
	n := envCount(t, "WFB_E2E_FETCH_ITEMS", 60)
	ctx := context.Background()
	s := openStore(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = fmt.Fprintf(w, `{"label": "item %s"}`, strings.TrimPrefix(r.URL.Path, "/items/"))
	}))
	t.Cleanup(srv.Close)
	ds := &store.DataSource{ID: id.New(), Name: "items", Kind: store.DataSourceHTTP,
		Config: json.RawMessage(`{"method": "GET", "url": "` + srv.URL + `/items/{n}", "timeoutMs": 5000}`)}
	if err := s.CreateDataSource(ctx, ds); err != nil {
		t.Fatal(err)
	}
	childVersion := createVersion(t, s, "Item", echoChildDef)
	def := []byte(fmt.Sprintf(`{"id":"p","name":"Fetch batch","steps":[
		{"id":"start","type":"start","name":"S"},
		{"id":"many","type":"sys.sub_workflow","name":"Many","mode":"BATCH","childWorkflowTemplateVersionId":%q,
		 "maxConcurrency":50, "iterable":{"type":"EXPRESSION","expr":{"src":"[1..%d]"}},
		 "dataSources":[{"id":"d1","alias":"item","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":%q,"scope":"per-item",
		   "params":{"n":{"type":"expr","expr":{"src":"__each__"}}},"select":{"src":"label"}}],
		 "inputMapping":[{"targetPath":"n","value":{"type":"expr","expr":{"src":"__each__"}}},
		                 {"targetPath":"label","value":{"type":"expr","expr":{"src":"__datasources__.item"}}}]},
		{"id":"end","type":"end","name":"E"}],
		"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"many"},{"id":"t2","fromStepId":"many","toStepId":"end"}]}`,
		childVersion, n, ds.ID))
	version := createVersion(t, s, "Fetch batch", def)
	parentID := createExecution(t, s, version, `{}`)
	p := projection.Persistence{Store: s}
	c, ec := connectWith(t, engine.Deps{Projector: p, Children: p, DataSources: p})
	began := time.Now()
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def}); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 3*time.Hour)
	defer cancel()
	var final engine.State
	if err := c.GetWorkflow(wctx, parentID, "").Get(wctx, &final); err != nil {
		t.Fatal(err)
	}
	if final.RuntimeStatus != definition.StatusCompleted {
		t.Fatalf("parent = %s (%+v)", final.RuntimeStatus, final.Steps["many"].Error)
	}
	t.Logf("%d children with a data-source call each in %v", n, time.Since(began))
	if got := int(calls.Load()); got != n {
		t.Errorf("calls = %d, want %d", got, n)
	}
	h, err := bench.WalkHistories(ctx, c, parentID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h.MaxHistoryEvents >= 1000 {
		t.Errorf("the parent's history has %d events, want under 1,000", h.MaxHistoryEvents)
	}
	t.Logf("parent's history: %d events, largest payload %d bytes", h.MaxHistoryEvents, h.MaxPayloadBytes)
	if *record && n <= 60 {
		saveHistoryAs(t, c, parentID, "batch-per-item-datasource-parent")
		saveHistoryAs(t, c, childOfType(t, c, parentID, engine.FetchBatchWorkflowName), "batch-per-item-datasource-fetch")
		saveHistoryAs(t, c, coordinatorOf(t, c, parentID), "batch-per-item-datasource-coordinator")
	}
	rows, err := s.ListExecutions(ctx, store.ExecutionFilter{ParentID: parentID, Page: store.Page{Limit: n + 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("child rows = %d, want %d", len(rows), n)
	}
	for _, r := range rows {
		var cx struct {
			N     int    `json:"n"`
			Label string `json:"label"`
		}
		if err := json.Unmarshal(r.Context, &cx); err != nil || cx.Label != fmt.Sprintf("item %d", cx.N) {
			t.Errorf("child %s context %s: want its own item's label", r.ID, r.Context)
		}
	}
}

// childOfType finds the id of the first child workflow of that type a parent started.
func childOfType(t *testing.T, c client.Client, parentID, workflowType string) string {
	t.Helper()
	it := c.GetWorkflowHistory(context.Background(), parentID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := ev.GetChildWorkflowExecutionStartedEventAttributes(); a != nil && a.GetWorkflowType().GetName() == workflowType {
			return a.GetWorkflowExecution().GetWorkflowId()
		}
	}
	t.Fatalf("no %s child in the history of %s", workflowType, parentID)
	return ""
}
