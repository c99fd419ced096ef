package engine

import (
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
)

// prepareOptions: creating the children's rows is a small write; domain failures (no such
// version) are non-retryable, anything else is retried until the database answers.
var prepareOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 10 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// lineage is who a child execution descends from.
type lineage struct {
	parentID, rootID, correlationID string
	// stepID is the parent's sub-workflow step, recorded on the children's rows.
	stepID                 string
	loopLimit, itemsPerRun int
}

// newIDs draws n execution ids through one side effect, so a replay reuses them.
func newIDs(ctx workflow.Context, n int) ([]string, error) {
	var ids []string
	err := workflow.SideEffect(ctx, func(workflow.Context) any {
		out := make([]string, n)
		for i := range out {
			out[i] = id.New()
		}
		return out
	}).Get(&ids)
	if err != nil {
		return nil, fmt.Errorf("reading child ids: %w", err)
	}
	return ids, nil
}

// prepareChildren creates the children's rows and returns their version's definition.
func prepareChildren(ctx workflow.Context, l lineage, versionID string, specs []ChildSpec) (*PreparedChildren, error) {
	actx := workflow.WithActivityOptions(ctx, prepareOptions)
	var prepared PreparedChildren
	err := workflow.ExecuteActivity(actx, ActivityPrepareChildren, PrepareChildrenRequest{
		ParentID: l.parentID, RootID: l.rootID, VersionID: versionID, Children: specs, StepID: l.stepID,
	}).Get(actx, &prepared)
	if err != nil {
		return nil, err
	}
	return &prepared, nil
}

// runPrepared runs one prepared child as a Temporal child workflow of the current workflow.
// The parent-close policy cancels the child when its Temporal parent closes (SPEC §6, Cancel).
func runPrepared(ctx workflow.Context, l lineage, versionID string, def []byte, spec ChildSpec) (*State, error) {
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        spec.ID,
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	var result State
	err := workflow.ExecuteChildWorkflow(cctx, WorkflowName, childInput(l, versionID, def, spec)).Get(cctx, &result)
	if err != nil {
		return nil, err
	}
	return &result, nil
}

// childInput is the interpreter's input for a prepared child.
func childInput(l lineage, versionID string, def []byte, spec ChildSpec) Input {
	return Input{
		ExecutionID: spec.ID, CorrelationID: l.correlationID, VersionID: versionID,
		ParentID: l.parentID, RootID: l.rootID,
		Definition: def, Context: spec.Context, LoopLimit: l.loopLimit, BatchItemsPerRun: l.itemsPerRun,
	}
}

// runChild serves one sub-workflow step's request: a SINGLE child directly, a BATCH through
// the coordinator workflow [Batch] (so the parent's history grows by one child, whatever the
// number of items). The Temporal child is registered as live while it runs, so that its
// failure notices reach the step and a retry of the step reaches it (interp/childfail.go and
// childfail_workflow.go).
func runChild(ctx workflow.Context, m *interp.Machine, state *State, req interp.ChildRequest, in Input) {
	l := lineage{parentID: state.ID, rootID: interp.RootOf(state), correlationID: state.CorrelationID,
		stepID: req.StepID, loopLimit: in.LoopLimit, itemsPerRun: in.BatchItemsPerRun}
	fail := func(workflowID string, err error) {
		if ctx.Err() == nil { // a cancellation is the main loop's to record
			m.ChildDone(req, workflowID, nil, childError(err, req.IsBatch))
		}
	}
	cctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	if !req.IsBatch {
		ids, err := newIDs(ctx, 1)
		if err != nil {
			fail("", err)
			return
		}
		spec := ChildSpec{ID: ids[0], Name: req.Item.Name, Context: req.Item.Context}
		prepared, err := prepareChildren(ctx, l, req.VersionID, []ChildSpec{spec})
		if err != nil {
			fail("", err)
			return
		}
		m.ChildStarted(req, spec.ID)
		m.ChildRunning(req, spec.ID, cancel)
		result, err := runPrepared(cctx, l, req.VersionID, prepared.Definition, spec)
		if err != nil {
			fail(spec.ID, err)
			return
		}
		m.ChildDone(req, spec.ID, &interp.ChildResult{Single: result}, nil)
		return
	}
	ids, err := newIDs(ctx, 1)
	if err != nil {
		fail("", err)
		return
	}
	coordinator := fmt.Sprintf("%s/%s/batch-%s", state.ID, req.StepID, ids[0])
	cctx = workflow.WithChildOptions(cctx, workflow.ChildWorkflowOptions{
		WorkflowID:        coordinator,
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	bin := BatchInput{
		ParentID: l.parentID, RootID: l.rootID, CorrelationID: l.correlationID, StepID: l.stepID, LoopLimit: l.loopLimit,
		ItemsPerRun: l.itemsPerRun, VersionID: req.VersionID, Items: req.Batch,
		MaxConcurrency: req.MaxConcurrency, ContinueOnFailure: req.ContinueOnFailure,
	}
	// From version 1 the items go to the store in pages and the coordinator's input only
	// names them (batch_stored.go); runs recorded before carry them in the input.
	stored := workflow.GetVersion(ctx, changeStoredBatch, workflow.DefaultVersion, 1) >= 1
	if stored {
		if err := writeBatchItems(ctx, coordinator, state.ID, req.Batch); err != nil {
			fail("", err)
			return
		}
		bin.Items, bin.Stored = nil, &interp.StoredBatch{BatchID: coordinator, Count: len(req.Batch)}
	}
	m.ChildRunning(req, coordinator, cancel)
	var result BatchResult
	err = workflow.ExecuteChildWorkflow(cctx, BatchWorkflowName, bin).Get(cctx, &result)
	if err == nil && result.Stored != nil {
		var loaded *BatchResult
		if loaded, err = readBatchResults(ctx, result.Stored); err == nil {
			loaded.MaxInFlight = result.MaxInFlight
			result = *loaded
		}
	}
	if err != nil {
		fail(coordinator, err)
		return
	}
	m.ChildDone(req, coordinator, &interp.ChildResult{Batch: &result}, nil)
}

// childError names why a child failed the step: a SINGLE child that closed without completing
// is CHILD_FAILED (its own reason in the message); an engine error raised before any child
// ran (a child version that is not published), or the batch coordinator's own verdict, keeps
// its code.
func childError(err error, batch bool) *Error {
	var closed *temporal.ChildWorkflowExecutionError
	if !batch && errors.As(err, &closed) {
		return &Error{Code: interp.CodeChildFailed, Message: err.Error()}
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() != "" {
		return &Error{Code: interp.Code(app.Type()), Message: app.Message()}
	}
	return &Error{Code: interp.CodeChildFailed, Message: err.Error()}
}
