package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/engine/sim"
)

func TestSimulate(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		rework := json.RawMessage(example(t, "rework-loop"))
		reworkScript := map[string]any{"steps": map[string]any{
			"prepare": []any{map[string]any{}, map[string]any{}},
			"review":  []any{map[string]any{"output": map[string]any{"approved": false}}, map[string]any{"output": map[string]any{"approved": true}}},
			"submit":  []any{map[string]any{}}}}
		t.Run("inline definition with expectations", func(t *testing.T) {
			var out SimulationOutcome
			e.at(t).ok(e.do("POST", "/v1/simulations", map[string]any{"definition": rework, "script": reworkScript,
				"expect": map[string]any{"status": "Completed", "attempts": map[string]any{"prepare": 2}}}), http.StatusOK, &out)
			if !out.Passed || out.Result.Status != "Completed" || out.Result.Final["prepare"].Attempts != 2 {
				t.Fatalf("outcome = %+v", out)
			}
		})
		t.Run("a failed expectation is reported, not an error", func(t *testing.T) {
			var out SimulationOutcome
			e.at(t).ok(e.do("POST", "/v1/simulations", map[string]any{"definition": rework, "script": reworkScript,
				"expect": map[string]any{"attempts": map[string]any{"prepare": 1}}}), http.StatusOK, &out)
			if out.Passed || len(out.Mismatches) != 1 || out.Mismatches[0].Path != "/expect/attempts/prepare" {
				t.Fatalf("outcome = %+v", out)
			}
		})
		t.Run("stored version, waiting", func(t *testing.T) {
			tpl := e.at(t).createTemplate("sim-" + t.Name())
			v := e.at(t).createVersion(tpl.ID, "1.0.0", validDefinition)
			var out SimulationOutcome
			e.at(t).ok(e.do("POST", "/v1/simulations", map[string]any{"versionId": v.ID}), http.StatusOK, &out)
			if out.Result.Status != sim.StatusWaiting || len(out.Result.Waiting) != 1 || out.Result.Waiting[0].StepID != "confirm" {
				t.Fatalf("result = %+v", out.Result)
			}
		})
		for _, tc := range []struct {
			name   string
			body   any
			status int
			code   string
			check  func(t *testing.T, p Problem)
		}{
			{"unknown step in the script", map[string]any{"definition": rework, "script": map[string]any{"steps": map[string]any{"reveiw": []any{}}}},
				http.StatusBadRequest, "invalid_request", func(t *testing.T, p Problem) {
					if len(p.Errors) != 1 || p.Errors[0].Location != "body.script.steps.reveiw" || !strings.Contains(p.Errors[0].Message, `did you mean "review"`) {
						t.Errorf("errors = %+v", p.Errors)
					}
				}},
			{"script of the wrong type", map[string]any{"definition": rework, "script": map[string]any{"steps": map[string]any{"review": "yes"}}},
				http.StatusBadRequest, "invalid_request", nil},
			{"definition with errors", map[string]any{"definition": json.RawMessage(`{"id":"x","name":"x","steps":[],"stepTransitions":[]}`)},
				http.StatusUnprocessableEntity, "validation_failed", func(t *testing.T, p Problem) {
					if len(p.Issues) == 0 {
						t.Error("no issues")
					}
				}},
			{"both definition and version", map[string]any{"definition": rework, "versionId": "c0000000000000000000000000"}, http.StatusBadRequest, "invalid_request", nil},
			{"neither", map[string]any{}, http.StatusBadRequest, "invalid_request", nil},
			{"unknown version", map[string]any{"versionId": "c0000000000000000000000000"}, http.StatusNotFound, "not_found", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := e.at(t).problem(e.do("POST", "/v1/simulations", tc.body), tc.status, tc.code)
				if tc.check != nil {
					tc.check(t, p)
				}
			})
		}
		var execs struct{ Items []any }
		e.ok(e.do("GET", "/v1/executions", nil), http.StatusOK, &execs)
		if len(execs.Items) != 0 {
			t.Errorf("simulations wrote executions: %+v", execs.Items)
		}
	})
}

