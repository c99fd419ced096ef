package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// linear-confirm through the API on both databases: start by template id, see the open step,
// refuse invalid output with the schema errors, complete it, refuse a second completion, see
// the record COMPLETED.
func TestLinearConfirmThroughAPI(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			e := newEngineEnv(t, backend)
			docBody := e.do("GET", "/openapi.json", nil)
			var doc openAPIDoc
			e.ok(docBody, http.StatusOK, &doc)
			schemas := compileResponses(t, docBody.body, doc)
			v := e.publishedVersion("Verification", example(t, "linear-confirm"))
			started := e.do("POST", "/v1/executions", map[string]any{"workflowTemplateId": v.WorkflowTemplateID, "context": map[string]any{"customer": "c-1"}})
			conforms(t, schemas, "POST /v1/executions 201", started.body)
			var ex Execution
			e.ok(started, http.StatusCreated, &ex)
			if ex.Status != store.ExecutionStarted || ex.WorkflowTemplateVersionID != v.ID || ex.Name != "Verification" {
				t.Fatalf("started execution = %+v, want STARTED of %s named after the template", ex, v.ID)
			}
			d := e.waitOpen(ex.ID, "verify")
			if d.Runtime.Context["customer"] != "c-1" || d.Runtime.ID != ex.ID {
				t.Fatalf("runtime view = %+v", d.Runtime)
			}
			conforms(t, schemas, "GET /v1/executions/{id} 200", e.do("GET", "/v1/executions/"+ex.ID, nil).body)
			conforms(t, schemas, "GET /v1/executions/{id}/tree 200", e.do("GET", "/v1/executions/"+ex.ID+"/tree", nil).body)
			conforms(t, schemas, "GET /v1/executions 200", e.do("GET", "/v1/executions", nil).body)

			bad := e.do("POST", "/v1/executions/"+ex.ID+"/steps/verify/complete", map[string]any{"outputData": map[string]any{"verified": "yes"}})
			conforms(t, schemas, "POST /v1/executions/{id}/steps/{stepId}/complete 422", bad.body)
			p := e.problem(bad, 422, "output_invalid")
			if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "verified") {
				t.Fatalf("output_invalid lists %+v, want the schema error about verified", p.Errors)
			}
			e.problem(e.do("POST", "/v1/executions/"+ex.ID+"/steps/nope/complete", map[string]any{}), 404, "step_not_found")
			e.problem(e.do("POST", "/v1/executions/"+ex.ID+"/steps/verify/retry", nil), 409, "step_not_failed")

			done := e.do("POST", "/v1/executions/"+ex.ID+"/steps/verify/complete", map[string]any{"outputData": map[string]any{"verified": true}})
			e.ok(done, http.StatusOK, nil)
			conforms(t, schemas, "POST /v1/executions/{id}/steps/{stepId}/complete 200", done.body)
			r := e.do("POST", "/v1/executions/"+ex.ID+"/steps/verify/complete", map[string]any{"outputData": map[string]any{"verified": true}})
			if r.status != http.StatusConflict {
				t.Fatalf("second completion answered %d %s, want 409", r.status, r.body)
			}
			d = e.waitCompleted(ex.ID)
			if d.CompletedAt == nil || d.StartedAt == nil {
				t.Fatalf("completed record has no timestamps: %+v", d.Execution)
			}
			if out, _ := d.Runtime.Steps["verify"].OutputData.(map[string]any); out["verified"] != true {
				t.Fatalf("verify output = %v", d.Runtime.Steps["verify"].OutputData)
			}
			e.problem(e.do("POST", "/v1/executions/"+ex.ID+"/steps/verify/complete", map[string]any{}), 409, "execution_not_running")

			var list listBody[Execution]
			e.ok(e.do("GET", "/v1/executions?status=COMPLETED&workflowTemplateId="+v.WorkflowTemplateID, nil), 200, &list)
			if len(list.Items) != 1 || list.Items[0].ID != ex.ID {
				t.Fatalf("COMPLETED executions of the template = %+v", list.Items)
			}
			e.ok(e.do("GET", "/v1/executions?runtimeStatus=InProgress", nil), 200, &list)
			if len(list.Items) != 0 {
				t.Fatalf("InProgress executions = %+v, want none", list.Items)
			}
		})
	}
}

