package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// changeStoredBatch is the workflow.GetVersion change id of BATCH steps whose items and
// results live in the store (docs/engine.md, "BATCH at scale"): from version 1 on, the parent
// writes the items in pages, the coordinator's input names them (BatchInput.Stored) and the
// parent reads the results back in pages. Runs recorded before keep carrying the items and
// results in the coordinator's input and result, so their histories still replay.
const changeStoredBatch = "stored-batch"

// Names of the activities of stored batches.
const (
	// ActivityPutBatchItems writes a page of a BATCH's items ([interp.PutBatchItemsRequest]).
	ActivityPutBatchItems = "wfb.PutBatchItems"
	// ActivityPrepareBatchPage reads the next page of items and creates their children's rows
	// ([interp.BatchPageRequest] -> [interp.BatchPage]).
	ActivityPrepareBatchPage = "wfb.PrepareBatchPage"
	// ActivityPutBatchResults writes a page of results ([interp.BatchResultsRequest]).
	ActivityPutBatchResults = "wfb.PutBatchResults"
	// ActivityReadBatchInputs reads a page of a stored batch's inputs ([interp.BatchPageRequest]
	// -> [interp.BatchInputsPage]).
	ActivityReadBatchInputs = "wfb.ReadBatchInputs"
	// ActivityReadBatchResults reads a page of results back ([interp.BatchPageRequest] ->
	// [interp.BatchResultsPage]).
	ActivityReadBatchResults = "wfb.ReadBatchResults"
)

// BatchStore keeps the items and results of BATCH steps outside Temporal's history. The
// worker's batch activities call it; projection.Persistence implements it over the store. A
// failure that is an *interp.Error is not retried.
type BatchStore interface {
	PutBatchItems(ctx context.Context, req interp.PutBatchItemsRequest) error
	PrepareBatchPage(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchPage, error)
	PutBatchResults(ctx context.Context, req interp.BatchResultsRequest) error
	ReadBatchResults(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchResultsPage, error)
	ReadBatchInputs(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchInputsPage, error)
}

// storedRunBytes bounds the item inputs and results one run of a stored coordinator handles
// before it continues as new, so that its history stays a few MB whatever each child takes and
// returns (ItemsPerRun bounds it by count).
const storedRunBytes = 4 << 20

// batchActivityOptions: the batch activities are database reads and writes of one page; they
// are retried until the database answers, as the projection is (prepareOptions).
var batchActivityOptions = prepareOptions

func (a *activities) putBatchItems(ctx context.Context, req interp.PutBatchItemsRequest) error {
	if a.batches == nil {
		return applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store for BATCH items"))
	}
	return asApplicationError(a.batches.PutBatchItems(ctx, req))
}

func (a *activities) prepareBatchPage(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchPage, error) {
	if a.batches == nil {
		return nil, applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store for BATCH items"))
	}
	page, err := a.batches.PrepareBatchPage(ctx, req)
	return page, asApplicationError(err)
}

func (a *activities) putBatchResults(ctx context.Context, req interp.BatchResultsRequest) error {
	if a.batches == nil {
		return applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store for BATCH results"))
	}
	return asApplicationError(a.batches.PutBatchResults(ctx, req))
}

func (a *activities) readBatchResults(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchResultsPage, error) {
	if a.batches == nil {
		return nil, applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store for BATCH results"))
	}
	page, err := a.batches.ReadBatchResults(ctx, req)
	return page, asApplicationError(err)
}

func (a *activities) readBatchInputs(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchInputsPage, error) {
	if a.batches == nil {
		return nil, applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store for BATCH items"))
	}
	page, err := a.batches.ReadBatchInputs(ctx, req)
	return page, asApplicationError(err)
}

