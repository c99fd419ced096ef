package engine

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

func subWorkflowGraph(t *testing.T, sub map[string]any) json.RawMessage {
	t.Helper()
	return graph(t,
		[]S{{"start", "start", nil}, {"a", "human.confirm", nil}, {"sub", "sys.sub_workflow", sub}, {"end", "end", nil}},
		[]T{{From: "start", To: "a"}, {From: "a", To: "sub"}, {From: "sub", To: "end"}})
}

func field(source, path string, extra ...string) map[string]any {
	ref := map[string]any{"source": source, "path": path}
	if len(extra) == 2 {
		ref[extra[0]] = extra[1]
	}
	return map[string]any{"type": "field", "ref": ref}
}

func TestRuleSubWorkflowSingle(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childDef := graph(t, []S{{"start", "start", nil}, {"end", "end", nil}}, []T{{From: "start", To: "end"}})
	childVersion := projectiontest.CreateVersion(t, s, "DSC Template", childDef, store.VersionPublished)
	def := subWorkflowGraph(t, map[string]any{
		"mode":                           "SINGLE",
		"childWorkflowTemplateVersionId": childVersion,
		"inputMapping": []any{
			map[string]any{"id": "m1", "targetPath": "director.name", "value": field("STEP", "name", "stepId", "a")},
			map[string]any{"id": "m2", "targetPath": "company", "value": field("CONTEXT", "company")},
		},
		"childWorkflowName": map[string]any{"src": "'DSC - ' & __steps__.a.name"},
		"contextProjection": []any{
			map[string]any{"id": "p1", "targetPath": "dsc.holder", "value": field("STEP", "director.name", "stepId", "sub")},
		},
	})
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("a", map[string]any{"name": "Asha"})
	st := h.runInput(Input{ExecutionID: parentID, Definition: def, Context: map[string]any{"company": "Acme"}})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s (sub: %+v)", st.RuntimeStatus, st.Steps["sub"].Error)
	}
	sub := st.Steps["sub"]
	out, _ := json.Marshal(sub.OutputData)
	if string(out) != `{"company":"Acme","director":{"name":"Asha"}}` {
		t.Errorf("sub outputData = %s, want the child's final context", out)
	}
	if got := st.Context["dsc"]; got == nil || got.(map[string]any)["holder"] != "Asha" {
		t.Errorf("parent context after projection = %v, want dsc.holder = Asha", st.Context)
	}
	if len(sub.ChildWorkflowExecutions) != 1 {
		t.Fatalf("childWorkflowExecutions = %v, want one", sub.ChildWorkflowExecutions)
	}
	child, err := s.GetExecution(context.Background(), sub.ChildWorkflowExecutions[0].ID)
	if err != nil {
		t.Fatalf("child row: %v", err)
	}
	if child.Name != "DSC - Asha" || child.VersionID != childVersion || child.ParentID == nil || *child.ParentID != parentID ||
		child.RootID == nil || *child.RootID != parentID {
		t.Errorf("child row = name %q version %s parent %v root %v; want DSC - Asha, %s, parent and root %s",
			child.Name, child.VersionID, child.ParentID, child.RootID, childVersion, parentID)
	}
	if child.Status != store.ExecutionCompleted || child.RuntimeStatus != store.RuntimeCompleted {
		t.Errorf("child row status %s runtime %s, want COMPLETED, Completed", child.Status, child.RuntimeStatus)
	}
	if child.CreatedAt.Year() < 2000 {
		t.Errorf("child row created_at = %v, want the time the row was made", child.CreatedAt)
	}
	if string(child.Context) != `{"company":"Acme","director":{"name":"Asha"}}` {
		t.Errorf("child row context = %s", child.Context)
	}
}

func TestRuleSubWorkflowDefaultNameAndBadVersion(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childDef := graph(t, []S{{"start", "start", nil}, {"end", "end", nil}}, []T{{From: "start", To: "end"}})
	published := projectiontest.CreateVersion(t, s, "Child Template", childDef, store.VersionPublished)
	draft := projectiontest.CreateVersion(t, s, "Draft Template", childDef, store.VersionDraft)

	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("a", nil)
	st := h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": published})})
	if st.RuntimeStatus != completed {
		t.Fatalf("runtime status = %s", st.RuntimeStatus)
	}
	child, err := s.GetExecution(context.Background(), st.Steps["sub"].ChildWorkflowExecutions[0].ID)
	if err != nil || child.Name != "Child Template" {
		t.Errorf("child row = %+v, %v; want named after the child template", child, err)
	}

	h = newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("a", nil)
	st = h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": draft})})
	sub := st.Steps["sub"]
	if st.RuntimeStatus != failed || sub.Status != failed || sub.Error == nil || sub.Error.Code != interp.CodeChildVersion {
		t.Errorf("with a draft child: runtime %s, sub %s %+v; want Failed with %s", st.RuntimeStatus, sub.Status, sub.Error, interp.CodeChildVersion)
	}
}

func TestRuleSubWorkflowBatchNotYetSupported(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.complete("a", nil)
	st := h.run(subWorkflowGraph(t, map[string]any{"mode": "BATCH", "childWorkflowTemplateVersionId": "v",
		"iterable": map[string]any{"type": "EXPRESSION", "expr": map[string]any{"src": "[1,2]"}}}), nil)
	if s := st.Steps["sub"]; s.Status != definition.StatusFailed || s.Error.Code != interp.CodeUnsupported {
		t.Errorf("BATCH step = %s %+v, want Failed with %s", s.Status, s.Error, interp.CodeUnsupported)
	}
}

// Cancelling an execution cancels its descendants (SPEC §6, Cancel): the child's row ends
// Cancelled too.
func TestRuleCancelReachesChildren(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childDef := graph(t, []S{{"start", "start", nil}, {"wait", "human.confirm", nil}, {"end", "end", nil}},
		[]T{{From: "start", To: "wait"}, {From: "wait", To: "end"}})
	childVersion := projectiontest.CreateVersion(t, s, "Waiting Child", childDef, store.VersionPublished)
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("a", nil)
	var childID string
	h.then(func() {
		sub := h.state().Steps["sub"]
		if sub.Status != inProgress || len(sub.ChildWorkflowExecutions) != 1 {
			t.Fatalf("sub = %s %v, want open with one child", sub.Status, sub.ChildWorkflowExecutions)
		}
		childID = sub.ChildWorkflowExecutions[0].ID
	})
	h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": childVersion})})
	ctx := context.Background()
	parent, err := s.GetExecution(ctx, parentID)
	if err != nil || parent.RuntimeStatus != store.RuntimeCancelled {
		t.Errorf("parent row = %+v, %v; want runtime Cancelled", parent, err)
	}
	child, err := s.GetExecution(ctx, childID)
	if err != nil || child.RuntimeStatus != store.RuntimeCancelled {
		t.Errorf("child row = %+v, %v; want runtime Cancelled", child, err)
	}
}