func TestSavedScenariosGatePublish(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("scenarios")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		path := "/v1/versions/" + v.ID + "/scenarios"
		passing := map[string]any{"name": "confirmed", "script": map[string]any{"steps": map[string]any{"confirm": []any{map[string]any{}}}},
			"expect": map[string]any{"status": "Completed"}}
		failing := map[string]any{"name": "confirm twice", "script": map[string]any{"steps": map[string]any{"confirm": []any{map[string]any{}}}},
			"expect": map[string]any{"attempts": map[string]any{"confirm": 2}}}
		var saved Scenario
		e.ok(e.do("POST", path, passing), http.StatusOK, &saved)
		if saved.Name != "confirmed" || saved.VersionID != v.ID {
			t.Fatalf("saved = %+v", saved)
		}
		e.ok(e.do("POST", path, failing), http.StatusOK, nil)
		var list struct{ Items []Scenario }
		e.ok(e.do("GET", path, nil), http.StatusOK, &list)
		if len(list.Items) != 2 || list.Items[0].Name != "confirm twice" {
			t.Fatalf("list = %+v", list)
		}
		p := e.problem(e.do("POST", "/v1/versions/"+v.ID+"/publish", nil), http.StatusUnprocessableEntity, "validation_failed")
		if len(p.Issues) != 1 || p.Issues[0].Rule != "SCENARIO_PASSES" || !strings.Contains(p.Issues[0].Message, `"confirm twice"`) {
			t.Fatalf("issues = %+v", p.Issues)
		}
		e.ok(e.do("DELETE", path+"/confirm%20twice", nil), http.StatusNoContent, nil)
		e.problem(e.do("DELETE", path+"/confirm%20twice", nil), http.StatusNotFound, "not_found")
		if pub := e.publish(v.ID); pub.Status != "PUBLISHED" {
			t.Fatalf("published = %+v", pub)
		}

		for _, tc := range []struct {
			name   string
			path   string
			body   any
			status int
			code   string
		}{
			{"unknown step", path, map[string]any{"name": "x", "script": map[string]any{"steps": map[string]any{"nope": []any{}}}}, http.StatusBadRequest, "invalid_request"},
			{"with a definition", path, map[string]any{"name": "x", "definition": json.RawMessage(validDefinition)}, http.StatusBadRequest, "invalid_request"},
			{"no name", path, map[string]any{"script": map[string]any{}}, http.StatusBadRequest, "invalid_request"},
			{"unknown version", "/v1/versions/c0000000000000000000000000/scenarios", passing, http.StatusNotFound, "not_found"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e.at(t).problem(e.do("POST", tc.path, tc.body), tc.status, tc.code)
			})
		}
	})
}

// The issue's walk-through over the API: rework-loop with a rejection then an approval runs
// prepare twice; saved as a scenario, it lets the draft publish; once the draft is changed so
// that a rejection no longer loops back, publishing is refused with the scenario's name.
func TestReworkScenarioBlocksBrokenDraft(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		rework := example(t, "rework-loop")
		tpl := e.createTemplate("rework")
		v := e.createVersion(tpl.ID, "1.0.0", rework)
		scenario := map[string]any{"name": "rejected once, then approved",
			"script": map[string]any{"steps": map[string]any{
				"prepare": []any{map[string]any{}, map[string]any{}},
				"review":  []any{map[string]any{"output": map[string]any{"approved": false}}, map[string]any{"output": map[string]any{"approved": true}}},
				"submit":  []any{map[string]any{}}}},
			"expect": map[string]any{"status": "Completed", "attempts": map[string]any{"prepare": 2}}}
		var out SimulationOutcome
		e.ok(e.do("POST", "/v1/simulations", map[string]any{"versionId": v.ID, "script": scenario["script"], "expect": scenario["expect"]}), http.StatusOK, &out)
		var prepares int
		for _, s := range out.Result.Steps {
			if s.StepID == "prepare" {
				prepares++
			}
		}
		if !out.Passed || prepares != 2 {
			t.Fatalf("prepare ran %d times, passed %v: %+v", prepares, out.Passed, out)
		}
		e.ok(e.do("POST", "/v1/versions/"+v.ID+"/scenarios", scenario), http.StatusOK, nil)

		// Break the loop: the split now always goes on to submit.
		var def map[string]any
		if err := json.Unmarshal([]byte(rework), &def); err != nil {
			t.Fatal(err)
		}
		for _, tr := range def["stepTransitions"].([]any) {
			m := tr.(map[string]any)
			if m["fromStepId"] == "ok" && m["toStepId"] == "submit" {
				m["condition"] = map[string]any{"type": "jsonata", "src": "true"}
			}
		}
		_, tag := e.getVersion(v.ID)
		e.ok(e.do("PATCH", "/v1/versions/"+v.ID, map[string]any{"definition": def}, "If-Match", tag), http.StatusOK, nil)
		p := e.problem(e.do("POST", "/v1/versions/"+v.ID+"/publish", nil), http.StatusUnprocessableEntity, "validation_failed")
		if len(p.Issues) != 1 || !strings.Contains(p.Issues[0].Message, `scenario "rejected once, then approved" fails`) {
			t.Fatalf("issues = %+v", p.Issues)
		}
	})
}