// writeBatchItems writes a BATCH's items to the store in pages of at most
// interp.BatchPageBytes, before its coordinator starts.
func writeBatchItems(ctx workflow.Context, batchID, executionID string, items []interp.BatchItem) error {
	actx := workflow.WithActivityOptions(ctx, batchActivityOptions)
	for first := 0; first < len(items); {
		end, size := first, 0
		for end < len(items) {
			b, err := json.Marshal(items[end])
			if err != nil {
				return fmt.Errorf("encoding item %d: %w", end, err)
			}
			if end > first && size+len(b) > interp.BatchPageBytes {
				break
			}
			size += len(b)
			end++
		}
		req := interp.PutBatchItemsRequest{BatchID: batchID, ExecutionID: executionID, First: first, Items: items[first:end]}
		if err := workflow.ExecuteActivity(actx, ActivityPutBatchItems, req).Get(actx, nil); err != nil {
			return fmt.Errorf("writing items %d-%d of batch %s: %w", first, end-1, batchID, err)
		}
		first = end
	}
	return nil
}

// readBatchResults loads a stored BATCH's results and child ids in pages, in item order, and
// their size in bytes; past interp.MaxBatchOutputBytes it stops with CodeBatchOutputTooLarge.
func readBatchResults(ctx workflow.Context, sb *interp.StoredBatch) (*BatchResult, error) {
	actx := workflow.WithActivityOptions(ctx, batchActivityOptions)
	out := &BatchResult{Items: make([]any, 0, sb.Count), ChildIDs: make([]string, 0, sb.Count), Stored: sb}
	for from := 0; from < sb.Count; {
		var page interp.BatchResultsPage
		req := interp.BatchPageRequest{BatchID: sb.BatchID, From: from, To: sb.Count, MaxBytes: interp.BatchPageBytes}
		if err := workflow.ExecuteActivity(actx, ActivityReadBatchResults, req).Get(actx, &page); err != nil {
			return nil, fmt.Errorf("reading the results of batch %s from item %d: %w", sb.BatchID, from, err)
		}
		if page.Next <= from || len(page.Results) != page.Next-from || len(page.ChildIDs) != len(page.Results) {
			return nil, fmt.Errorf("reading the results of batch %s: a page from item %d came back malformed", sb.BatchID, from)
		}
		for k, raw := range page.Results {
			out.OutputBytes += len(raw) + len(page.ChildIDs[k])
			if out.OutputBytes > interp.MaxBatchOutputBytes {
				return nil, applicationError(interp.Errorf(interp.CodeBatchOutputTooLarge,
					"the results of the batch's %d children are over %d bytes, the most a step's output can hold", sb.Count, interp.MaxBatchOutputBytes))
			}
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, fmt.Errorf("decoding the result of item %d of batch %s: %w", from+k, sb.BatchID, err)
			}
			out.Items = append(out.Items, v)
		}
		out.ChildIDs = append(out.ChildIDs, page.ChildIDs...)
		from = page.Next
	}
	return out, nil
}

// storedRun is one run of a coordinator whose items and results are in the store.
type storedRun struct {
	ctx workflow.Context
	in  *BatchInput
	l   lineage
	// buffer holds prepared children not yet started; def is their definition.
	buffer []interp.BatchChild
	def    json.RawMessage
	// pending are results not yet written, pendingBytes their size.
	pending      []interp.BatchItemResult
	pendingBytes int
	// runBytes counts the inputs and results this run handled (storedRunBytes).
	runBytes int
	err      error
}

// record queues item i's result for writing; a result that cannot be encoded is the batch's
// error.
func (r *storedRun) record(i int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		if r.err == nil {
			r.err = fmt.Errorf("encoding the result of item %d: %w", i, err)
		}
		return
	}
	r.pending = append(r.pending, interp.BatchItemResult{Index: i, Result: b})
	r.pendingBytes += len(b)
	r.runBytes += len(b)
}

// flushDue reports whether the queued results fill a page.
func (r *storedRun) flushDue() bool { return r.pendingBytes >= interp.BatchPageBytes }

// flush writes the queued results, a page (at most BatchPageBytes, or one result) at a time.
func (r *storedRun) flush() error {
	actx := workflow.WithActivityOptions(r.ctx, batchActivityOptions)
	for len(r.pending) > 0 {
		n, size := 0, 0
		for n < len(r.pending) && (n == 0 || size+len(r.pending[n].Result) <= interp.BatchPageBytes) {
			size += len(r.pending[n].Result)
			n++
		}
		req := interp.BatchResultsRequest{BatchID: workflow.GetInfo(r.ctx).WorkflowExecution.ID, Results: r.pending[:n]}
		if err := workflow.ExecuteActivity(actx, ActivityPutBatchResults, req).Get(actx, nil); err != nil {
			return fmt.Errorf("writing %d results: %w", n, err)
		}
		r.pending = r.pending[n:]
		r.pendingBytes -= size
	}
	r.pending = nil
	return nil
}

