package datasource

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// call decodes a DataSourceCall the way a definition holds it.
func call(t *testing.T, src string) definition.DataSourceCall {
	t.Helper()
	var c definition.DataSourceCall
	if err := json.Unmarshal([]byte(src), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// A per-item call runs once per BATCH item with __each__ bound, the way the engine will: params
// resolved through expr, one Call each, select applied to each result.
func TestPerItemCalls(t *testing.T) {
	t.Parallel()
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, _ seen) {
		id := strings.TrimPrefix(r.URL.Path, "/companies/c-9/directors/")
		reply(w, 200, `{"data":{"id":"`+id+`","country":"`+r.URL.Query().Get("country")+`"}}`)
	})
	dsc := call(t, `{"id":"ds1","alias":"director","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":"x",
		"scope":"per-item","select":"data.{ 'id': id, 'where': country }",
		"params":{
			"company":{"type":"field","ref":{"source":"CONTEXT","path":"company.id"}},
			"directorId":{"type":"field","ref":{"source":"EACH","path":"id"}},
			"country":{"type":"expr","expr":{"type":"jsonata","src":"$uppercase(__each__.country)"}}}}`)
	cfg := Config{Method: "GET", URL: srv.URL + "/companies/{company}/directors/{directorId}"}
	ev := expr.New(expr.Options{})
	items := []any{
		map[string]any{"id": "d1", "country": "ie"},
		map[string]any{"id": "d 2/x", "country": "in"},
	}
	client := NewClient(nil)
	var got []any
	for _, item := range items {
		scope := expr.Scope{Context: map[string]any{"company": map[string]any{"id": "c-9"}}, Each: item, HasEach: true}
		params, err := interp.ResolveParams(context.Background(), ev, dsc.Params, scope)
		if err != nil {
			t.Fatal(err)
		}
		res, err := client.Call(context.Background(), cfg, params, env())
		if err != nil {
			t.Fatal(err)
		}
		v, err := interp.SelectResult(context.Background(), ev, dsc.Select, res.Data)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if g, want := mustJSON(t, got), `[{"id":"d1","where":"IE"},{"id":"d 2/x","where":"IN"}]`; g != want {
		t.Errorf("results %s, want %s", g, want)
	}
	var paths []string
	for _, s := range rec.all() {
		paths = append(paths, s.Path+"?"+s.Query)
	}
	if g, want := strings.Join(paths, " "), "/companies/c-9/directors/d1?country=IE /companies/c-9/directors/d%202%2Fx?country=IN"; g != want {
		t.Errorf("requests %s, want %s", g, want)
	}
}