// exclusive-approval both ways: the branch not taken never opens.
func TestExclusiveApprovalBothWays(t *testing.T) {
	t.Parallel()
	e := newEngineEnv(t, "sqlite")
	v := e.publishedVersion("Approval", example(t, "exclusive-approval"))
	for _, tt := range []struct {
		approved    bool
		taken, dead string
	}{{true, "file", "fix"}, {false, "fix", "file"}} {
		ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID, "name": "approval"})
		e.waitOpen(ex.ID, "review")
		e.complete(ex.ID, "review", map[string]any{"approved": tt.approved})
		for _, step := range []string{tt.taken, "archive"} {
			e.waitOpen(ex.ID, step)
			e.complete(ex.ID, step, nil)
		}
		d := e.waitCompleted(ex.ID)
		if dead := d.Runtime.Steps[tt.dead]; dead.StartedAt != nil || dead.Status == "Completed" {
			t.Errorf("approved=%v: %s ran (%+v)", tt.approved, tt.dead, dead)
		}
		if taken := d.Runtime.Steps[tt.taken]; taken.Status != "Completed" {
			t.Errorf("approved=%v: %s is %s", tt.approved, tt.taken, taken.Status)
		}
	}

	// The two runs page one at a time, in creation order.
	var first, second listBody[Execution]
	e.ok(e.do("GET", "/v1/executions?limit=1&workflowTemplateVersionId="+v.ID, nil), 200, &first)
	if len(first.Items) != 1 || first.NextCursor == "" {
		t.Fatalf("first page = %+v", first)
	}
	e.ok(e.do("GET", "/v1/executions?limit=1&workflowTemplateVersionId="+v.ID+"&cursor="+first.NextCursor, nil), 200, &second)
	if len(second.Items) != 1 || second.NextCursor != "" || second.Items[0].ID == first.Items[0].ID {
		t.Fatalf("second page = %+v after %+v", second, first)
	}
}