// fill reads and prepares the next page of children, up to end.
func (r *storedRun) fill(end int) error {
	actx := workflow.WithActivityOptions(r.ctx, prepareOptions)
	var page interp.BatchPage
	err := workflow.ExecuteActivity(actx, ActivityPrepareBatchPage, interp.BatchPageRequest{
		BatchID: r.in.Stored.BatchID, ParentID: r.l.parentID, RootID: r.l.rootID, VersionID: r.in.VersionID,
		StepID: r.l.stepID, From: r.in.Next, To: end, MaxBytes: interp.BatchPageBytes,
	}).Get(actx, &page)
	if err != nil {
		return err
	}
	if len(page.Children) == 0 || page.Children[0].Index != r.in.Next {
		return fmt.Errorf("preparing items of batch %s from %d: the page came back malformed", r.in.Stored.BatchID, r.in.Next)
	}
	r.buffer, r.def = page.Children, page.Definition
	return nil
}

// batchStored is [Batch] for a batch whose items and results are in the store: each run reads
// its items a page at a time (creating the children's rows as it goes), queues each child's
// result and writes the results a page at a time, so every payload stays under about
// BatchPageBytes (or one child's result) and the input carries only counters. It continues as
// new after ItemsPerRun items or storedRunBytes of inputs and results: a rolling run
// (changeRollingBatch) at once, handing its running children to the next run; a run recorded
// before that, once the children it started have closed.
func batchStored(ctx workflow.Context, in BatchInput, maxConc, perRun int, l lineage) (*BatchResult, error) {
	var roll *rolling
	if workflow.GetVersion(ctx, changeRollingBatch, workflow.DefaultVersion, 1) >= 1 {
		roll = newRolling(ctx)
	}
	r := &storedRun{ctx: ctx, in: &in, l: l}
	first := in.Next
	end := min(first+perRun, in.Stored.Count)
	items := newBatchItems(ctx, in.ContinueOnFailure, r.record, roll == nil)
	itemsCtx, cancelItems := workflow.WithCancel(ctx)
	defer cancelItems()
	running, maxInFlight := 0, in.MaxInFlight
	var firstErr error
	stop := func() {
		cancelItems()
		if roll != nil {
			roll.cancelAll()
		}
	}
	// finish records how item i's child ended, once: a rolling run hears it from the child's
	// report or from its own child future, whichever comes first.
	finish := func(i int, id string, out map[string]any, err error) {
		if roll != nil {
			if _, ok := roll.live[id]; !ok {
				return
			}
			delete(roll.live, id)
		}
		running--
		if err == nil {
			if cerr := checkChildContext(id, out); cerr != nil {
				err = applicationError(cerr)
			}
		}
		if !items.closed(i) {
			return // its failure was recorded under ContinueOnFailure
		}
		switch {
		case err == nil:
			r.record(i, out)
		case in.ContinueOnFailure && itemsCtx.Err() == nil:
			r.record(i, interp.FailureItem(id, childError(err, false)))
		case firstErr == nil:
			firstErr = fmt.Errorf("item %d (child %s): %w", i, id, err)
			items.stopping = true
			stop() // a failed child fails the step: stop its siblings
		}
	}
	onClosed := func(c BatchChildClosed) {
		if i, ok := roll.live[c.WorkflowID]; ok {
			finish(i, c.WorkflowID, c.Context, c.err())
		}
	}
	if roll != nil {
		for _, c := range in.Running { // handed over by the previous run
			roll.live[c.ID] = c.Index
			roll.asked[c.ID] = true
			items.track(c.Index, c.ID, func() { roll.cancel(c.ID) })
			running++
		}
		in.Running = nil
		maxInFlight = max(maxInFlight, running)
	}
	canStart := func() bool {
		return running < maxConc && in.Next < end && firstErr == nil && r.err == nil && len(items.failed) == 0 &&
			r.runBytes < storedRunBytes
	}
	// rollover: a rolling run has started its share and may hand over what still runs.
	rollover := func() bool {
		return roll != nil && len(roll.starting) == 0 && firstErr == nil && r.err == nil && len(items.failed) == 0 && in.Next < in.Stored.Count &&
			(in.Next == end || r.runBytes >= storedRunBytes)
	}
	for {
		if roll != nil {
			roll.drain(onClosed, items)
		}
		for canStart() {
			if len(r.buffer) == 0 {
				if err := r.fill(end); err != nil {
					stop()
					if firstErr == nil {
						firstErr = err
					}
				}
				continue // the children ran while the page was read: check again
			}
			child := r.buffer[0]
			r.buffer = r.buffer[1:]
			i := child.Index
			in.Next++
			running++
			maxInFlight = max(maxInFlight, running)
			if b, err := json.Marshal(child.Context); err == nil {
				r.runBytes += len(b)
			}
			if roll != nil {
				roll.live[child.ID] = i
				roll.starting[child.ID] = true
				items.track(i, child.ID, func() { roll.cancel(child.ID) })
			}
			workflow.Go(itemsCtx, func(gctx workflow.Context) {
				var result *State
				var err error
				if roll != nil {
					result, err = runAbandoned(gctx, l, in.VersionID, r.def, child.ChildSpec, func() { roll.started(child.ID) })
				} else {
					result, err = runPrepared(items.started(gctx, i, child.ID), l, in.VersionID, r.def, child.ChildSpec)
				}
				var out map[string]any
				if err == nil {
					out = result.Context
				}
				finish(i, child.ID, out, err)
			})
		}
		if r.flushDue() && firstErr == nil {
			if err := r.flush(); err != nil {
				firstErr = err
				stop()
			}
			continue
		}
		if rollover() {
			// Nothing may be left in flight when the run continues as new: the cancellations
			// sent, the signals received, the children asked to report, the results queued.
			// Each may let more arrive, so look again after each. A child that had ended when
			// asked reports to this run (its future): the run waits for it.
			if roll.await() || roll.drain(onClosed, items) {
				continue
			}
			if !roll.settled {
				// Handing a child over costs it a request and a report; most children of a
				// run end within moments of its last start, so wait while they keep ending
				// and hand over only those still running after handoverIdle without one.
				before := running
				ok, err := workflow.AwaitWithTimeout(ctx, handoverIdle, func() bool {
					return running == 0 || firstErr != nil || roll.signalled()
				})
				if err != nil {
					return nil, roll.cancelled(err)
				}
				roll.settled = running == 0 || !ok && running == before
				continue
			}
			if roll.ask() {
				continue
			}
			if len(r.pending) > 0 {
				if err := r.flush(); err != nil {
					firstErr = err
					stop()
				}
				continue
			}
			if roll.ready() {
				break
			}
		}
		if running == 0 && (firstErr != nil || r.err != nil || !canStart()) {
			break
		}
		if err := workflow.Await(ctx, func() bool {
			return running == 0 || canStart() || r.flushDue() || rollover() && (!roll.settled || roll.ready() || roll.toAsk()) || roll != nil && roll.signalled()
		}); err != nil {
			if roll != nil { // cancelled: the children are not closed with the run
				return nil, roll.cancelled(err)
			}
			return nil, err
		}
	}
	cancelItems()
	if firstErr == nil {
		firstErr = r.err
	}
	if firstErr == nil {
		firstErr = r.flush()
	}
	if roll != nil {
		roll.await()
	}
	if firstErr != nil {
		return nil, batchError(firstErr)
	}
	if in.Next < in.Stored.Count {
		in.MaxInFlight = maxInFlight
		if roll != nil {
			in.Running = roll.running()
		}
		return nil, workflow.NewContinueAsNewError(ctx, BatchWorkflowName, in)
	}
	return &BatchResult{Items: []any{}, Stored: in.Stored, MaxInFlight: maxInFlight}, nil
}
