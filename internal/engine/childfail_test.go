package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"go.temporal.io/sdk/testsuite"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

// failingChild returns a published child version that fails at run time when its context's n
// is 2: its own sub-workflow step starts a grandchild of a DRAFT version (CHILD_VERSION_INVALID),
// and stays open waiting for a retry. Publishing the grandchild (publish) repairs it.
func failingChild(t *testing.T, s store.Store) (childVersion string, publish func()) {
	t.Helper()
	grandchild := trivialChild(t, s, "Grandchild", store.VersionDraft)
	def := graph(t, []S{
		{"start", "start", nil},
		{"split", "gateway.exclusive_split", nil},
		{"nested", "sys.sub_workflow", map[string]any{"mode": "SINGLE", "childWorkflowTemplateVersionId": grandchild}},
		{"skip", "gateway.parallel_split", nil},
		{"merge", "gateway.exclusive_split", nil},
		{"end", "end", nil},
	}, []T{
		{From: "start", To: "split"},
		{From: "split", To: "nested", Cond: "__context__.n = 2"},
		{From: "split", To: "skip", Default: true},
		{From: "nested", To: "merge"}, {From: "skip", To: "merge"},
		{From: "merge", To: "end", Default: true},
	})
	childVersion = projectiontest.CreateVersion(t, s, "Failing Child", def, store.VersionPublished)
	return childVersion, func() {
		ctx := context.Background()
		v, err := s.GetVersion(ctx, grandchild)
		if err != nil {
			t.Errorf("reading the grandchild version: %v", err)
			return
		}
		v.Status = store.VersionPublished
		if err := s.UpdateVersion(ctx, v, v.UpdatedAt); err != nil {
			t.Errorf("publishing the grandchild version: %v", err)
		}
	}
}

// rowStatus reads an execution row's runtime status.
func rowStatus(t *testing.T, s store.Store, id string) store.RuntimeStatus {
	t.Helper()
	row, err := s.GetExecution(context.Background(), id)
	if err != nil {
		t.Fatalf("reading execution %s: %v", id, err)
	}
	return row.RuntimeStatus
}

func retryStep(h *harness, stepID string) {
	h.then(func() {
		h.update(UpdateRetryStep, RetryStepRequest{StepID: stepID}, func(err error) {
			if err != nil {
				h.t.Errorf("retrying %s: %v", stepID, err)
			}
		})
	})
}

// A SINGLE child whose step fails fails its parent's step (the child stays open); a retry of
// the parent's step retries the child's failed step, and the child's completion completes it.
// Retrying the child's own step (through its own API) repairs the parent's step the same way.
func TestRuleChildFailureSingleFailsAndRetries(t *testing.T) {
	t.Parallel()
	for _, retry := range []string{"none", "parent", "child"} {
		s, parentID := projectiontest.OpenStore(t)
		childVersion, publish := failingChild(t, s)
		h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
		h.complete("a", nil)
		var childID string
		h.then(func() {
			st := h.state()
			sub := st.Steps["sub"]
			if st.RuntimeStatus != failed || sub.Status != failed || sub.Error == nil || sub.Error.Code != interp.CodeChildFailed {
				t.Fatalf("after the child failed: runtime %s, sub %s %+v; want Failed with %s", st.RuntimeStatus, sub.Status, sub.Error, interp.CodeChildFailed)
			}
			childID = sub.ChildWorkflowExecutions[0].ID
			for _, want := range []string{childID, string(interp.CodeChildVersion), `"nested"`} {
				if !strings.Contains(sub.Error.Message, want) {
					t.Errorf("sub error %q does not name %s", sub.Error.Message, want)
				}
			}
			if got := rowStatus(t, s, childID); got != store.RuntimeFailed {
				t.Errorf("child row runtime = %s, want Failed (open, waiting for a retry)", got)
			}
		})
		switch retry {
		case "parent":
			h.then(publish)
			retryStep(h, "sub")
		case "child":
			h.then(publish)
			h.then(func() {
				err := h.env.UpdateWorkflowByID(childID, UpdateRetryStep, "", &testsuite.TestUpdateCallback{
					OnReject: func(err error) { t.Errorf("retrying the child's step: %v", err) },
					OnAccept: func() {}, OnComplete: func(any, error) {},
				}, RetryStepRequest{StepID: "nested"})
				if err != nil {
					t.Errorf("retrying the child's step: %v", err)
				}
			})
		}
		st := h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, map[string]any{
			"mode": "SINGLE", "childWorkflowTemplateVersionId": childVersion,
			"inputMapping": []any{map[string]any{"id": "m", "targetPath": "n", "value": map[string]any{"type": "const", "value": 2}}},
		})})
		if retry == "none" {
			// Never retried: the harness cancels the parent, which cancels the failed child.
			if got := rowStatus(t, s, childID); got != store.RuntimeCancelled {
				t.Errorf("child row after cancelling the parent = %s, want Cancelled", got)
			}
			continue
		}
		if st.RuntimeStatus != completed || st.Steps["sub"].Status != completed || st.Steps["sub"].Error != nil {
			t.Fatalf("after the retry: runtime %s, sub %s %+v; want both Completed", st.RuntimeStatus, st.Steps["sub"].Status, st.Steps["sub"].Error)
		}
		if got := rowStatus(t, s, childID); got != store.RuntimeCompleted {
			t.Errorf("child row after the retry = %s, want Completed", got)
		}
		if n, err := s.CountExecutions(context.Background(), store.ExecutionFilter{ParentID: parentID}); err != nil || n != 1 {
			t.Errorf("children of the parent = %d, %v; want the one child, resumed, not a new one", n, err)
		}
	}
}