// incorporation-batch: two DSC children named after their directors, with parent and root set;
// file opens only after both complete; the tree shows the family.
func TestIncorporationBatchThroughAPI(t *testing.T) {
	t.Parallel()
	e := newEngineEnv(t, "sqlite")
	child := e.publishedVersion("DSC", example(t, "dsc-child"))
	def := strings.ReplaceAll(example(t, "incorporation-batch"), "REPLACE_WITH_PUBLISHED_DSC_VERSION_ID", child.ID)
	parent := e.start(map[string]any{
		"workflowTemplateVersionId": e.publishedVersion("Incorporation", def).ID,
		"context":                   map[string]any{"company": map[string]any{"name": "Acme Pvt Ltd"}},
	})
	e.waitOpen(parent.ID, "collect")
	e.complete(parent.ID, "collect", map[string]any{"directors": []any{
		map[string]any{"id": "d1", "name": "Asha", "hasDsc": false},
		map[string]any{"id": "d2", "name": "Ravi", "hasDsc": true},
		map[string]any{"id": "d3", "name": "Meera", "hasDsc": false},
	}})

	var kids listBody[Execution]
	deadline := time.Now().Add(30 * time.Second)
	for len(kids.Items) < 2 && time.Now().Before(deadline) {
		e.ok(e.do("GET", "/v1/executions?parentWorkflowExecutionId="+parent.ID, nil), 200, &kids)
		time.Sleep(20 * time.Millisecond)
	}
	names := map[string]bool{}
	for _, k := range kids.Items {
		names[k.Name] = true
		if k.RootWorkflowExecutionID == nil || *k.RootWorkflowExecutionID != parent.ID || k.WorkflowTemplateVersionID != child.ID {
			t.Fatalf("child %+v: want root %s and version %s", k, parent.ID, child.ID)
		}
		var ctx map[string]any
		if err := json.Unmarshal(k.Context, &ctx); err != nil || ctx["directorId"] == nil || ctx["director"] == nil {
			t.Fatalf("child context = %s (%v), want directorId and director", k.Context, err)
		}
	}
	if len(kids.Items) != 2 || !names["DSC - Asha"] || !names["DSC - Meera"] {
		d := e.get(parent.ID)
		steps, _ := json.Marshal(d.Runtime)
		t.Fatalf("children = %v, want exactly DSC - Asha and DSC - Meera; parent %s", names, steps)
	}
	for _, k := range kids.Items {
		for _, step := range []string{"apply", "issued"} {
			e.waitOpen(k.ID, step)
			if stepIs(e.get(parent.ID), "file", "InProgress", "ActionRequired", "Completed") {
				t.Fatal("file opened before both children completed")
			}
			e.complete(k.ID, step, nil)
		}
	}
	e.waitOpen(parent.ID, "file")
	for _, k := range kids.Items {
		e.waitCompleted(k.ID)
	}
	e.complete(parent.ID, "file", nil)
	e.waitCompleted(parent.ID)

	var tree ExecutionNode
	e.ok(e.do("GET", "/v1/executions/"+parent.ID+"/tree", nil), 200, &tree)
	if tree.ID != parent.ID || len(tree.Children) != 2 {
		t.Fatalf("tree = %s with %d children, want %s with 2", tree.ID, len(tree.Children), parent.ID)
	}
	for _, c := range tree.Children {
		if c.ParentWorkflowExecutionID == nil || *c.ParentWorkflowExecutionID != parent.ID || len(c.Children) != 0 {
			t.Fatalf("tree child %+v", c)
		}
	}
	e.ok(e.do("GET", "/v1/executions/"+kids.Items[0].ID+"/tree", nil), 200, &tree)
	if tree.ID != kids.Items[0].ID || len(tree.Children) != 0 {
		t.Fatalf("a leaf's tree = %+v", tree)
	}
}

// Starts the rules refuse, each with its code; none leaves a row.
func TestStartRefusals(t *testing.T) {
	t.Parallel()
	e := newEngineEnv(t, "sqlite")
	def := example(t, "linear-confirm")
	active := e.publishedVersion("Active", def)
	old := e.createVersion(active.WorkflowTemplateID, "0.9.0", def)
	e.publish(old.ID)
	e.ok(e.do("POST", "/v1/versions/"+old.ID+"/deprecate", nil), 200, nil)
	draft := e.createVersion(active.WorkflowTemplateID, "2.0.0", def)
	bare := e.createTemplate("No active version")
	other := e.createTemplate("Other")

	for _, tt := range []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"deprecated", map[string]any{"workflowTemplateVersionId": old.ID}, 409, "version_deprecated"},
		{"draft", map[string]any{"workflowTemplateVersionId": draft.ID}, 409, "version_not_published"},
		{"no active version", map[string]any{"workflowTemplateId": bare.ID}, 409, "no_active_version"},
		{"version of another template", map[string]any{"workflowTemplateId": other.ID, "workflowTemplateVersionId": active.ID}, 400, "invalid_request"},
		{"unknown version", map[string]any{"workflowTemplateVersionId": id.New()}, 404, "not_found"},
		{"malformed version id", map[string]any{"workflowTemplateVersionId": "x y"}, 404, "not_found"},
		{"unknown template", map[string]any{"workflowTemplateId": id.New()}, 404, "not_found"},
		{"neither", map[string]any{"name": "x"}, 400, "invalid_request"},
		{"context not an object", `{"workflowTemplateVersionId": "` + active.ID + `", "context": [1]}`, 400, "invalid_request"},
		{"context a string", `{"workflowTemplateVersionId": "` + active.ID + `", "context": "x"}`, 400, "invalid_request"},
		{"unknown field", `{"workflowTemplateVersionId": "` + active.ID + `", "input": {}}`, 422, "invalid_request"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := e.at(t)
			e.problem(e.do("POST", "/v1/executions", tt.body), tt.status, tt.code)
		})
	}
	if n, err := e.store.CountExecutions(context.Background(), store.ExecutionFilter{}); err != nil || n != 0 {
		t.Fatalf("refused starts left %d rows (%v)", n, err)
	}
	for _, path := range []string{"/v1/executions/" + id.New(), "/v1/executions/" + id.New() + "/tree", "/v1/executions/bad%20id"} {
		e.problem(e.do("GET", path, nil), 404, "not_found")
	}
	e.problem(e.do("POST", "/v1/executions/"+id.New()+"/cancel", nil), 404, "not_found")
}

