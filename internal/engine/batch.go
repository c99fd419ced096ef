package engine

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// BatchWorkflowName is the registered name of the BATCH coordinator workflow.
const BatchWorkflowName = "wfb.Batch"

// DefaultItemsPerRun is how many children one run of the coordinator starts before it
// continues as new. Each item costs about three history events (child initiated, started,
// closed) plus its share of workflow tasks, so a run stays near 2,500 events, well under
// Temporal's per-execution history limits, and its input (the items left) is carried once.
const DefaultItemsPerRun = 500

// BatchInput is the coordinator's input. Next, Results and ChildIDs carry its progress
// across continue-as-new.
type BatchInput struct {
	ParentID      string `json:"parentId"`
	RootID        string `json:"rootId"`
	CorrelationID string `json:"correlationId,omitempty"`
	// StepID is the parent's sub-workflow step (empty in histories recorded before it was sent).
	StepID            string      `json:"stepId,omitempty"`
	VersionID         string      `json:"versionId"`
	Items             []BatchItem `json:"items"`
	MaxConcurrency    int         `json:"maxConcurrency"`
	ContinueOnFailure bool        `json:"continueOnFailure,omitempty"`
	LoopLimit         int         `json:"loopLimit,omitempty"`
	ItemsPerRun       int         `json:"itemsPerRun,omitempty"`

	// Stored, when set, names the items and results in the store (batchStored): Items,
	// Results and ChildIDs are then empty, and the input stays small whatever the batch's size.
	Stored *interp.StoredBatch `json:"stored,omitempty"`
	// MaxInFlight carries the most children run at once across a stored batch's runs.
	MaxInFlight int `json:"maxInFlight,omitempty"`
	// Running are the children a rolling run handed over, still running (changeRollingBatch).
	Running []BatchRunning `json:"running,omitempty"`

	Next     int      `json:"next,omitempty"`
	Results  []any    `json:"results,omitempty"`
	ChildIDs []string `json:"childIds,omitempty"`
}

// Batch is the coordinator of a BATCH sub-workflow step: it starts one child per item, at
// most MaxConcurrency at a time, and continues as new every ItemsPerRun items so that a batch
// of any size stays within Temporal's limits (history size, 2,000 pending children). It
// closes only when every started child has closed, so no child outlives a run that started it.
//
// A child whose runtime status becomes Failed tells the coordinator (SignalChildStatus). With
// ContinueOnFailure its item records the failure and the child is cancelled. Otherwise the
// coordinator starts no further child, tells the parent (which fails its step) and waits: a
// retry of the parent's step comes down as SignalRetryFailed and is passed to every failed
// child; a child repaired on its own reports that too.
func Batch(ctx workflow.Context, in BatchInput) (*BatchResult, error) {
	maxConc := min(max(in.MaxConcurrency, 1), interp.MaxPendingChildren)
	perRun := in.ItemsPerRun
	if perRun <= 0 {
		perRun = DefaultItemsPerRun
	}
	l := lineage{parentID: in.ParentID, rootID: in.RootID, correlationID: in.CorrelationID, stepID: in.StepID,
		loopLimit: in.LoopLimit, itemsPerRun: in.ItemsPerRun}
	if in.Stored != nil {
		return batchStored(ctx, in, maxConc, perRun, l)
	}
	if in.Results == nil {
		in.Results = make([]any, len(in.Items))
		in.ChildIDs = make([]string, len(in.Items))
	}
	// This run's items: their ids and rows are made in one side effect and one activity, so
	// the coordinator's history holds about three events per child.
	first, end := in.Next, min(in.Next+perRun, len(in.Items))
	ids, err := newIDs(ctx, end-first)
	if err != nil {
		return nil, err
	}
	specs := make([]ChildSpec, end-first)
	for i := first; i < end; i++ {
		specs[i-first] = ChildSpec{ID: ids[i-first], Name: in.Items[i].Name, Context: in.Items[i].Context}
		in.ChildIDs[i] = ids[i-first]
	}
	prepared, err := prepareChildren(ctx, l, in.VersionID, specs)
	if err != nil {
		return nil, batchError(err)
	}
	items := newBatchItems(ctx, in.ContinueOnFailure, func(i int, r any) { in.Results[i] = r }, true)
	itemsCtx, cancelItems := workflow.WithCancel(ctx)
	running, maxInFlight := 0, 0
	var firstErr error
	canStart := func() bool {
		return running < maxConc && in.Next < end && firstErr == nil && len(items.failed) == 0
	}
	for {
		for canStart() {
			i := in.Next
			in.Next++
			running++
			maxInFlight = max(maxInFlight, running)
			workflow.Go(itemsCtx, func(gctx workflow.Context) {
				defer func() { running-- }()
				cctx := items.started(gctx, i, in.ChildIDs[i])
				result, err := runPrepared(cctx, l, in.VersionID, prepared.Definition, specs[i-first])
				if !items.closed(i) {
					return // its failure was recorded under ContinueOnFailure
				}
				switch {
				case err == nil:
					in.Results[i] = result.Context
				case in.ContinueOnFailure && gctx.Err() == nil:
					in.Results[i] = interp.FailureItem(in.ChildIDs[i], childError(err, false))
				case firstErr == nil:
					firstErr = fmt.Errorf("item %d (child %s): %w", i, in.ChildIDs[i], err)
					items.stopping = true // the batch fails: siblings closing now repair nothing
					cancelItems()         // a failed child fails the step: stop its siblings
				}
			})
		}
		if running == 0 && (firstErr != nil || in.Next == end) {
			break
		}
		if err := workflow.Await(ctx, func() bool { return running == 0 || canStart() }); err != nil {
			cancelItems()
			return nil, err
		}
	}
	cancelItems()
	if firstErr != nil {
		return nil, batchError(firstErr)
	}
	if in.Next < len(in.Items) {
		return nil, workflow.NewContinueAsNewError(ctx, BatchWorkflowName, in)
	}
	return &BatchResult{Items: in.Results, ChildIDs: in.ChildIDs, MaxInFlight: maxInFlight}, nil
}

// batchError is the coordinator's verdict for the parent's step, with the code childError
// would give a SINGLE child.
func batchError(err error) error {
	e := childError(err, false)
	return temporal.NewNonRetryableApplicationError(err.Error(), string(e.Code), err)
}
