package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// changeStoredFetch is the workflow.GetVersion change id of per-item data-source calls run
// outside the parent (docs/engine.md, "BATCH at scale"): from version 1 on, a BATCH step's
// per-item calls are written to the store in pages and run by a child workflow
// ([FetchBatch]), and the parent reads their results back in pages, so the parent's history
// grows by a few events per page instead of three per call. Runs recorded before run the calls
// as the parent's own activities.
const changeStoredFetch = "stored-fetch"

// FetchBatchWorkflowName is the registered name of [FetchBatch].
const FetchBatchWorkflowName = "wfb.FetchBatch"

// FetchBatchInput is [FetchBatch]'s input: the calls are items 0..Count-1 of the stored batch
// named by the workflow's own id; Next carries its progress across continue-as-new.
type FetchBatchInput struct {
	Count       int `json:"count"`
	Concurrency int `json:"concurrency"`
	ItemsPerRun int `json:"itemsPerRun,omitempty"`
	Next        int `json:"next,omitempty"`
}

// storedCall is one call as stored: what ActivityCallDataSource needs, and its timeout.
type storedCall struct {
	CallDataSourceRequest
	TimeoutMs int `json:"timeoutMs"`
}

// FetchBatch runs a stored batch of data-source calls, at most Concurrency at a time, with the
// retry policy and timeouts of the parent's own calls, and writes each call's data as its
// item's result, a page at a time. It continues as new every ItemsPerRun calls or
// storedRunBytes of results. The first call that fails after its retries fails the workflow
// with the call's own error kind, its index in the details.
func FetchBatch(ctx workflow.Context, in FetchBatchInput) error {
	perRun := in.ItemsPerRun
	if perRun <= 0 {
		perRun = DefaultItemsPerRun
	}
	self := workflow.GetInfo(ctx).WorkflowExecution.ID
	r := &storedRun{ctx: ctx}
	end := min(in.Next+perRun, in.Count)
	callsCtx, cancelCalls := workflow.WithCancel(ctx)
	defer cancelCalls()
	var buffer []storedCall
	next, running := in.Next, 0
	var failed error
	canStart := func() bool {
		return running < max(in.Concurrency, 1) && next < end && failed == nil && r.err == nil && r.runBytes < storedRunBytes
	}
	for {
		for canStart() {
			if len(buffer) == 0 {
				page, err := readCalls(ctx, self, next, end)
				if err != nil {
					failed = err
					break
				}
				buffer = page
				continue
			}
			call := buffer[0]
			buffer = buffer[1:]
			i := next
			next++
			running++
			workflow.Go(callsCtx, func(gctx workflow.Context) {
				defer func() { running-- }()
				actx := workflow.WithActivityOptions(gctx, workflow.ActivityOptions{
					StartToCloseTimeout: time.Duration(call.TimeoutMs)*time.Millisecond + dataSourceTimeoutMargin,
					RetryPolicy:         &dataSourceRetry,
				})
				var res CallDataSourceResult
				err := workflow.ExecuteActivity(actx, ActivityCallDataSource, call.CallDataSourceRequest).Get(actx, &res)
				switch {
				case err == nil:
					r.record(i, res.Data)
				case failed == nil && gctx.Err() == nil:
					e := dataSourceError(err)
					failed = temporal.NewNonRetryableApplicationError(e.Message, string(e.Code), nil, i)
					cancelCalls()
				}
			})
		}
		if r.flushDue() && failed == nil {
			if err := r.flush(); err != nil {
				failed = err
				cancelCalls()
			}
			continue
		}
		if running == 0 && (failed != nil || r.err != nil || !canStart()) {
			break
		}
		if err := workflow.Await(ctx, func() bool { return running == 0 || canStart() || r.flushDue() }); err != nil {
			return err
		}
	}
	if failed == nil {
		failed = r.err
	}
	if failed == nil {
		failed = r.flush()
	}
	if failed != nil {
		return failed
	}
	if next < in.Count {
		in.Next = next
		return workflow.NewContinueAsNewError(ctx, FetchBatchWorkflowName, in)
	}
	return nil
}

// readCalls reads the next page of a fetch batch's calls.
func readCalls(ctx workflow.Context, batchID string, from, to int) ([]storedCall, error) {
	actx := workflow.WithActivityOptions(ctx, batchActivityOptions)
	var page interp.BatchInputsPage
	err := workflow.ExecuteActivity(actx, ActivityReadBatchInputs, interp.BatchPageRequest{
		BatchID: batchID, From: from, To: to, MaxBytes: interp.BatchPageBytes}).Get(actx, &page)
	if err != nil {
		return nil, fmt.Errorf("reading calls of %s from %d: %w", batchID, from, err)
	}
	if len(page.Inputs) == 0 || page.Next != from+len(page.Inputs) {
		return nil, fmt.Errorf("reading calls of %s from %d: the page came back malformed", batchID, from)
	}
	out := make([]storedCall, len(page.Inputs))
	for k, raw := range page.Inputs {
		if err := json.Unmarshal(raw, &out[k]); err != nil {
			return nil, fmt.Errorf("decoding call %d of %s: %w", from+k, batchID, err)
		}
	}
	return out, nil
}

// runFetchStored runs a round of per-item calls through [FetchBatch]: the calls are written to
// the store in pages, the child runs them, and their results are read back in pages, in the
// order of f.Calls, for FetchDone.
// The batch is named after the execution's id (as the coordinator is), not the workflow's
// (a replayer runs a history under another workflow id).
func runFetchStored(ctx workflow.Context, m *interp.Machine, f interp.FetchRequest, defs map[string]*DataSourceDef, executionID string) {
	ids, err := newIDs(ctx, 1)
	if err != nil {
		m.FetchFailed(f, f.Calls[0], &Error{Code: interp.CodeDataSourceFailed, Message: err.Error()})
		return
	}
	self := executionID
	batchID := fmt.Sprintf("%s/fetch-%s", self, ids[0])
	items := make([]interp.BatchItem, len(f.Calls))
	for i, c := range f.Calls {
		def := defs[c.Call.DataSourceID]
		b, err := json.Marshal(storedCall{CallDataSourceRequest{DataSourceID: def.ID, Config: def.Config, Params: c.Params}, def.TimeoutMs})
		if err == nil {
			err = json.Unmarshal(b, &items[i].Context)
		}
		if err != nil {
			m.FetchFailed(f, c, &Error{Code: interp.CodeDataSourceFailed, Message: fmt.Sprintf("encoding the call: %v", err)})
			return
		}
	}
	fail := func(err error) {
		if ctx.Err() != nil {
			return // cancelled: the main loop records it
		}
		c := f.Calls[0]
		var app *temporal.ApplicationError
		var i int
		if errors.As(err, &app) && app.HasDetails() && app.Details(&i) == nil && i >= 0 && i < len(f.Calls) {
			c = f.Calls[i]
		}
		m.FetchFailed(f, c, dataSourceError(err))
	}
	if err := writeBatchItems(ctx, batchID, self, items); err != nil {
		fail(err)
		return
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        batchID,
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	if err := workflow.ExecuteChildWorkflow(cctx, FetchBatchWorkflowName, FetchBatchInput{Count: len(f.Calls), Concurrency: f.Concurrency}).Get(cctx, nil); err != nil {
		fail(err)
		return
	}
	res, err := readBatchResults(ctx, &interp.StoredBatch{BatchID: batchID, Count: len(f.Calls)})
	if err != nil {
		fail(err)
		return
	}
	if ctx.Err() == nil {
		m.FetchDone(f, res.Items)
	}
}
