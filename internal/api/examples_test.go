package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// TestExamplesRoutes checks that the API lists every example of the repository's examples/
// folder, answers each as the file holds it, and that an answer can start a version.
func TestExamplesRoutes(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	doc := e.do("GET", "/openapi.json", nil)
	var parsed openAPIDoc
	e.ok(doc, http.StatusOK, &parsed)
	schemas := compileResponses(t, doc.body, parsed)

	r := e.do("GET", "/v1/examples", nil)
	var list struct{ Items []ExampleSummary }
	e.ok(r, http.StatusOK, &list)
	conforms(t, schemas, "GET /v1/examples 200", r.body)
	if len(list.Items) < 9 {
		t.Fatalf("%d examples listed, want every definition of examples/: %s", len(list.Items), r.body)
	}
	tpl := e.createTemplate("From examples")
	for i, x := range list.Items {
		if x.Title == "" || x.Description == "" || x.File != "examples/"+x.Name+".json" {
			t.Errorf("example %+v lacks a title, description or file", x)
		}
		got := e.do("GET", "/v1/examples/"+x.Name, nil)
		e.ok(got, http.StatusOK, nil)
		conforms(t, schemas, "GET /v1/examples/{name} 200", got.body)
		if !bytes.Equal(got.body, exampleFile(t, x.Name+".json")) {
			t.Errorf("GET /v1/examples/%s differs from %s", x.Name, x.File)
		}
		body, _ := json.Marshal(map[string]any{"version": fmt.Sprintf("1.0.%d", i), "definition": json.RawMessage(got.body)})
		e.ok(e.do("POST", "/v1/templates/"+tpl.ID+"/versions", body), http.StatusCreated, nil)
	}
	tests := []struct{ name, path string }{
		{"unknown", "/v1/examples/nope"},
		{"with its extension", "/v1/examples/linear-confirm.json"},
		{"an invalid one is not offered", "/v1/examples/self-loop"},
	}
	for _, tt := range tests {
		p := e.problem(e.do("GET", tt.path, nil), http.StatusNotFound, "not_found")
		conforms(t, schemas, "GET /v1/examples/{name} 404", mustJSON(t, p))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