// With onChildFailure "continue" a SINGLE step completes with the child's failure as its
// output, the graph goes on, and the abandoned child is cancelled.
func TestRuleChildFailureSingleContinue(t *testing.T) {
	t.Parallel()
	s, parentID := projectiontest.OpenStore(t)
	childVersion, _ := failingChild(t, s)
	h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
	h.complete("a", nil)
	st := h.runInput(Input{ExecutionID: parentID, Definition: subWorkflowGraph(t, map[string]any{
		"mode": "SINGLE", "childWorkflowTemplateVersionId": childVersion, "onChildFailure": "continue",
		"inputMapping": []any{map[string]any{"id": "m", "targetPath": "n", "value": map[string]any{"type": "const", "value": 2}}},
	})})
	sub := st.Steps["sub"]
	if st.RuntimeStatus != completed || sub.Status != completed {
		t.Fatalf("runtime %s, sub %s %+v; want Completed", st.RuntimeStatus, sub.Status, sub.Error)
	}
	out, _ := sub.OutputData.(map[string]any)
	childID := sub.ChildWorkflowExecutions[0].ID
	e, _ := out["error"].(map[string]any)
	if out["childWorkflowExecutionId"] != childID || e["code"] != string(interp.CodeChildVersion) || !strings.Contains(e["message"].(string), `step "nested"`) {
		t.Errorf("sub output = %v; want the child's id and its failure (%s at step nested)", out, interp.CodeChildVersion)
	}
	if got := rowStatus(t, s, childID); got != store.RuntimeCancelled {
		t.Errorf("abandoned child row = %s, want Cancelled", got)
	}
}

// In a BATCH with "fail", a child's failed step fails the parent's step and pauses the batch
// (no further child starts); the retry resumes the failed child and the rest of the batch.
// With "continue", the item records the failure and the others complete.
func TestRuleChildFailureBatch(t *testing.T) {
	t.Parallel()
	for _, policy := range []string{"fail", "continue"} {
		s, parentID := projectiontest.OpenStore(t)
		childVersion, publish := failingChild(t, s)
		h := newHarnessDeps(t, Deps{Projector: projection.Persistence{Store: s}, Children: projection.Persistence{Store: s}})
		h.complete("a", nil)
		if policy == "fail" {
			h.then(func() {
				st := h.state()
				sub := st.Steps["sub"]
				if st.RuntimeStatus != failed || sub.Status != failed || sub.Error == nil || sub.Error.Code != interp.CodeChildFailed ||
					!strings.Contains(sub.Error.Message, "item 1 ") {
					t.Fatalf("after item 1 failed: runtime %s, sub %s %+v; want Failed with %s naming item 1", st.RuntimeStatus, sub.Status, sub.Error, interp.CodeChildFailed)
				}
				// The coordinator makes a run's rows at once; item 3's stays NotStarted.
				rows, err := s.ListExecutions(context.Background(), store.ExecutionFilter{ParentID: parentID})
				started := 0
				for _, r := range rows {
					if r.RuntimeStatus != store.RuntimeNotStarted {
						started++
					}
				}
				if err != nil || len(rows) != 3 || started != 2 {
					t.Errorf("children while the batch is paused: %d rows, %d started, %v; want 3 rows, 2 started", len(rows), started, err)
				}
			})
			h.then(publish)
			retryStep(h, "sub")
		}
		st := h.runInput(Input{ExecutionID: parentID, Definition: batchGraph(t, childVersion, "[{'n': 1}, {'n': 2}, {'n': 3}]",
			map[string]any{"onChildFailure": policy, "maxConcurrency": 1})})
		sub := st.Steps["sub"]
		if st.RuntimeStatus != completed || sub.Status != completed {
			t.Fatalf("%s: runtime %s, sub %s %+v; want Completed", policy, st.RuntimeStatus, sub.Status, sub.Error)
		}
		items := sub.OutputData.(map[string]any)["items"].([]any)
		if len(items) != 3 || len(sub.ChildWorkflowExecutions) != 3 {
			t.Fatalf("%s: items %v, children %v; want 3 of each", policy, items, sub.ChildWorkflowExecutions)
		}
		second, _ := json.Marshal(items[1])
		failedID := sub.ChildWorkflowExecutions[1].ID
		if policy == "fail" {
			if string(second) != `{"n":2}` {
				t.Errorf("fail: item 1 = %s, want the resumed child's context", second)
			}
			if got := rowStatus(t, s, failedID); got != store.RuntimeCompleted {
				t.Errorf("fail: resumed child row = %s, want Completed", got)
			}
			continue
		}
		var item struct {
			ChildID string           `json:"childWorkflowExecutionId"`
			Error   interp.StepError `json:"error"`
		}
		if err := json.Unmarshal(second, &item); err != nil || item.ChildID != failedID || item.Error.Code != interp.CodeChildVersion {
			t.Errorf("continue: item 1 = %s, want the child's id and %s", second, interp.CodeChildVersion)
		}
		if got := rowStatus(t, s, failedID); got != store.RuntimeCancelled {
			t.Errorf("continue: abandoned child row = %s, want Cancelled", got)
		}
		wantStatus(t, st, map[string]definition.Status{"end": completed})
	}
}
