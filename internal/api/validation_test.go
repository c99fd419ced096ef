package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/id"
)

// withChild is a definition whose middle step runs childVersionID as a sub-workflow.
func withChild(childVersionID string) string {
	return `{"id":"wf","name":"Parent","steps":[` +
		`{"id":"start","type":"start","name":"Start"},` +
		`{"id":"child","type":"sys.sub_workflow","name":"Child","mode":"SINGLE","childWorkflowTemplateVersionId":"` + childVersionID + `"},` +
		`{"id":"end","type":"end","name":"End"}],"stepTransitions":[` +
		`{"id":"t1","fromStepId":"start","toStepId":"child"},` +
		`{"id":"t2","fromStepId":"child","toStepId":"end"}]}`
}

func rules(issues []definition.Issue) []string {
	var out []string
	for _, i := range issues {
		out = append(out, string(i.Rule))
	}
	return out
}

func hasRule(issues []definition.Issue, rule definition.Rule) bool {
	for _, i := range issues {
		if i.Rule == rule {
			return true
		}
	}
	return false
}

func TestValidation(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		child := e.createTemplate("Child")
		childDraft := e.createVersion(child.ID, "1.0.0", validDefinition)
		childPublished := e.createVersion(child.ID, "2.0.0", validDefinition)
		e.publish(childPublished.ID)
		parent := e.createTemplate("Parent")

		noEnd := `{"id":"wf","name":"x","steps":[{"id":"start","type":"start","name":"Start"}],"stepTransitions":[]}`
		cases := []struct {
			name  string
			query string
			body  string
			valid bool
			rule  definition.Rule
		}{
			{"valid", "", validDefinition, true, ""},
			{"no end step", "", noEnd, false, definition.RuleGraphExactlyOneEnd},
			{"the wrong shape", "", `{"id": 1, "steps": "none"}`, false, definition.RuleDefinitionShape},
			{"unknown child version", "", withChild(id.New()), false, definition.RuleChildVersionExists},
			{"draft child version", "", withChild(childDraft.ID), false, definition.RuleChildVersionExists},
			{"published child version", "", withChild(childPublished.ID), true, ""},
			{"child of the same template", "?workflowTemplateId=" + child.ID, withChild(childPublished.ID), false, definition.RuleSubWorkflowNoCycle},
		}
		// A body that is not an object never gets as far as the validator (docs/api.md, input limits).
		e.problem(e.do("POST", "/v1/definitions/validate", `"a string"`), http.StatusBadRequest, "invalid_request")
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				var res definition.Result
				e.ok(e.do("POST", "/v1/definitions/validate"+tt.query, tt.body), http.StatusOK, &res)
				if res.Valid != tt.valid || (tt.rule != "" && !hasRule(res.Issues, tt.rule)) {
					t.Fatalf("valid=%v issues %v; want valid=%v with %s", res.Valid, rules(res.Issues), tt.valid, tt.rule)
				}
				if res.Issues == nil {
					t.Fatalf("issues is null, want a list")
				}
			})
		}
		e.problem(e.do("POST", "/v1/definitions/validate?workflowTemplateId=nope", validDefinition), http.StatusNotFound, "not_found")
		e.problem(e.do("POST", "/v1/definitions/validate", `{"steps": [`), http.StatusBadRequest, "invalid_request")

		// Save and publish use the same rules, with the store at hand.
		saved := e.createVersion(parent.ID, "1.0.0", withChild(childDraft.ID))
		if !hasRule(saved.Issues, definition.RuleChildVersionExists) {
			t.Fatalf("saving answered issues %v, want CHILD_VERSION_EXISTS", rules(saved.Issues))
		}
		var stored definition.Result
		e.ok(e.do("GET", "/v1/versions/"+saved.ID+"/validation", nil), http.StatusOK, &stored)
		if stored.Valid || !hasRule(stored.Issues, definition.RuleChildVersionExists) {
			t.Fatalf("GET validation = %+v", stored)
		}
		p := e.problem(e.do("POST", "/v1/versions/"+saved.ID+"/publish", nil), http.StatusUnprocessableEntity, "validation_failed")
		if !hasRule(p.Issues, definition.RuleChildVersionExists) {
			t.Fatalf("publish refused with issues %v", rules(p.Issues))
		}
		e.publish(childDraft.ID) // now the child exists as PUBLISHED, so the parent passes
		e.publish(saved.ID)

		cyclic := e.createVersion(child.ID, "3.0.0", withChild(childPublished.ID))
		p = e.problem(e.do("POST", "/v1/versions/"+cyclic.ID+"/publish", nil), http.StatusUnprocessableEntity, "validation_failed")
		if !hasRule(p.Issues, definition.RuleSubWorkflowNoCycle) {
			t.Fatalf("publishing a self-referencing version refused with %v, want SUB_WORKFLOW_NO_CYCLE", rules(p.Issues))
		}
		e.problem(e.do("GET", "/v1/versions/"+id.New()+"/validation", nil), http.StatusNotFound, "not_found")

		r := e.do("GET", "/v1/schemas/definition", nil)
		var schema map[string]any
		e.ok(r, http.StatusOK, &schema)
		if !strings.HasPrefix(r.header.Get("Content-Type"), "application/schema+json") || schema["$schema"] == nil {
			t.Fatalf("schema answered %s with %v", r.header.Get("Content-Type"), schema["$schema"])
		}
		if !json.Valid(r.body) {
			t.Fatalf("schema is not JSON")
		}
	})
}
