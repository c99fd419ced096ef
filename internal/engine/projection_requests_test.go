package engine

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

// withStep rewrites one step of a definition document with the given fields set.
func withStep(t *testing.T, def json.RawMessage, stepID string, set map[string]any) json.RawMessage {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(def, &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc["steps"].([]any) {
		if step := s.(map[string]any); step["id"] == stepID {
			for k, v := range set {
				step[k] = v
			}
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const (
	pan, aadhaar = "DOCUMENT_VERIFICATION/VERIFY_PAN_CARD", "DOCUMENT_VERIFICATION/VERIFY_AADHAAR"
	name, spice  = "MCA_FILING/RESERVE_NAME", "MCA_FILING/FILE_SPICE"
)

// The legacy-mapped example moves its request's tasks Not started -> In progress -> Completed
// as its steps run, and the request with its execution.
func TestProjectionServiceRequestFollowsSteps(t *testing.T) {
	t.Parallel()
	s, execID := projectiontest.OpenStore(t)
	reqID := projectiontest.NewRequest(t, s, execID)
	h := newHarness(t, projection.Persistence{Store: s})
	h.then(func() {
		r := projectiontest.WantRequest(t, s, reqID, store.RequestInProgress, map[string]store.TaskStatus{
			pan: store.TaskInProgress, aadhaar: store.TaskNotStarted, name: store.TaskNotStarted, spice: store.TaskNotStarted})
		if step := r.Groups[0].Tasks[0].StepID; step == nil || *step != "pan" {
			t.Errorf("the PAN task names step %v, want pan", step)
		}
	})
	h.complete("pan", nil)
	h.then(func() {
		projectiontest.WantRequest(t, s, reqID, store.RequestInProgress, map[string]store.TaskStatus{
			pan: store.TaskCompleted, aadhaar: store.TaskInProgress, name: store.TaskNotStarted})
	})
	h.complete("aadhaar", nil)
	h.complete("name", nil)
	st := h.runInput(Input{ExecutionID: execID, Definition: example(t, "legacy-mapped")})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status %s, want Completed", st.RuntimeStatus)
	}
	projectiontest.WantRequest(t, s, reqID, store.RequestCompleted, map[string]store.TaskStatus{
		pan: store.TaskCompleted, aadhaar: store.TaskCompleted, name: store.TaskCompleted, spice: store.TaskNotStarted})
}

// An open step past its due date makes its task SLA breached when the date passes (the
// workflow wakes for it); an ActionRequired step makes its task and the request Action
// required; a cancellation cancels the request.
func TestProjectionServiceRequestSLAAndActionRequired(t *testing.T) {
	t.Parallel()
	s, execID := projectiontest.OpenStore(t)
	reqID := projectiontest.NewRequest(t, s, execID)
	def := withStep(t, example(t, "legacy-mapped"), "pan", map[string]any{"dueIn": "PT30M"})
	def = withStep(t, def, "aadhaar", map[string]any{"activationPolicy": map[string]any{"defaultStatus": "ActionRequired"}})
	h := newHarness(t, projection.Persistence{Store: s})
	h.then(func() {
		projectiontest.WantRequest(t, s, reqID, store.RequestInProgress, map[string]store.TaskStatus{pan: store.TaskInProgress})
	})
	h.next += 40 * time.Minute
	h.then(func() {
		projectiontest.WantRequest(t, s, reqID, store.RequestInProgress, map[string]store.TaskStatus{pan: store.TaskSLABreached})
		wantTasks(t, s, execID, taskWant{step: "pan", attempt: 1, status: store.HumanTaskOpen, dueAt: start.Add(30 * time.Minute)})
	})
	h.complete("pan", nil)
	h.then(func() {
		projectiontest.WantRequest(t, s, reqID, store.RequestActionRequired, map[string]store.TaskStatus{
			pan: store.TaskCompleted, aadhaar: store.TaskActionRequired})
	})
	h.runInput(Input{ExecutionID: execID, Definition: def}) // cancelled at the end of the script
	projectiontest.WantRequest(t, s, reqID, store.RequestCancelled, map[string]store.TaskStatus{
		pan: store.TaskCompleted, aadhaar: store.TaskNotStarted})
}

// Each BATCH child of an execution with a service request gets its own task group, linked to
// the child and named after it, whose tasks follow the child's steps.
func TestProjectionBatchChildGroups(t *testing.T) {
	t.Parallel()
	s, _ := projectiontest.OpenStore(t)
	childVersion := projectiontest.CreateVersion(t, s, "DSC", example(t, "dsc-child"), store.VersionPublished)
	// The children's groups are found from the parent's row, so it must be of the BATCH version.
	def := incorporation(t, childVersion)
	parentID := id.New()
	err := s.CreateExecution(context.Background(), &store.Execution{ID: parentID, Name: "incorporation",
		VersionID: projectiontest.CreateVersion(t, s, "Incorporation", def, store.VersionPublished), Context: json.RawMessage(`{}`),
		Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted})
	if err != nil {
		t.Fatal(err)
	}
	reqID := projectiontest.NewRequest(t, s, parentID)
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("collect", map[string]any{"directors": []any{
		map[string]any{"id": "d1", "name": "Asha", "hasDsc": false},
		map[string]any{"id": "d2", "name": "Ravi", "hasDsc": true},
		map[string]any{"id": "d3", "name": "Meera", "hasDsc": false},
	}})
	h.then(func() {
		r := projectiontest.WantRequest(t, s, reqID, store.RequestInProgress, map[string]store.TaskStatus{
			"DSC - Asha/apply": store.TaskInProgress, "DSC - Asha/issued": store.TaskNotStarted,
			"DSC - Meera/apply": store.TaskInProgress, "DSC - Meera/issued": store.TaskNotStarted,
		})
		if len(r.Groups) != 4 {
			t.Fatalf("request has %d groups, want the type's 2 and one per child", len(r.Groups))
		}
		for i, child := range r.Groups[2:] {
			row, err := s.GetExecution(context.Background(), *child.WorkflowExecutionID)
			if err != nil {
				t.Fatal(err)
			}
			if child.Key != "dsc" || child.Order != 3 || row.Name != child.Name || *row.ParentID != parentID {
				t.Errorf("child group %d: key %q order %d name %q, linked to %q (parent %s); want dsc, 3, the child's name",
					i, child.Key, child.Order, child.Name, row.Name, *row.ParentID)
			}
		}
	})
	h.runInput(Input{ExecutionID: parentID, Definition: def,
		Context: map[string]any{"company": map[string]any{"name": "Acme Pvt Ltd"}}})
	projectiontest.WantRequest(t, s, reqID, store.RequestCancelled, map[string]store.TaskStatus{
		"DSC - Asha/apply": store.TaskNotStarted, "DSC - Meera/apply": store.TaskNotStarted})
}