// Without an engine (a process that runs none) executions are 503 engine_unavailable, and
// listing still works from the database.
func TestExecutionsWithoutEngine(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("T")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		e.publish(v.ID)
		e.problem(e.do("POST", "/v1/executions", map[string]any{"workflowTemplateVersionId": v.ID}), 503, "engine_unavailable")
		var list listBody[Execution]
		e.ok(e.do("GET", "/v1/executions", nil), 200, &list)
		if len(list.Items) != 0 {
			t.Fatalf("executions = %+v", list.Items)
		}
	})
}

// Cancel: the runtime becomes Cancelled; cancelling again is execution_not_running.
func TestCancelThroughAPI(t *testing.T) {
	t.Parallel()
	e := newEngineEnv(t, "sqlite")
	v := e.publishedVersion("Cancel me", example(t, "linear-confirm"))
	ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID})
	e.waitOpen(ex.ID, "verify")
	e.ok(e.do("POST", "/v1/executions/"+ex.ID+"/cancel", nil), http.StatusAccepted, nil)
	d := e.waitFor(ex.ID, "Cancelled", func(d ExecutionDetail) bool { return d.RuntimeStatus == store.RuntimeCancelled })
	if d.Status == store.ExecutionCompleted {
		t.Fatalf("a cancelled execution's record is COMPLETED")
	}
	e.problem(e.do("POST", "/v1/executions/"+ex.ID+"/steps/verify/complete", map[string]any{}), 409, "execution_not_running")
	e.problem(e.do("POST", "/v1/executions/"+ex.ID+"/cancel", nil), 409, "execution_not_running")
}

// The reconciler starts a root row left CREATED by a crash (before or after its Temporal
// start) exactly once, and leaves young rows and child rows alone.
func TestReconciler(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEngineEnv(t, "sqlite")
	def := example(t, "linear-confirm")
	v := e.publishedVersion("Crashed", def)
	insert := func(age time.Duration, parent *string) *store.Execution {
		t.Helper()
		ex := &store.Execution{
			ID: id.New(), Name: "crashed", VersionID: v.ID, ParentID: parent, RootID: parent, Context: json.RawMessage(`{"n":1}`),
			Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted, CreatedAt: time.Now().Add(-age),
		}
		if err := e.store.CreateExecution(ctx, ex); err != nil {
			t.Fatal(err)
		}
		return ex
	}
	const grace = time.Minute
	neverStarted := insert(2*grace, nil)
	startedNotMarked := insert(2*grace, nil)
	young := insert(0, nil)
	child := insert(2*grace, &neverStarted.ID)

	// The API died after Temporal acknowledged this one and before it wrote STARTED; the worker
	// is stopped meanwhile in real life, so its projection has not marked it either.
	raw, _ := json.Marshal(map[string]any{"n": 1})
	var vars map[string]any
	_ = json.Unmarshal(raw, &vars)
	if err := e.engine.Start(ctx, engine.Input{ExecutionID: startedNotMarked.ID, VersionID: v.ID, Definition: json.RawMessage(def), Context: vars}); err != nil {
		t.Fatal(err)
	}

	res, err := e.svc.Reconcile(ctx, grace)
	if err != nil {
		t.Fatal(err)
	}
	// The worker's projection may mark the pre-started row STARTED before the pass sees it.
	if res.Started < 1 || res.Started > 2 || res.Failed != 0 || res.Pending != 0 {
		t.Fatalf("first pass = %+v, want 1 or 2 started and nothing else", res)
	}
	for _, ex := range []*store.Execution{neverStarted, startedNotMarked} {
		d := e.waitOpen(ex.ID, "verify")
		if d.Status != store.ExecutionStarted {
			t.Fatalf("reconciled row %s is %s", ex.ID, d.Status)
		}
	}
	for _, ex := range []*store.Execution{young, child} {
		if got, _ := e.store.GetExecution(ctx, ex.ID); got.Status != store.ExecutionCreated {
			t.Fatalf("row %s (young or child) is %s, want it left CREATED", ex.ID, got.Status)
		}
	}
	if res, err := e.svc.Reconcile(ctx, grace); err != nil || res != (app.ReconcileResult{}) {
		t.Fatalf("second pass = %+v %v, want nothing to do", res, err)
	}
	// Exactly one run each: completing the step once completes the execution.
	e.complete(startedNotMarked.ID, "verify", map[string]any{"verified": true})
	e.waitCompleted(startedNotMarked.ID)
}

