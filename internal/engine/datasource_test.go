package engine

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

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

// backend is a local HTTP server answering data source calls with a script: answer(n, r) is
// the n-th call (from 1).
type backend struct {
	*httptest.Server
	calls atomic.Int32
}

func newBackend(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *backend {
	t.Helper()
	b := &backend{}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer(int(b.calls.Add(1)), w, r)
	}))
	t.Cleanup(b.Close)
	return b
}

func createDataSource(t *testing.T, s store.Store, config string) string {
	t.Helper()
	d := &store.DataSource{ID: id.New(), Name: "ds-" + id.New(), Kind: store.DataSourceHTTP, Config: json.RawMessage(config)}
	if err := s.CreateDataSource(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// runDataSourceStep runs the sub-workflow graph with sub as its sub-workflow step (a trivial
// child, so each child's final context is its input mapping) and returns the step.
func runDataSourceStep(t *testing.T, s store.Store, parentID string, ctxIn map[string]any, sub map[string]any) *StepState {
	t.Helper()
	p := projection.Persistence{Store: s}
	h := newHarnessDeps(t, Deps{Projector: p, Children: p, DataSources: p})
	h.complete("a", nil)
	st := h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, sub), Context: ctxIn})
	return st.Steps["sub"]
}

func dsCall(alias, dsID string, extra map[string]any) map[string]any {
	c := map[string]any{"id": alias, "alias": alias, "type": "COMMENDA_LOGICAL_BACKEND", "dataSourceID": dsID}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// A per-step call: params resolve from the scope, select transforms the result, and the value
// is visible as __datasources__.<alias> to input mappings (field refs and expressions) and to
// the context projection.
func TestRuleDataSourcePerStep(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	srv := newBackend(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/companies/c-1" || r.URL.Query().Get("tier") != "gold" {
			http.Error(w, "unexpected request "+r.URL.String(), http.StatusBadRequest)
			return
		}
		_, _ = fmt.Fprint(w, `{"data": {"name": "Acme", "directors": ["Asha", "Ravi"]}}`)
	})
	dsID := createDataSource(t, s, `{"method": "GET", "url": "`+srv.URL+`/companies/{company}"}`)
	sub := runDataSourceStep(t, s, parentID, map[string]any{"company": "c-1"}, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": trivialChild(t, s, "Child", store.VersionPublished),
		"dataSources": []any{dsCall("crm", dsID, map[string]any{
			"params": map[string]any{"company": field("CONTEXT", "company"), "tier": map[string]any{"type": "const", "value": "gold"}},
			"select": map[string]any{"src": "data"},
		})},
		"inputMapping": []any{
			map[string]any{"id": "m1", "targetPath": "name", "value": map[string]any{"type": "field", "ref": map[string]any{"source": "DATASOURCE", "key": "crm", "path": "name"}}},
			map[string]any{"id": "m2", "targetPath": "count", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "$count(__datasources__.crm.directors)"}}},
		},
		"contextProjection": []any{
			map[string]any{"id": "p1", "targetPath": "firstDirector", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "__datasources__.crm.directors[0]"}}},
		},
	})
	if sub.Status != completed {
		t.Fatalf("sub = %s %+v, want Completed", sub.Status, sub.Error)
	}
	if out, _ := json.Marshal(sub.OutputData); string(out) != `{"count":2,"name":"Acme"}` {
		t.Errorf("child context = %s, want the data source's values", out)
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}

