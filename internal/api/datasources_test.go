package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// httpConfig is a valid http data-source configuration.
func httpConfig(url string) map[string]any {
	return map[string]any{
		"method": "GET", "url": url, "timeoutMs": 2000,
		"headers": map[string]any{"X-Tenant": "acme"},
		"auth":    map[string]any{"type": "bearer", "secretEnv": "WFB_SECRET_CRM"},
	}
}

// callingDefinition is a definition whose sub-workflow step calls data source dsID, with child
// version childID.
func callingDefinition(childID, dsID string) string {
	return fmt.Sprintf(`{"id":"wf","name":"Caller","steps":[`+
		`{"id":"start","type":"start","name":"Start"},`+
		`{"id":"sub","type":"sys.sub_workflow","name":"Sub","mode":"SINGLE","childWorkflowTemplateVersionId":%q,`+
		`"dataSources":[{"id":"d1","alias":"crm","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":%q}],`+
		`"inputMapping":[{"id":"m1","targetPath":"company","value":{"type":"expr","expr":{"type":"jsonata","src":"__datasources__.crm"}}}]},`+
		`{"id":"end","type":"end","name":"End"}],"stepTransitions":[`+
		`{"id":"t1","fromStepId":"start","toStepId":"sub"},`+
		`{"id":"t2","fromStepId":"sub","toStepId":"end"}]}`, childID, dsID)
}

