package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/workflowbuilder/wfb/internal/id"
)

// routes are the SPEC §10 routes this package serves; the document must describe each.
var routes = []string{
	"GET /healthz", "GET /readyz",
	"POST /v1/templates", "GET /v1/templates", "GET /v1/templates/{id}", "PATCH /v1/templates/{id}", "DELETE /v1/templates/{id}",
	"POST /v1/templates/{id}/versions", "GET /v1/templates/{id}/versions",
	"GET /v1/versions/{id}", "PATCH /v1/versions/{id}", "DELETE /v1/versions/{id}",
	"POST /v1/versions/{id}/publish", "POST /v1/versions/{id}/activate", "POST /v1/versions/{id}/deprecate",
	"POST /v1/links", "GET /v1/links", "GET /v1/links/{id}", "PATCH /v1/links/{id}", "DELETE /v1/links/{id}",
	"POST /v1/definitions/validate", "GET /v1/versions/{id}/validation", "GET /v1/schemas/definition", "POST /v1/expressions/evaluate",
	"POST /v1/executions", "GET /v1/executions", "GET /v1/executions/{id}", "GET /v1/executions/{id}/tree", "GET /v1/executions/{id}/definition",
	"POST /v1/executions/{id}/cancel", "POST /v1/executions/{id}/steps/{stepId}/complete",
	"POST /v1/executions/{id}/steps/{stepId}/retry",
	"GET /v1/executions/{id}/events", "GET /v1/executions/{id}/steps/{stepId}/children", "GET /v1/executions/{id}/files",
	"POST /v1/files", "GET /v1/files/{id}",
	"POST /v1/events",
	"POST /v1/service-request-types", "GET /v1/service-request-types", "GET /v1/service-request-types/{type}",
	"PUT /v1/service-request-types/{type}", "DELETE /v1/service-request-types/{type}",
	"POST /v1/service-requests", "GET /v1/service-requests", "GET /v1/service-requests/{id}",
	"POST /v1/service-requests/{id}/sync", "POST /v1/service-requests/{id}/tasks/{taskId}/complete",
	"POST /v1/data-sources", "GET /v1/data-sources", "GET /v1/data-sources/{id}", "PUT /v1/data-sources/{id}",
	"DELETE /v1/data-sources/{id}",
	"GET /v1/audit",
	"GET /v1/tasks", "GET /v1/tasks/{id}", "POST /v1/tasks/{id}/claim", "POST /v1/tasks/{id}/unclaim",
	"POST /v1/tasks/{id}/complete",
	"GET /v1/me", "POST /v1/api-keys", "GET /v1/api-keys", "DELETE /v1/api-keys/{id}",
	"GET /v1/examples", "GET /v1/examples/{name}",
	"POST /v1/simulations", "GET /v1/schemas/scenario", "POST /v1/versions/{id}/scenarios",
	"GET /v1/versions/{id}/scenarios", "DELETE /v1/versions/{id}/scenarios/{name}",
}

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Responses   map[string]struct {
			Content map[string]struct {
				Schema json.RawMessage `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
}

func TestOpenAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		r := e.do("GET", "/openapi.json", nil)
		var doc openAPIDoc
		e.ok(r, http.StatusOK, &doc)
		if !strings.HasPrefix(doc.OpenAPI, "3.1.") || doc.Info.Title == "" || doc.Info.Version == "" {
			t.Fatalf("openapi %q, info %+v: want a 3.1 document with a title and version", doc.OpenAPI, doc.Info)
		}

		documented := map[string]bool{}
		opIDs := map[string]string{}
		for path, item := range doc.Paths {
			for method, op := range item {
				route := strings.ToUpper(method) + " " + path
				documented[route] = true
				if op.OperationID == "" || opIDs[op.OperationID] != "" {
					t.Errorf("%s: operationId %q is empty or also used by %s", route, op.OperationID, opIDs[op.OperationID])
				}
				opIDs[op.OperationID] = route
				if len(op.Responses) == 0 {
					t.Errorf("%s documents no response", route)
				}
				for status, res := range op.Responses {
					if status >= "400" && res.Content["application/problem+json"].Schema == nil {
						t.Errorf("%s %s is not documented as application/problem+json", route, status)
					}
				}
				// Every documented route is served: the fallback (404 "no route", 405) never answers it.
				probe := e.do(strings.ToUpper(method), strings.ReplaceAll(path, "{id}", id.New()), nil)
				var p Problem
				_ = json.Unmarshal(probe.body, &p)
				if p.Code == codeMethodNotAllowed || strings.HasPrefix(p.Detail, "no route") {
					t.Errorf("documented route %s is not served: %d %s", route, probe.status, probe.body)
				}
			}
		}
		for _, route := range routes {
			if !documented[route] {
				t.Errorf("route %s is missing from /openapi.json", route)
			}
		}
		if len(documented) != len(routes) {
			t.Errorf("the document has %d routes, this test knows %d: add new routes to the list", len(documented), len(routes))
		}

		// Every schema in the document is a valid JSON Schema 2020-12 (the dialect of OAS 3.1), and
		// real answers match what the document says about them.
		schemas := compileResponses(t, r.body, doc)
		var tpl Template
		created := e.do("POST", "/v1/templates", map[string]any{"name": "Documented"})
		e.ok(created, http.StatusCreated, &tpl)
		conforms(t, schemas, "POST /v1/templates 201", created.body)
		v := e.do("POST", "/v1/templates/"+tpl.ID+"/versions", map[string]any{"version": "1.0.0"})
		conforms(t, schemas, "POST /v1/templates/{id}/versions 201", v.body)
		conforms(t, schemas, "GET /v1/templates/{id}/versions 200", e.do("GET", "/v1/templates/"+tpl.ID+"/versions", nil).body)
		conforms(t, schemas, "GET /v1/templates 200", e.do("GET", "/v1/templates", nil).body)
		conforms(t, schemas, "GET /v1/templates/{id} 404", e.do("GET", "/v1/templates/"+id.New(), nil).body)
		conforms(t, schemas, "POST /v1/templates 422", e.do("POST", "/v1/templates", `{"name": 1}`).body)
		conforms(t, schemas, "GET /readyz 200", e.do("GET", "/readyz", nil).body)

		docs := e.do("GET", "/docs", nil)
		if docs.status != http.StatusOK || !bytes.Contains(docs.body, []byte("openapi")) {
			t.Fatalf("/docs answered %d without a reference to the document", docs.status)
		}
	})
}

// compileResponses compiles the schema of every documented response, keyed "METHOD path status".
func compileResponses(t *testing.T, raw []byte, doc openAPIDoc) map[string]*jsonschema.Schema {
	t.Helper()
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parsing the document: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("mem:///openapi.json", parsed); err != nil {
		t.Fatalf("loading the document: %v", err)
	}
	out := map[string]*jsonschema.Schema{}
	for path, item := range doc.Paths {
		for method, op := range item {
			for status, res := range op.Responses {
				for ct, mt := range res.Content {
					if mt.Schema == nil {
						continue
					}
					ptr := fmt.Sprintf("/paths/%s/%s/responses/%s/content/%s/schema",
						escapePointer(path), method, status, escapePointer(ct))
					sch, err := c.Compile("mem:///openapi.json#" + ptr)
					if err != nil {
						t.Fatalf("schema of %s %s %s does not compile: %v", method, path, status, err)
					}
					out[strings.ToUpper(method)+" "+path+" "+status] = sch
				}
			}
		}
	}
	return out
}

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func conforms(t *testing.T, schemas map[string]*jsonschema.Schema, key string, body []byte) {
	t.Helper()
	sch := schemas[key]
	if sch == nil {
		t.Fatalf("the document has no schema for %s", key)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: body is not JSON: %v", key, err)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("%s: the answer does not match the document: %v\nbody: %s", key, err, body)
	}
}