// Per-item calls run once per item with __each__ bound in their params; a DATASOURCE iterable
// iterates over a per-step result.
func TestRuleDataSourcePerItem(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	srv := newBackend(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/directors":
			_, _ = fmt.Fprint(w, `{"ids": ["d1", "d2", "d3"]}`)
		default:
			_, _ = fmt.Fprintf(w, `{"name": "name of %s"}`, strings.TrimPrefix(r.URL.Path, "/directors/"))
		}
	})
	list := createDataSource(t, s, `{"method": "GET", "url": "`+srv.URL+`/directors"}`)
	detail := createDataSource(t, s, `{"method": "GET", "url": "`+srv.URL+`/directors/{id}"}`)
	sub := runDataSourceStep(t, s, parentID, nil, map[string]any{
		"mode": "BATCH", "childWorkflowTemplateVersionId": trivialChild(t, s, "Child", store.VersionPublished),
		"maxConcurrency": 2,
		"iterable":       map[string]any{"type": "DATASOURCE", "key": "list", "select": map[string]any{"src": "ids.{'id': $}"}},
		"dataSources": []any{
			dsCall("list", list, nil),
			dsCall("detail", detail, map[string]any{"scope": "per-item", "params": map[string]any{"id": field("EACH", "id")}}),
		},
		"inputMapping": []any{
			map[string]any{"id": "m1", "targetPath": "id", "value": field("EACH", "id")},
			map[string]any{"id": "m2", "targetPath": "name", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "__datasources__.detail.name"}}},
		},
	})
	if sub.Status != completed {
		t.Fatalf("sub = %s %+v, want Completed", sub.Status, sub.Error)
	}
	want := `{"items":[{"id":"d1","name":"name of d1"},{"id":"d2","name":"name of d2"},{"id":"d3","name":"name of d3"}]}`
	if out, _ := json.Marshal(sub.OutputData); string(out) != want {
		t.Errorf("outputData = %s\nwant %s", out, want)
	}
	if n := srv.calls.Load(); n != 4 {
		t.Errorf("calls = %d, want 4 (one list, one detail per item)", n)
	}
}

// Failures: transient ones are retried (DataSourceMaxAttempts in all), others fail at once; a
// call that keeps failing fails the step with the call's kind, the status and the body's excerpt.
func TestRuleDataSourceFailuresAndRetries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		timeoutMs int
		answer    func(n int, w http.ResponseWriter, r *http.Request)
		calls     int32
		code      interp.Code // "" = the step completes
		message   []string
	}{
		{name: "retry then success", calls: 3, answer: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n < 3 {
				http.Error(w, "warming up", http.StatusServiceUnavailable)
				return
			}
			_, _ = fmt.Fprint(w, `{"ok": true}`)
		}},
		{name: "4xx without retry", calls: 1, code: "DATASOURCE_HTTP_STATUS", message: []string{"404", "no such company"},
			answer: func(_ int, w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "no such company", http.StatusNotFound)
			}},
		{name: "5xx exhausting retries", calls: DataSourceMaxAttempts, code: "DATASOURCE_HTTP_STATUS", message: []string{"500", "database down"},
			answer: func(_ int, w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "database down", http.StatusInternalServerError)
			}},
		{name: "timeout", timeoutMs: 50, calls: DataSourceMaxAttempts, code: "DATASOURCE_TIMEOUT", message: []string{"50ms"},
			answer: func(_ int, w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			}},
		{name: "not JSON", calls: 1, code: "DATASOURCE_RESPONSE_NOT_JSON", message: []string{"<html>"},
			answer: func(_ int, w http.ResponseWriter, _ *http.Request) { _, _ = fmt.Fprint(w, "<html>oops</html>") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, parentID := projectiontest.OpenStore(t)
			srv := newBackend(t, tc.answer)
			cfg := `{"method": "GET", "url": "` + srv.URL + `/companies/c-1"`
			if tc.timeoutMs > 0 {
				cfg += fmt.Sprintf(`, "timeoutMs": %d`, tc.timeoutMs)
			}
			dsID := createDataSource(t, s, cfg+`}`)
			sub := runDataSourceStep(t, s, parentID, nil, map[string]any{
				"mode": "SINGLE", "childWorkflowTemplateVersionId": trivialChild(t, s, "Child", store.VersionPublished),
				"dataSources":  []any{dsCall("crm", dsID, nil)},
				"inputMapping": []any{map[string]any{"id": "m", "targetPath": "crm", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "__datasources__.crm"}}}},
			})
			if n := srv.calls.Load(); n != tc.calls {
				t.Errorf("calls = %d, want %d", n, tc.calls)
			}
			if tc.code == "" {
				if sub.Status != completed {
					t.Fatalf("sub = %s %+v, want Completed", sub.Status, sub.Error)
				}
				return
			}
			if sub.Status != definition.StatusFailed || sub.Error == nil || sub.Error.Code != tc.code {
				t.Fatalf("sub = %s %+v, want Failed with %s", sub.Status, sub.Error, tc.code)
			}
			for _, want := range append(tc.message, `"crm"`) {
				if !strings.Contains(sub.Error.Message, want) {
					t.Errorf("error message %q does not contain %q", sub.Error.Message, want)
				}
			}
			if len(sub.ChildWorkflowExecutions) != 0 {
				t.Errorf("children = %v, want none: the data source failed before they start", sub.ChildWorkflowExecutions)
			}
		})
	}
}

