package engine

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/id"
)

// prepareOptions: creating the child's row is a small write; domain failures (no such version)
// are non-retryable, anything else is retried until the database answers.
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

// startChild runs one child execution to its end: a fresh execution id (recorded through a
// side effect, so a replay reuses it), its row (PrepareChild), then the child as a Temporal
// child workflow of the current workflow. The parent-close policy cancels the child when its
// Temporal parent closes (SPEC §6, Cancel). started is called once the id and row exist.
func startChild(ctx workflow.Context, l lineage, versionID string, item BatchItem, started func(childID string)) (string, *State, error) {
	var childID string
	if err := workflow.SideEffect(ctx, func(workflow.Context) any { return id.New() }).Get(&childID); err != nil {
		return "", nil, fmt.Errorf("reading the child's id: %w", err)
	}
	actx := workflow.WithActivityOptions(ctx, prepareOptions)
	var prepared PreparedChild
	err := workflow.ExecuteActivity(actx, ActivityPrepareChild, PrepareChildRequest{
		ChildID: childID, ParentID: l.parentID, RootID: l.rootID,
		VersionID: versionID, Name: item.Name, Context: item.Context,
	}).Get(actx, &prepared)
	if err != nil {
		return childID, nil, err
	}
	if started != nil {
		started(childID)
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        childID,
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	var result State
	err = workflow.ExecuteChildWorkflow(cctx, WorkflowName, Input{
		ExecutionID: childID, CorrelationID: l.correlationID, VersionID: versionID,
		ParentID: l.parentID, RootID: l.rootID,
		Definition: prepared.Definition, Context: item.Context, LoopLimit: l.loopLimit, BatchItemsPerRun: l.itemsPerRun,
	}).Get(cctx, &result)
	if err != nil {
		return childID, nil, err
	}
	return childID, &result, nil
}

// runChild serves one sub-workflow step's request: a SINGLE child directly, a BATCH through
// the coordinator workflow [Batch] (so the parent's history grows by one child, whatever the
// number of items).
func runChild(ctx workflow.Context, m *machine, state *State, req childRequest, in Input) {
	l := lineage{parentID: state.ID, rootID: rootOf(state), correlationID: state.CorrelationID,
		loopLimit: in.LoopLimit, itemsPerRun: in.BatchItemsPerRun}
	if !req.isBatch {
		_, result, err := startChild(ctx, l, req.versionID, req.item, func(childID string) { m.childStarted(req, childID) })
		if ctx.Err() != nil {
			return // cancelled: the main loop records it
		}
		if err != nil {
			m.childDone(req, nil, childError(err))
			return
		}
		m.childDone(req, &childResult{single: result}, nil)
		return
	}
	var suffix string
	if err := workflow.SideEffect(ctx, func(workflow.Context) any { return id.New() }).Get(&suffix); err != nil {
		m.childDone(req, nil, childError(err))
		return
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        fmt.Sprintf("%s/%s/batch-%s", state.ID, req.stepID, suffix),
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	var result BatchResult
	err := workflow.ExecuteChildWorkflow(cctx, BatchWorkflowName, BatchInput{
		ParentID: l.parentID, RootID: l.rootID, CorrelationID: l.correlationID, LoopLimit: l.loopLimit,
		ItemsPerRun: l.itemsPerRun, VersionID: req.versionID, Items: req.batch,
		MaxConcurrency: req.maxConcurrency, ContinueOnFailure: req.continueOnFailure,
	}).Get(cctx, &result)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		m.childDone(req, nil, childError(err))
		return
	}
	m.childDone(req, &childResult{batch: &result}, nil)
}
