package engine

import (
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

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
	loopLimit, itemsPerRun          int
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
		ParentID: l.parentID, RootID: l.rootID, VersionID: versionID, Children: specs,
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
	err := workflow.ExecuteChildWorkflow(cctx, WorkflowName, Input{
		ExecutionID: spec.ID, CorrelationID: l.correlationID, VersionID: versionID,
		ParentID: l.parentID, RootID: l.rootID,
		Definition: def, Context: spec.Context, LoopLimit: l.loopLimit, BatchItemsPerRun: l.itemsPerRun,
	}).Get(cctx, &result)
	if err != nil {
		return nil, err
	}
	return &result, nil
}

// runChild serves one sub-workflow step's request: a SINGLE child directly, a BATCH through
// the coordinator workflow [Batch] (so the parent's history grows by one child, whatever the
// number of items). The Temporal child is registered as live while it runs, so that its
// failure notices reach the step and a retry of the step reaches it (childfail.go).
func runChild(ctx workflow.Context, m *machine, state *State, req childRequest, in Input) {
	l := lineage{parentID: state.ID, rootID: rootOf(state), correlationID: state.CorrelationID,
		loopLimit: in.LoopLimit, itemsPerRun: in.BatchItemsPerRun}
	fail := func(workflowID string, err error) {
		if ctx.Err() == nil { // a cancellation is the main loop's to record
			m.childDone(req, workflowID, nil, childError(err, req.isBatch))
		}
	}
	cctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	if !req.isBatch {
		ids, err := newIDs(ctx, 1)
		if err != nil {
			fail("", err)
			return
		}
		spec := ChildSpec{ID: ids[0], Name: req.item.Name, Context: req.item.Context}
		prepared, err := prepareChildren(ctx, l, req.versionID, []ChildSpec{spec})
		if err != nil {
			fail("", err)
			return
		}
		m.childStarted(req, spec.ID)
		m.childRunning(req, spec.ID, cancel)
		result, err := runPrepared(cctx, l, req.versionID, prepared.Definition, spec)
		if err != nil {
			fail(spec.ID, err)
			return
		}
		m.childDone(req, spec.ID, &childResult{single: result}, nil)
		return
	}
	ids, err := newIDs(ctx, 1)
	if err != nil {
		fail("", err)
		return
	}
	coordinator := fmt.Sprintf("%s/%s/batch-%s", state.ID, req.stepID, ids[0])
	cctx = workflow.WithChildOptions(cctx, workflow.ChildWorkflowOptions{
		WorkflowID:        coordinator,
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	m.childRunning(req, coordinator, cancel)
	var result BatchResult
	err = workflow.ExecuteChildWorkflow(cctx, BatchWorkflowName, BatchInput{
		ParentID: l.parentID, RootID: l.rootID, CorrelationID: l.correlationID, LoopLimit: l.loopLimit,
		ItemsPerRun: l.itemsPerRun, VersionID: req.versionID, Items: req.batch,
		MaxConcurrency: req.maxConcurrency, ContinueOnFailure: req.continueOnFailure,
	}).Get(cctx, &result)
	if err != nil {
		fail(coordinator, err)
		return
	}
	m.childDone(req, coordinator, &childResult{batch: &result}, nil)
}

// childError names why a child failed the step: a SINGLE child that closed without completing
// is CHILD_FAILED (its own reason in the message); an engine error raised before any child
// ran (a child version that is not published), or the batch coordinator's own verdict, keeps
// its code.
func childError(err error, batch bool) *Error {
	var closed *temporal.ChildWorkflowExecutionError
	if !batch && errors.As(err, &closed) {
		return &Error{Code: CodeChildFailed, Message: err.Error()}
	}
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() != "" {
		return &Error{Code: app.Type(), Message: app.Message()}
	}
	return &Error{Code: CodeChildFailed, Message: err.Error()}
}
