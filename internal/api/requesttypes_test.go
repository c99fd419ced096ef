package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// indiaType is the India Pvt Ltd service-request type of the repository's examples/.
func indiaType(t *testing.T) RequestTypeConfig {
	t.Helper()
	var c RequestTypeConfig
	if err := json.Unmarshal(exampleFile(t, "service-request-types/india-pvt-ltd.json"), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// without returns c minus a group (taskKey "") or one task of it.
func without(c RequestTypeConfig, groupKey, taskKey string) RequestTypeConfig {
	var out []RequestTypeGroup
	for _, g := range c.TaskGroups {
		if g.Key == groupKey && taskKey == "" {
			continue
		}
		var tasks []RequestTypeTask
		for _, tk := range g.Tasks {
			if g.Key != groupKey || tk.Key != taskKey {
				tasks = append(tasks, tk)
			}
		}
		g.Tasks = tasks
		out = append(out, g)
	}
	c.TaskGroups = out
	return c
}

// audited checks that the audit log has an entry of the action on the target.
func (e *env) audited(action, targetID string) {
	e.t.Helper()
	es, err := e.store.ListAudit(context.Background(), store.AuditFilter{Action: action, TargetID: targetID})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(es) == 0 {
		e.t.Fatalf("no audit entry %s of %s", action, targetID)
	}
}

func TestServiceRequestTypes(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		india := indiaType(t)
		var created RequestType
		e.ok(e.do("POST", "/v1/service-request-types", india), http.StatusCreated, &created)
		if created.Type != india.Type || len(created.TaskGroups) != 2 || created.TaskGroups[1].Tasks[1].Key != "FILE_SPICE" || created.TaskGroups[1].Order != 2 {
			t.Fatalf("created %+v, want the example", created)
		}
		e.audited("service_request_type.create", india.Type)
		other := RequestTypeConfig{Type: "OTHER.v1", Name: "Other", TaskGroups: []RequestTypeGroup{{Key: "G", Name: "G", Tasks: []RequestTypeTask{{Key: "T", Name: "T"}}}}}
		e.ok(e.do("POST", "/v1/service-request-types", other), http.StatusCreated, nil)

		var got RequestType
		e.ok(e.do("GET", "/v1/service-request-types/"+india.Type, nil), http.StatusOK, &got)
		if got.Name != india.Name || !got.CreatedAt.Equal(created.CreatedAt) {
			t.Fatalf("got %+v, want %+v", got, created)
		}
		var page1, page2 listBody[RequestType]
		e.ok(e.do("GET", "/v1/service-request-types?limit=1", nil), http.StatusOK, &page1)
		e.ok(e.do("GET", "/v1/service-request-types?limit=1&cursor="+url.QueryEscape(page1.NextCursor), nil), http.StatusOK, &page2)
		if len(page1.Items) != 1 || page1.Items[0].Type != india.Type || len(page2.Items) != 1 || page2.Items[0].Type != other.Type || page2.NextCursor != "" {
			t.Fatalf("pages %+v then %+v, want India then OTHER.v1", page1, page2)
		}

		renamed := india
		renamed.Name = "India Pvt Ltd"
		renamed.Type = ""
		e.ok(e.do("PUT", "/v1/service-request-types/"+india.Type, renamed), http.StatusOK, &got)
		if got.Name != "India Pvt Ltd" || !got.UpdatedAt.After(created.UpdatedAt) {
			t.Fatalf("after PUT %+v", got)
		}
		e.audited("service_request_type.update", india.Type)

		// Publish a definition mapped onto the type: from now on the type cannot drop what it maps.
		tpl := e.createTemplate("Legacy")
		v := e.createVersion(tpl.ID, "1.0.0", string(exampleFile(t, "legacy-mapped.json")))
		e.publish(v.ID)

		dupGroups := india
		dupGroups.TaskGroups = append(dupGroups.TaskGroups, dupGroups.TaskGroups[0])
		dupTasks := india
		dupTasks.TaskGroups = append([]RequestTypeGroup{}, india.TaskGroups...)
		dupTasks.TaskGroups[0].Tasks = append(append([]RequestTypeTask{}, india.TaskGroups[0].Tasks...), india.TaskGroups[0].Tasks[0])
		refusals := []struct {
			name, method, path string
			body               any
			status             int
			code, rule         string
		}{
			{"duplicate type", "POST", "/v1/service-request-types", india, http.StatusConflict, "already_exists", ""},
			{"bad type key", "POST", "/v1/service-request-types", RequestTypeConfig{Type: "a b", Name: "x", TaskGroups: []RequestTypeGroup{}}, http.StatusBadRequest, "invalid_request", ""},
			{"blank name", "POST", "/v1/service-request-types", RequestTypeConfig{Type: "X", Name: " ", TaskGroups: []RequestTypeGroup{}}, http.StatusBadRequest, "invalid_request", ""},
			{"no task groups", "POST", "/v1/service-request-types", map[string]any{"type": "X", "name": "x"}, http.StatusUnprocessableEntity, "invalid_request", ""},
			{"task without name", "POST", "/v1/service-request-types", map[string]any{"type": "X", "name": "x", "taskGroups": []any{map[string]any{"key": "G", "name": "G", "tasks": []any{map[string]any{"key": "T"}}}}}, http.StatusUnprocessableEntity, "invalid_request", ""},
			{"duplicate group keys", "POST", "/v1/service-request-types", func() RequestTypeConfig { c := dupGroups; c.Type = "DUP"; return c }(), http.StatusUnprocessableEntity, "legacy_config_invalid", "LEGACY_SERVICE_REQUEST_TYPE_GROUP_TASK_UNIQUE"},
			{"duplicate task keys", "PUT", "/v1/service-request-types/" + india.Type, dupTasks, http.StatusUnprocessableEntity, "legacy_config_invalid", "LEGACY_SERVICE_REQUEST_TYPE_GROUP_TASK_UNIQUE"},
			{"drop a mapped task", "PUT", "/v1/service-request-types/" + india.Type, without(india, "DOCUMENT_VERIFICATION", "VERIFY_AADHAAR"), http.StatusUnprocessableEntity, "legacy_config_invalid", "LEGACY_SERVICE_REQUEST_TASK_EXISTS_IN_TEMPLATE"},
			{"drop a mapped group", "PUT", "/v1/service-request-types/" + india.Type, without(india, "MCA_FILING", ""), http.StatusUnprocessableEntity, "legacy_config_invalid", "LEGACY_SERVICE_REQUEST_TASK_GROUP_EXISTS_IN_TEMPLATE"},
			{"type of body is not the path's", "PUT", "/v1/service-request-types/" + india.Type, other, http.StatusBadRequest, "invalid_request", ""},
			{"put unknown", "PUT", "/v1/service-request-types/NOPE", map[string]any{"name": "x", "taskGroups": []any{}}, http.StatusNotFound, "not_found", ""},
			{"get unknown", "GET", "/v1/service-request-types/NOPE", nil, http.StatusNotFound, "not_found", ""},
			{"get malformed key", "GET", "/v1/service-request-types/a%20b", nil, http.StatusNotFound, "not_found", ""},
			{"delete unknown", "DELETE", "/v1/service-request-types/NOPE", nil, http.StatusNotFound, "not_found", ""},
			{"delete a mapped type", "DELETE", "/v1/service-request-types/" + india.Type, nil, http.StatusConflict, "in_use", ""},
			{"bad cursor", "GET", "/v1/service-request-types?cursor=abc", nil, http.StatusBadRequest, "invalid_request", ""},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				p := e.problem(e.do(tt.method, tt.path, tt.body), tt.status, tt.code)
				if tt.rule != "" && !hasRule(p.Issues, definition.Rule(tt.rule)) {
					t.Fatalf("issues %+v, want one of rule %s", p.Issues, tt.rule)
				}
			})
		}
		// An unmapped task can go.
		e.ok(e.do("PUT", "/v1/service-request-types/"+india.Type, without(india, "MCA_FILING", "FILE_SPICE")), http.StatusOK, &got)
		if len(got.TaskGroups[1].Tasks) != 1 {
			t.Fatalf("after dropping FILE_SPICE: %+v", got.TaskGroups[1])
		}

		// A type with requests stays; one without goes.
		e.ok(e.do("POST", "/v1/service-requests", map[string]any{"type": other.Type}), http.StatusCreated, nil)
		e.problem(e.do("DELETE", "/v1/service-request-types/"+other.Type, nil), http.StatusConflict, "in_use")
		spare := RequestTypeConfig{Type: "SPARE", Name: "Spare", TaskGroups: []RequestTypeGroup{}}
		e.ok(e.do("POST", "/v1/service-request-types", spare), http.StatusCreated, nil)
		e.ok(e.do("DELETE", "/v1/service-request-types/SPARE", nil), http.StatusNoContent, nil)
		e.problem(e.do("GET", "/v1/service-request-types/SPARE", nil), http.StatusNotFound, "not_found")
		e.audited("service_request_type.delete", "SPARE")
	})
}
