package engine

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// BatchWorkflowName is the registered name of the BATCH coordinator workflow.
const BatchWorkflowName = "wfb.Batch"

// DefaultItemsPerRun is how many children one run of the coordinator starts before it
// continues as new. Each item costs about ten history events (side effect, activity, child),
// so a run stays near 5,000 events, well under Temporal's per-execution history limits.
const DefaultItemsPerRun = 500

// BatchItem is one child to start: its context (the input mapping's result) and its name
// ("" means the child template's name).
type BatchItem struct {
	Context map[string]any `json:"context"`
	Name    string         `json:"name,omitempty"`
}

// BatchInput is the coordinator's input. Next, Results and ChildIDs carry its progress
// across continue-as-new.
type BatchInput struct {
	ParentID          string      `json:"parentId"`
	RootID            string      `json:"rootId"`
	CorrelationID     string      `json:"correlationId,omitempty"`
	VersionID         string      `json:"versionId"`
	Items             []BatchItem `json:"items"`
	MaxConcurrency    int         `json:"maxConcurrency"`
	ContinueOnFailure bool        `json:"continueOnFailure,omitempty"`
	LoopLimit         int         `json:"loopLimit,omitempty"`
	ItemsPerRun       int         `json:"itemsPerRun,omitempty"`

	Next     int      `json:"next,omitempty"`
	Results  []any    `json:"results,omitempty"`
	ChildIDs []string `json:"childIds,omitempty"`
}

// BatchResult is the children's final contexts in iterable order (null for a child that failed
// under onChildFailure "continue") and their execution ids.
type BatchResult struct {
	Items    []any    `json:"items"`
	ChildIDs []string `json:"childIds"`
	// MaxInFlight is the most children that ran at once in the last run, for observing
	// maxConcurrency.
	MaxInFlight int `json:"maxInFlight"`
}

// Batch is the coordinator of a BATCH sub-workflow step: it starts one child per item, at
// most MaxConcurrency at a time, and continues as new every ItemsPerRun items so that a batch
// of any size stays within Temporal's limits (history size, 2,000 pending children). It
// closes only when every started child has closed, so no child outlives a run that started it.
func Batch(ctx workflow.Context, in BatchInput) (*BatchResult, error) {
	if in.Results == nil {
		in.Results = make([]any, len(in.Items))
		in.ChildIDs = make([]string, len(in.Items))
	}
	maxConc := min(max(in.MaxConcurrency, 1), maxPendingChildren)
	perRun := in.ItemsPerRun
	if perRun <= 0 {
		perRun = DefaultItemsPerRun
	}
	l := lineage{parentID: in.ParentID, rootID: in.RootID, correlationID: in.CorrelationID,
		loopLimit: in.LoopLimit, itemsPerRun: in.ItemsPerRun}
	itemsCtx, cancelItems := workflow.WithCancel(ctx)
	running, launched, maxInFlight := 0, 0, 0
	var firstErr error
	for {
		for running < maxConc && in.Next < len(in.Items) && launched < perRun && firstErr == nil {
			i := in.Next
			in.Next++
			running++
			launched++
			maxInFlight = max(maxInFlight, running)
			workflow.Go(itemsCtx, func(gctx workflow.Context) {
				defer func() { running-- }()
				childID, result, err := startChild(gctx, l, in.VersionID, in.Items[i], nil)
				in.ChildIDs[i] = childID
				switch {
				case err == nil:
					in.Results[i] = result.Context
				case in.ContinueOnFailure && gctx.Err() == nil:
					in.Results[i] = nil
				case firstErr == nil:
					firstErr = fmt.Errorf("item %d (child %s): %w", i, childID, err)
					cancelItems() // a failed child fails the step: stop its siblings
				}
			})
		}
		if running == 0 && (firstErr != nil || in.Next == len(in.Items) || launched >= perRun) {
			break
		}
		if err := workflow.Await(ctx, func() bool {
			return running == 0 || (running < maxConc && firstErr == nil && in.Next < len(in.Items) && launched < perRun)
		}); err != nil {
			cancelItems()
			return nil, err
		}
	}
	if firstErr != nil {
		var app *temporal.ApplicationError
		if errors.As(firstErr, &app) && app.Type() != "" {
			return nil, temporal.NewNonRetryableApplicationError(firstErr.Error(), app.Type(), firstErr)
		}
		return nil, temporal.NewNonRetryableApplicationError(firstErr.Error(), CodeChildFailed, firstErr)
	}
	if in.Next < len(in.Items) {
		return nil, workflow.NewContinueAsNewError(ctx, BatchWorkflowName, in)
	}
	return &BatchResult{Items: in.Results, ChildIDs: in.ChildIDs, MaxInFlight: maxInFlight}, nil
}
