package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

// requestCount counts the service requests in the store.
func (e *env) requestCount() int {
	e.t.Helper()
	rs, err := e.store.ListServiceRequests(context.Background(), store.ServiceRequestFilter{Page: store.Page{Limit: 200}})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(rs)
}

// task finds a task of a request by group and task key.
func task(t *testing.T, r ServiceRequestDetail, groupKey, taskKey string) RequestTask {
	t.Helper()
	for _, g := range r.TaskGroups {
		for _, tk := range g.Tasks {
			if g.Key == groupKey && tk.Key == taskKey {
				return tk
			}
		}
	}
	t.Fatalf("request %s has no task %s/%s: %+v", r.ID, groupKey, taskKey, r.TaskGroups)
	return RequestTask{}
}

// TestServiceRequestsWithoutWorkflow covers requests whose type starts nothing, and every refusal
// that needs no engine.
func TestServiceRequestsWithoutWorkflow(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		india := indiaType(t)
		e.ok(e.do("POST", "/v1/service-request-types", india), http.StatusCreated, nil)
		body := map[string]any{"type": india.Type, "context": map[string]any{"company": "Acme"}, "idempotencyKey": "acme-1"}
		var r ServiceRequestDetail
		e.ok(e.do("POST", "/v1/service-requests", body), http.StatusCreated, &r)
		if r.Status != store.RequestNotStarted || r.WorkflowExecutionID != nil || r.TriggerEventID == nil || len(r.TaskGroups) != 2 {
			t.Fatalf("created %+v, want Not started, no execution, an event and the type's 2 groups", r)
		}
		if g := r.TaskGroups[1]; g.Key != "MCA_FILING" || g.Order != 2 || len(g.Tasks) != 2 || g.Tasks[1].Key != "FILE_SPICE" || g.Tasks[1].Position != 1 {
			t.Fatalf("second group %+v, want MCA_FILING with RESERVE_NAME, FILE_SPICE", g)
		}
		if tk := task(t, r, "DOCUMENT_VERIFICATION", "VERIFY_PAN_CARD"); tk.Status != store.TaskNotStarted || tk.StepID != nil {
			t.Fatalf("task %+v, want Not started with no step", tk)
		}
		e.audited("service_request.create", r.ID)

		var again, got ServiceRequestDetail
		e.ok(e.do("POST", "/v1/service-requests", body), http.StatusCreated, &again)
		e.ok(e.do("GET", "/v1/service-requests/"+r.ID, nil), http.StatusOK, &got)
		if again.ID != r.ID || got.ID != r.ID || len(got.TaskGroups) != 2 || string(got.Context) != `{"company":"Acme"}` {
			t.Fatalf("retry %+v and get %+v, want request %s", again, got, r.ID)
		}
		var second ServiceRequestDetail
		e.ok(e.do("POST", "/v1/service-requests", map[string]any{"type": india.Type}), http.StatusCreated, &second)
		var list listBody[ServiceRequest]
		e.ok(e.do("GET", "/v1/service-requests?type="+india.Type+"&status=Not%20started&limit=1", nil), http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].ID != r.ID || list.NextCursor == "" {
			t.Fatalf("first page %+v, want %s and a cursor", list, r.ID)
		}

		// A linked type whose template has no active version creates nothing; one with an
		// active version needs the engine this server does not run.
		drafted := e.createTemplate("Drafted")
		e.createVersion(drafted.ID, "1.0.0", validDefinition)
		e.ok(e.do("POST", "/v1/service-request-types", RequestTypeConfig{Type: "DRAFTED", Name: "Drafted", TaskGroups: []RequestTypeGroup{}}), http.StatusCreated, nil)
		e.link(drafted.ID, store.EntityServiceCatalog, "DRAFTED")
		active := e.createTemplate("Active")
		av := e.createVersion(active.ID, "1.0.0", validDefinition)
		e.publish(av.ID)
		e.activate(av.ID)
		e.ok(e.do("POST", "/v1/service-request-types", RequestTypeConfig{Type: "ACTIVE", Name: "Active", TaskGroups: []RequestTypeGroup{}}), http.StatusCreated, nil)
		e.link(active.ID, store.EntityServiceCatalog, "ACTIVE")
		e.ok(e.do("POST", "/v1/events", map[string]any{"type": "product.purchased", "entityId": "x", "idempotencyKey": "plain-event"}), http.StatusOK, nil)

		before := e.requestCount()
		refusals := []struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{
			{"unknown type", "POST", "/v1/service-requests", map[string]any{"type": "NOPE"}, http.StatusNotFound, "not_found"},
			{"malformed type", "POST", "/v1/service-requests", map[string]any{"type": "a b"}, http.StatusNotFound, "not_found"},
			{"no type", "POST", "/v1/service-requests", map[string]any{}, http.StatusUnprocessableEntity, "invalid_request"},
			{"context not an object", "POST", "/v1/service-requests", map[string]any{"type": india.Type, "context": []int{1}}, http.StatusBadRequest, "invalid_request"},
			{"key reused with another payload", "POST", "/v1/service-requests", map[string]any{"type": india.Type, "idempotencyKey": "acme-1"}, http.StatusConflict, "idempotency_conflict"},
			{"key of a plain event", "POST", "/v1/service-requests", map[string]any{"type": india.Type, "idempotencyKey": "plain-event"}, http.StatusConflict, "idempotency_conflict"},
			{"no active version", "POST", "/v1/service-requests", map[string]any{"type": "DRAFTED", "idempotencyKey": "d-1"}, http.StatusConflict, "no_active_version"},
			{"no engine", "POST", "/v1/service-requests", map[string]any{"type": "ACTIVE", "idempotencyKey": "a-1"}, http.StatusServiceUnavailable, "engine_unavailable"},
			{"get unknown", "GET", "/v1/service-requests/cabcdefghijklmnopqrstuvwx", nil, http.StatusNotFound, "not_found"},
			{"get malformed id", "GET", "/v1/service-requests/nope", nil, http.StatusNotFound, "not_found"},
			{"sync without engine", "POST", "/v1/service-requests/" + r.ID + "/sync", nil, http.StatusServiceUnavailable, "engine_unavailable"},
			{"complete a task of no workflow", "POST", "/v1/service-requests/" + r.ID + "/tasks/" + r.TaskGroups[0].Tasks[0].ID + "/complete", nil, http.StatusConflict, "execution_not_running"},
			{"complete another request's task", "POST", "/v1/service-requests/" + second.ID + "/tasks/" + r.TaskGroups[0].Tasks[0].ID + "/complete", nil, http.StatusNotFound, "not_found"},
			{"complete a malformed task id", "POST", "/v1/service-requests/" + r.ID + "/tasks/nope/complete", nil, http.StatusNotFound, "not_found"},
			{"list with a bad status", "GET", "/v1/service-requests?status=Done", nil, http.StatusUnprocessableEntity, "invalid_request"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do(tt.method, tt.path, tt.body), tt.status, tt.code)
			})
		}
		if n := e.requestCount(); n != before {
			t.Fatalf("%d requests after the refusals, want %d", n, before)
		}
		for _, key := range []string{"d-1", "a-1"} {
			e.noEvent(key)
		}
		if n := e.executionCount(); n != 0 {
			t.Fatalf("%d executions, want none", n)
		}
	})
}