// failingDefinition's gateway fails on every run: its condition raises an error.
const failingDefinition = `{"id":"f","name":"Fails","steps":[{"id":"start","type":"start","name":"S"},` +
	`{"id":"decide","type":"gateway.exclusive_split","name":"D"},{"id":"a","type":"human.confirm","name":"A"},` +
	`{"id":"b","type":"human.confirm","name":"B"},{"id":"c","type":"human.confirm","name":"C"},{"id":"end","type":"end","name":"E"}],` +
	`"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"decide"},` +
	`{"id":"t2","fromStepId":"decide","toStepId":"a","condition":{"type":"jsonata","src":"$error('boom')"}},` +
	`{"id":"t3","fromStepId":"decide","toStepId":"b","isDefault":true},{"id":"t4","fromStepId":"a","toStepId":"c"},` +
	`{"id":"t5","fromStepId":"b","toStepId":"c"},{"id":"t6","fromStepId":"c","toStepId":"end"}]}`

// A failed step: the runtime and its projection say Failed, the step carries its error, and a
// retry runs it again through the API (it fails again: the condition has not changed).
func TestRetryFailedStep(t *testing.T) {
	t.Parallel()
	e := newEngineEnv(t, "sqlite")
	v := e.publishedVersion("Fails", failingDefinition)
	ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID})
	d := e.waitFor(ex.ID, "Failed", func(d ExecutionDetail) bool {
		return d.RuntimeStatus == store.RuntimeFailed && stepIs(d, "decide", "Failed")
	})
	if d.Runtime.Steps["decide"].Error == nil || d.FailedAt == nil {
		t.Fatalf("failed step without its error or the record without failedAt: %+v / %+v", d.Runtime.Steps["decide"], d.Execution)
	}
	e.problem(e.do("POST", "/v1/executions/"+ex.ID+"/steps/a/retry", nil), 409, "step_not_failed")
	var st map[string]any
	e.ok(e.do("POST", "/v1/executions/"+ex.ID+"/steps/decide/retry", nil), http.StatusOK, &st)
	if st["stepId"] != "decide" || st["status"] != "Failed" || st["error"] == nil {
		t.Fatalf("retry answered %v; want decide Failed again (its condition still raises)", st)
	}
	if d := e.get(ex.ID); d.RuntimeStatus != store.RuntimeFailed || d.Status != store.ExecutionStarted {
		t.Fatalf("after the retry the record is %s / %s, want STARTED / Failed", d.Status, d.RuntimeStatus)
	}
}