// A bad reference fails the step with a stable code, without calling anything.
func TestRuleDataSourceMissing(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	sub := runDataSourceStep(t, s, parentID, nil, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": trivialChild(t, s, "Child", store.VersionPublished),
		"dataSources":  []any{dsCall("crm", "no-such-data-source", nil)},
		"inputMapping": []any{map[string]any{"id": "m", "targetPath": "crm", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "__datasources__.crm"}}}},
	})
	if sub.Status != definition.StatusFailed || sub.Error == nil || sub.Error.Code != interp.CodeDataSourceNotFound {
		t.Errorf("sub = %s %+v, want Failed with %s", sub.Status, sub.Error, interp.CodeDataSourceNotFound)
	}
}

// The secret comes from the worker's WFB_SECRET_* variable, reaches the server, and appears
// nowhere in the execution's state. (Not parallel: it sets an environment variable.)
func TestRuleDataSourceSecretFromEnvironment(t *testing.T) {
	const secret = "s3cr3t-token-value"
	t.Setenv("WFB_SECRET_ENGINE_TEST", secret)
	s, parentID := projectiontest.OpenStore(t)
	srv := newBackend(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+secret {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		_, _ = fmt.Fprint(w, `{"ok": true}`)
	})
	dsID := createDataSource(t, s, `{"method": "GET", "url": "`+srv.URL+`/x", "auth": {"type": "bearer", "secretEnv": "WFB_SECRET_ENGINE_TEST"}}`)
	sub := runDataSourceStep(t, s, parentID, nil, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": trivialChild(t, s, "Child", store.VersionPublished),
		"dataSources":  []any{dsCall("crm", dsID, nil)},
		"inputMapping": []any{map[string]any{"id": "m", "targetPath": "ok", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "__datasources__.crm.ok"}}}},
	})
	if sub.Status != completed {
		t.Fatalf("sub = %s %+v, want Completed", sub.Status, sub.Error)
	}
	if b, _ := json.Marshal(sub); strings.Contains(string(b), secret) {
		t.Errorf("the step's state holds the secret: %s", b)
	}
}

// A step failed by its data source is retried from its calls: the retry calls again.
func TestRuleDataSourceRetryStep(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	srv := newBackend(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			http.Error(w, "not configured yet", http.StatusConflict)
			return
		}
		_, _ = fmt.Fprint(w, `{"ok": true}`)
	})
	dsID := createDataSource(t, s, `{"method": "GET", "url": "`+srv.URL+`/x"}`)
	p := projection.Persistence{Store: s}
	h := newHarnessDeps(t, Deps{Projector: p, Children: p, DataSources: p})
	h.complete("a", nil)
	h.then(func() {
		if sub := h.state().Steps["sub"]; sub.Status != definition.StatusFailed {
			t.Errorf("sub before the retry = %s, want Failed", sub.Status)
		}
	})
	retryStep(h, "sub")
	st := h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": trivialChild(t, s, "Child", store.VersionPublished),
		"dataSources":  []any{dsCall("crm", dsID, nil)},
		"inputMapping": []any{map[string]any{"id": "m", "targetPath": "ok", "value": map[string]any{"type": "expr", "expr": map[string]any{"src": "__datasources__.crm.ok"}}}},
	})})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime = %s (sub %+v), want Completed after the retry", st.RuntimeStatus, st.Steps["sub"].Error)
	}
	if out, _ := json.Marshal(st.Steps["sub"].OutputData); string(out) != `{"ok":true}` || srv.calls.Load() != 2 {
		t.Errorf("sub output = %s after %d calls, want {\"ok\":true} after 2", out, srv.calls.Load())
	}
}
