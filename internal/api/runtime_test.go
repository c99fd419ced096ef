package api

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// TestRuntimeViewIsDocumented checks that the document describes every field of the runtime
// view, and that the view's fields are the ones the type declares (nothing of the engine's
// leaks in).
func TestRuntimeViewIsDocumented(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Properties map[string]struct {
						Description string `json:"description"`
					} `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		e.ok(e.do("GET", "/openapi.json", nil), http.StatusOK, &doc)
		want := map[string]int{"RuntimeView": 12, "RuntimeStep": 16, "RuntimeStepError": 2, "RuntimeChild": 1}
		for name, n := range want {
			s, ok := doc.Components.Schemas[name]
			if !ok {
				t.Errorf("no schema %s in the document", name)
				continue
			}
			if len(s.Properties) != n {
				t.Errorf("%s has %d properties, want %d", name, len(s.Properties), n)
			}
			for field, p := range s.Properties {
				if p.Description == "" {
					t.Errorf("%s.%s has no description", name, field)
				}
			}
		}
	})
}

// TestRuntimeOf checks the copy from the engine's view keeps the JSON shape clients read.
func TestRuntimeOf(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	st := &engine.State{ID: "e", CorrelationID: "e", WorkflowTemplateVersionID: "v", RuntimeStatus: definition.StatusFailed,
		StartedAt: at, FailedAt: &at, Context: map[string]any{"a": 1.0}, Steps: map[string]*engine.StepState{
			"s": {ID: "e:s", Type: "sys.sub_workflow", StepID: "s", Status: definition.StatusFailed, Attempt: 1, StartedAt: &at, FailedAt: &at,
				Error:                   &interp.StepError{Code: interp.CodeChildFailed, Message: "m"},
				ChildWorkflowExecutions: []interp.ChildRef{{ID: "c"}}},
			"h": {ID: "e:h", Type: "human.confirm", StepID: "h", Status: definition.StatusCompleted, Attempt: 2, Assignee: "ada", CompletedBy: "ada",
				OutputData: map[string]any{"ok": true}},
		}}
	engineJSON, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	apiJSON, err := json.Marshal(runtimeOf((*app.Runtime)(st)))
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(engineJSON, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(apiJSON, &b); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("the API's view\n%s\ndiffers from the engine's\n%s", jb, ja)
	}
	if runtimeOf(nil) != nil || stepRuntimeOf(nil) != nil {
		t.Error("no view must stay null")
	}
}
