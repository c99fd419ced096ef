package api

import (
	"net/http"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// getRequest reads a service request.
func (e *env) getRequest(id string) ServiceRequestDetail {
	e.t.Helper()
	var r ServiceRequestDetail
	e.ok(e.do("GET", "/v1/service-requests/"+id, nil), http.StatusOK, &r)
	return r
}

// waitRequest polls a request until cond holds; the engine's projection writes its statuses.
func (e *env) waitRequest(id, what string, cond func(ServiceRequestDetail) bool) ServiceRequestDetail {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := e.getRequest(id)
		if cond(r) {
			return r
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("service request %s: waiting for %s; last: %+v", id, what, r)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// taskStatuses is a request's task statuses by task key.
func taskStatuses(r ServiceRequestDetail) map[string]store.TaskStatus {
	out := map[string]store.TaskStatus{}
	for _, g := range r.TaskGroups {
		for _, tk := range g.Tasks {
			out[tk.Key] = tk.Status
		}
	}
	return out
}

// TestServiceRequestEndToEnd runs the legacy bridge through HTTP on the embedded Temporal server:
// the India type, legacy-mapped.json published, activated and linked to it, a request created,
// its tasks completed through the request's routes, and the statuses of the request, its tasks
// and its execution followed from Not started to Completed.
func TestServiceRequestEndToEnd(t *testing.T) {
	t.Parallel()
	eachEngineBackend(t, func(t *testing.T, e *engineEnv) {
		docBody := e.do("GET", "/openapi.json", nil)
		var doc openAPIDoc
		e.ok(docBody, http.StatusOK, &doc)
		schemas := compileResponses(t, docBody.body, doc)
		india := indiaType(t)
		created := e.do("POST", "/v1/service-request-types", india)
		e.ok(created, http.StatusCreated, nil)
		conforms(t, schemas, "POST /v1/service-request-types 201", created.body)
		tpl := e.createTemplate("India Pvt Ltd")
		v := e.createVersion(tpl.ID, "1.0.0", string(exampleFile(t, "legacy-mapped.json")))
		e.publish(v.ID)
		e.activate(v.ID)
		e.link(tpl.ID, store.EntityServiceCatalog, india.Type)

		body := map[string]any{"type": india.Type, "context": map[string]any{"company": "Acme"}, "idempotencyKey": "acme"}
		var r ServiceRequestDetail
		res := e.do("POST", "/v1/service-requests", body)
		e.ok(res, http.StatusCreated, &r)
		conforms(t, schemas, "POST /v1/service-requests 201", res.body)
		if r.WorkflowExecutionID == nil {
			t.Fatalf("created %+v, want an execution", r)
		}
		exID := *r.WorkflowExecutionID
		steps := map[string]string{"VERIFY_PAN_CARD": "pan", "VERIFY_AADHAAR": "aadhaar", "RESERVE_NAME": "name"}
		for _, g := range r.TaskGroups {
			for _, tk := range g.Tasks {
				if want, mapped := steps[tk.Key]; (tk.StepID == nil) == mapped || (mapped && *tk.StepID != want) {
					t.Fatalf("task %s has step %v, want %q", tk.Key, tk.StepID, want)
				}
			}
		}
		if st := taskStatuses(r); st["VERIFY_AADHAAR"] != store.TaskNotStarted || st["RESERVE_NAME"] != store.TaskNotStarted {
			t.Fatalf("statuses at creation %v, want the later tasks Not started", st)
		}
		var again ServiceRequestDetail
		e.ok(e.do("POST", "/v1/service-requests", body), http.StatusCreated, &again)
		if again.ID != r.ID || e.executionCount() != 1 {
			t.Fatalf("a retry made request %s (first %s) or a second execution", again.ID, r.ID)
		}

		r = e.waitRequest(r.ID, "VERIFY_PAN_CARD In progress", func(r ServiceRequestDetail) bool {
			return taskStatuses(r)["VERIFY_PAN_CARD"] == store.TaskInProgress && r.Status == store.RequestInProgress
		})
		if d := e.waitOpen(exID, "pan"); d.RuntimeStatus != store.RuntimeInProgress {
			t.Fatalf("execution runtime status %s, want InProgress", d.RuntimeStatus)
		}
		complete := func(key string) ServiceRequestDetail {
			t.Helper()
			var out ServiceRequestDetail
			res := e.do("POST", "/v1/service-requests/"+r.ID+"/tasks/"+task(t, r, groupOf(key), key).ID+"/complete", map[string]any{})
			e.ok(res, http.StatusOK, &out)
			conforms(t, schemas, "POST /v1/service-requests/{id}/tasks/{taskId}/complete 200", res.body)
			if st := taskStatuses(out)[key]; st != store.TaskCompleted {
				t.Fatalf("after completing %s its status is %s, want Completed", key, st)
			}
			return out
		}
		complete("VERIFY_PAN_CARD")
		e.problem(e.do("POST", "/v1/service-requests/"+r.ID+"/tasks/"+task(t, r, "DOCUMENT_VERIFICATION", "VERIFY_PAN_CARD").ID+"/complete", nil), http.StatusConflict, "step_not_open")
		e.problem(e.do("POST", "/v1/service-requests/"+r.ID+"/tasks/"+task(t, r, "MCA_FILING", "FILE_SPICE").ID+"/complete", nil), http.StatusNotFound, "step_not_found")

		for _, key := range []string{"VERIFY_AADHAAR", "RESERVE_NAME"} {
			e.waitRequest(r.ID, key+" In progress", func(r ServiceRequestDetail) bool { return taskStatuses(r)[key] == store.TaskInProgress })
			complete(key)
		}
		r = e.waitRequest(r.ID, "the request Completed", func(r ServiceRequestDetail) bool { return r.Status == store.RequestCompleted })
		want := map[string]store.TaskStatus{
			"VERIFY_PAN_CARD": store.TaskCompleted, "VERIFY_AADHAAR": store.TaskCompleted, "RESERVE_NAME": store.TaskCompleted,
			"FILE_SPICE": store.TaskNotStarted, // no step maps onto it
		}
		for k, s := range want {
			if got := taskStatuses(r)[k]; got != s {
				t.Fatalf("task %s is %s, want %s; all: %v", k, got, s, taskStatuses(r))
			}
		}
		d := e.waitFor(exID, "Completed", func(d ExecutionDetail) bool {
			return d.Status == store.ExecutionCompleted && d.RuntimeStatus == store.RuntimeCompleted
		})
		if d.TriggerEventID == nil || r.TriggerEventID == nil || *d.TriggerEventID != *r.TriggerEventID {
			t.Fatalf("execution's event %v, request's %v: want the same", d.TriggerEventID, r.TriggerEventID)
		}

		var synced ServiceRequestDetail
		res = e.do("POST", "/v1/service-requests/"+r.ID+"/sync", nil)
		e.ok(res, http.StatusOK, &synced)
		conforms(t, schemas, "POST /v1/service-requests/{id}/sync 200", res.body)
		conforms(t, schemas, "GET /v1/service-requests/{id} 200", e.do("GET", "/v1/service-requests/"+r.ID, nil).body)
		var list listBody[ServiceRequest]
		res = e.do("GET", "/v1/service-requests?workflowExecutionId="+exID, nil)
		e.ok(res, http.StatusOK, &list)
		conforms(t, schemas, "GET /v1/service-requests 200", res.body)
		if len(list.Items) != 1 || list.Items[0].ID != r.ID {
			t.Fatalf("requests of execution %s: %+v, want %s", exID, list.Items, r.ID)
		}
		if synced.Status != store.RequestCompleted || taskStatuses(synced)["RESERVE_NAME"] != store.TaskCompleted {
			t.Fatalf("after sync %+v", synced)
		}
		e.audited("service_request.complete_task", r.ID)
		e.audited("service_request.sync", r.ID)
	})
}

// groupOf is the India type's group of a task key.
func groupOf(taskKey string) string {
	if taskKey == "RESERVE_NAME" || taskKey == "FILE_SPICE" {
		return "MCA_FILING"
	}
	return "DOCUMENT_VERIFICATION"
}
