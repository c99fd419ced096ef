package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// confirmDef is the engine side's one-step definition: start -> confirm -> end.
var confirmDef = []byte(`{"id":"bench-confirm","name":"Bench confirm","steps":[
	{"id":"start","type":"start","name":"Start"},
	{"id":"confirm","type":"human.confirm","name":"Confirm"},
	{"id":"end","type":"end","name":"End"}],
	"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"confirm"},{"id":"t2","fromStepId":"confirm","toStepId":"end"}]}`)

// childDef is a BATCH child that completes on its own (start -> end), so the BATCH time is the
// fan-out's cost and not the time people take.
var childDef = []byte(`{"id":"bench-child","name":"Bench child","steps":[
	{"id":"start","type":"start","name":"Start"},{"id":"end","type":"end","name":"End"}],
	"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"end"}]}`)

// batchDef is the parent of a BATCH run: one BATCH step over the context's items.
func batchDef(childVersionID string) []byte {
	return fmt.Appendf(nil, `{"id":"bench-batch","name":"Bench batch","steps":[
	{"id":"start","type":"start","name":"Start"},
	{"id":"many","type":"sys.sub_workflow","name":"Many","mode":"BATCH","childWorkflowTemplateVersionId":%q,
	 "maxConcurrency":200,
	 "iterable":{"type":"EXPRESSION","expr":{"src":"__context__.items"}},
	 "inputMapping":[{"targetPath":"n","value":{"type":"expr","expr":{"src":"__each__"}}}]},
	{"id":"end","type":"end","name":"End"}],
	"stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"many"},{"id":"t2","fromStepId":"many","toStepId":"end"}]}`,
		childVersionID)
}

// runEngine runs one execution of confirmDef with no row in the store, so its projections
// cost a lookup and no write: the bare side writes nothing either.
func runEngine(ctx context.Context, c client.Client, ec *engine.Client, execID string) error {
	if err := ec.Start(ctx, engine.Input{ExecutionID: execID, Definition: confirmDef}); err != nil {
		return err
	}
	if _, err := ec.CompleteStep(ctx, execID, "confirm", map[string]any{}, engine.Actor{ID: "bench"}); err != nil {
		return err
	}
	return waitCompleted(ctx, c, execID)
}

// runBatch publishes a child version, writes the parent's row as the application does, and
// times the parent's run from its start to its completion.
func runBatch(ctx context.Context, c client.Client, ec *engine.Client, st store.Store, n int) (time.Duration, error) {
	childVersion, err := publish(ctx, st, "Bench child", childDef)
	if err != nil {
		return 0, err
	}
	def := batchDef(childVersion)
	version, err := publish(ctx, st, "Bench batch", def)
	if err != nil {
		return 0, err
	}
	items := make([]any, n)
	for i := range items {
		items[i] = i + 1
	}
	input := map[string]any{"items": items}
	ctxJSON, err := json.Marshal(input)
	if err != nil {
		return 0, fmt.Errorf("encoding the BATCH context: %w", err)
	}
	parentID := id.New()
	if err := st.CreateExecution(ctx, &store.Execution{ID: parentID, Name: fmt.Sprintf("Bench batch of %d", n), VersionID: version,
		Context: ctxJSON, Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted}); err != nil {
		return 0, fmt.Errorf("recording the BATCH parent: %w", err)
	}
	began := time.Now()
	if err := ec.Start(ctx, engine.Input{ExecutionID: parentID, VersionID: version, Definition: def, Context: input}); err != nil {
		return 0, err
	}
	if err := waitCompleted(ctx, c, parentID); err != nil {
		return 0, err
	}
	wall := time.Since(began)
	done, err := st.CountExecutions(ctx, store.ExecutionFilter{ParentID: parentID, Status: store.ExecutionCompleted})
	if err != nil {
		return 0, fmt.Errorf("counting the BATCH children: %w", err)
	}
	if done != n {
		return 0, fmt.Errorf("the BATCH completed with %d completed child rows, want %d", done, n)
	}
	return wall, nil
}

// waitCompleted waits for an engine execution to end and fails unless it completed.
func waitCompleted(ctx context.Context, c client.Client, execID string) error {
	var final engine.State
	if err := c.GetWorkflow(ctx, execID, "").Get(ctx, &final); err != nil {
		return fmt.Errorf("waiting for execution %s: %w", execID, err)
	}
	if final.RuntimeStatus != definition.StatusCompleted {
		return fmt.Errorf("execution %s ended %s, want %s", execID, final.RuntimeStatus, definition.StatusCompleted)
	}
	return nil
}

// publish stores a template with one published version of def and returns the version's id.
func publish(ctx context.Context, st store.Store, name string, def []byte) (string, error) {
	tpl := &store.Template{ID: id.New(), Name: name + " " + id.New()}
	if err := st.CreateTemplate(ctx, tpl); err != nil {
		return "", fmt.Errorf("creating template %q: %w", name, err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: def, Status: store.VersionPublished}
	if err := st.CreateVersion(ctx, v); err != nil {
		return "", fmt.Errorf("publishing %q: %w", name, err)
	}
	return v.ID, nil
}
