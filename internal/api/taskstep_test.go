package api

import (
	"net/http"
	"testing"
)

// TestTaskCarriesItsStep checks that GET /v1/tasks/{id} gives an agent, who may not read
// versions, what its step asks for: the form (else the outputSchema), the message, the URL the
// engine resolved and the documents.
func TestTaskCarriesItsStep(t *testing.T) {
	t.Parallel()
	one := func(step string) string {
		return `{"id":"wf","name":"One","steps":[{"id":"start","type":"start","name":"Start"},` + step +
			`,{"id":"end","type":"end","name":"End"}],"stepTransitions":[` +
			`{"id":"t1","fromStepId":"start","toStepId":"s"},{"id":"t2","fromStepId":"s","toStepId":"end"}]}`
	}
	const group = `"assignee":{"type":"const","value":"group:kyc"}`
	cases := []struct {
		name, step string
		check      func(t *testing.T, got Task)
	}{
		{"form", `{"id":"s","type":"human.form","name":"Directors",` + group +
			`,"ui":{"message":"List the directors"},"form":{"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}}`,
			func(t *testing.T, got Task) {
				t.Helper()
				if got.Form["type"] != "object" || got.Message != "List the directors" {
					t.Fatalf("form %v, message %q", got.Form, got.Message)
				}
			}},
		{"outputSchema when no form", `{"id":"s","type":"human.form","name":"Directors",` + group +
			`,"outputSchema":{"type":"object","properties":{"ok":{"type":"boolean"}}}}`,
			func(t *testing.T, got Task) {
				t.Helper()
				if p, _ := got.Form["properties"].(map[string]any); p["ok"] == nil {
					t.Fatalf("form %v, want the outputSchema", got.Form)
				}
			}},
		{"resolved url", `{"id":"s","type":"human.url_redirect","name":"Pay",` + group +
			`,"url":{"type":"expr","expr":{"src":"'https://pay.example/' & __context__.order"}}}`,
			func(t *testing.T, got Task) {
				t.Helper()
				if got.URL != "https://pay.example/42" || got.Form != nil {
					t.Fatalf("url %q form %v", got.URL, got.Form)
				}
			}},
		{"documents", `{"id":"s","type":"human.doc_upload","name":"Upload",` + group +
			`,"documents":[{"key":"pan","name":"PAN","required":true},{"key":"gst"}]}`,
			func(t *testing.T, got Task) {
				t.Helper()
				want := []TaskDocument{{Key: "pan", Name: "PAN", Required: true}, {Key: "gst"}}
				if a, b := string(mustJSON(t, got.Documents)), string(mustJSON(t, want)); a != b {
					t.Fatalf("documents %s, want %s", a, b)
				}
			}},
	}
	e := newEngineEnv(t, "sqlite")
	ada := e.agent("ada", "kyc")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := e.publishedVersion("One "+c.name, one(c.step))
			ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID, "name": "run " + c.name, "context": map[string]any{"order": "42"}})
			listed := waitTask(t, ada, "?queue=groups", ex.ID, "s")
			if listed.Form != nil || listed.Documents != nil {
				t.Fatalf("list item carries the step: %+v", listed)
			}
			var got Task
			ada.ok(ada.do("GET", "/v1/tasks/"+listed.ID, nil), http.StatusOK, &got)
			if got.WorkflowExecutionName != "run "+c.name {
				t.Fatalf("execution name %q", got.WorkflowExecutionName)
			}
			c.check(t, got)
		})
	}
}