func TestDataSources(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		docBody := e.do("GET", "/openapi.json", nil)
		var doc openAPIDoc
		e.ok(docBody, http.StatusOK, &doc)
		schemas := compileResponses(t, docBody.body, doc)
		var crm, erp DataSource
		res := e.do("POST", "/v1/data-sources", map[string]any{"name": "crm", "kind": "http", "config": httpConfig("https://crm.example.com/companies/{companyId}")})
		e.ok(res, http.StatusCreated, &crm)
		conforms(t, schemas, "POST /v1/data-sources 201", res.body)
		if crm.Name != "crm" || crm.Kind != "http" || !json.Valid(crm.Config) {
			t.Fatalf("created %+v", crm)
		}
		e.audited("data_source.create", crm.ID)
		e.ok(e.do("POST", "/v1/data-sources", map[string]any{"name": "erp", "kind": "http", "config": httpConfig("https://erp.example.com/orders")}), http.StatusCreated, &erp)

		var got DataSource
		e.ok(e.do("GET", "/v1/data-sources/"+crm.ID, nil), http.StatusOK, &got)
		if got.ID != crm.ID || string(got.Config) != string(crm.Config) {
			t.Fatalf("got %+v, want %+v", got, crm)
		}
		var list listBody[DataSource]
		res = e.do("GET", "/v1/data-sources?kind=http&order=desc", nil)
		e.ok(res, http.StatusOK, &list)
		conforms(t, schemas, "GET /v1/data-sources 200", res.body)
		if len(list.Items) != 2 || list.Items[0].ID != erp.ID {
			t.Fatalf("list %+v, want erp then crm", list)
		}
		e.ok(e.do("PUT", "/v1/data-sources/"+crm.ID, map[string]any{"name": "crm2", "kind": "http", "config": httpConfig("https://crm.example.com/v2/{companyId}")}), http.StatusOK, &got)
		if got.Name != "crm2" || !got.UpdatedAt.After(crm.UpdatedAt) || !got.CreatedAt.Equal(crm.CreatedAt) {
			t.Fatalf("after PUT %+v", got)
		}
		e.audited("data_source.update", crm.ID)

		// A published definition that calls crm keeps it.
		child := e.createTemplate("Child")
		cv := e.createVersion(child.ID, "1.0.0", validDefinition)
		e.publish(cv.ID)
		caller := e.createTemplate("Caller")
		pv := e.createVersion(caller.ID, "1.0.0", callingDefinition(cv.ID, crm.ID))
		e.publish(pv.ID)

		withConfig := func(mut func(map[string]any)) map[string]any {
			c := httpConfig("https://crm.example.com/x")
			mut(c)
			return map[string]any{"name": "new", "kind": "http", "config": c}
		}
		refusals := []struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{
			{"duplicate name", "POST", "/v1/data-sources", map[string]any{"name": "erp", "kind": "http", "config": httpConfig("https://a.example.com")}, http.StatusConflict, "already_exists"},
			{"rename to a taken name", "PUT", "/v1/data-sources/" + crm.ID, map[string]any{"name": "erp", "kind": "http", "config": httpConfig("https://a.example.com")}, http.StatusConflict, "already_exists"},
			{"secret value in a field", "POST", "/v1/data-sources", withConfig(func(c map[string]any) { c["token"] = "sk_live_123" }), http.StatusBadRequest, "invalid_request"},
			{"secret value as secretEnv", "POST", "/v1/data-sources", withConfig(func(c map[string]any) {
				c["auth"] = map[string]any{"type": "bearer", "secretEnv": "sk_live_123"}
			}), http.StatusBadRequest, "invalid_request"},
			{"credential header", "POST", "/v1/data-sources", withConfig(func(c map[string]any) {
				c["headers"] = map[string]any{"Authorization": "Bearer abc"}
			}), http.StatusBadRequest, "invalid_request"},
			{"bad method", "POST", "/v1/data-sources", withConfig(func(c map[string]any) { c["method"] = "FETCH" }), http.StatusBadRequest, "invalid_request"},
			{"host from a param", "POST", "/v1/data-sources", withConfig(func(c map[string]any) { c["url"] = "https://{host}/x" }), http.StatusBadRequest, "invalid_request"},
			{"timeout out of range", "POST", "/v1/data-sources", withConfig(func(c map[string]any) { c["timeoutMs"] = 1 }), http.StatusBadRequest, "invalid_request"},
			{"config not an object", "POST", "/v1/data-sources", map[string]any{"name": "x", "kind": "http", "config": []int{1}}, http.StatusBadRequest, "invalid_request"},
			{"no config", "POST", "/v1/data-sources", map[string]any{"name": "x", "kind": "http"}, http.StatusUnprocessableEntity, "invalid_request"},
			{"unknown kind", "POST", "/v1/data-sources", map[string]any{"name": "x", "kind": "ftp", "config": httpConfig("https://a.example.com")}, http.StatusUnprocessableEntity, "invalid_request"},
			{"blank name", "POST", "/v1/data-sources", map[string]any{"name": " ", "kind": "http", "config": httpConfig("https://a.example.com")}, http.StatusBadRequest, "invalid_request"},
			{"get unknown", "GET", "/v1/data-sources/cabcdefghijklmnopqrstuvwx", nil, http.StatusNotFound, "not_found"},
			{"get malformed id", "GET", "/v1/data-sources/nope", nil, http.StatusNotFound, "not_found"},
			{"put unknown", "PUT", "/v1/data-sources/cabcdefghijklmnopqrstuvwx", map[string]any{"name": "y", "kind": "http", "config": httpConfig("https://a.example.com")}, http.StatusNotFound, "not_found"},
			{"delete unknown", "DELETE", "/v1/data-sources/cabcdefghijklmnopqrstuvwx", nil, http.StatusNotFound, "not_found"},
			{"delete one a published definition calls", "DELETE", "/v1/data-sources/" + crm.ID, nil, http.StatusConflict, "in_use"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do(tt.method, tt.path, tt.body), tt.status, tt.code)
			})
		}
		var after DataSource
		e.ok(e.do("GET", "/v1/data-sources/"+crm.ID, nil), http.StatusOK, &after)
		if after.Name != "crm2" {
			t.Fatalf("a refused write changed the data source: %+v", after)
		}
		e.ok(e.do("DELETE", "/v1/data-sources/"+erp.ID, nil), http.StatusNoContent, nil)
		e.problem(e.do("GET", "/v1/data-sources/"+erp.ID, nil), http.StatusNotFound, "not_found")
		e.audited("data_source.delete", erp.ID)
	})
}
