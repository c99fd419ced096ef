package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// changeRollingBatch is the workflow.GetVersion change id of stored BATCH coordinators that
// continue as new while their children run (docs/engine.md, "Rolling coordinator runs"). From
// version 1 on, a run that has started its share of items hands its running children to the
// next run (BatchInput.Running) instead of waiting for the slowest of them: the children are
// started with the ABANDON parent-close policy, and those still running at the handover are
// asked (SignalReportClose) to report how they end by signal (SignalBatchChildClosed), which
// reaches whichever run is current. Runs recorded before wait for their children, as they did.
const changeRollingBatch = "rolling-batch"

// Signals between a rolling coordinator and its children.
const (
	// SignalReportClose asks a child to send SignalBatchChildClosed when it ends: its
	// coordinator's run is about to hand it over to the next run.
	SignalReportClose = "wfb.report-close"
	// SignalBatchChildClosed carries a [BatchChildClosed] from a child to its coordinator.
	SignalBatchChildClosed = "wfb.batch-child-closed"
)

// BatchChildClosed is how a rolling coordinator's child ended: its final context, or why it
// did not complete.
type BatchChildClosed struct {
	WorkflowID string            `json:"workflowId"`
	Context    map[string]any    `json:"context,omitempty"`
	Error      *interp.StepError `json:"error,omitempty"`
}

// err is the child's end as the coordinator's child future would give it: nil, or an error
// whose code childError reads.
func (c BatchChildClosed) err() error {
	if c.Error == nil {
		return nil
	}
	return temporal.NewNonRetryableApplicationError(c.Error.Message, string(c.Error.Code), nil)
}

// BatchRunning is a child handed from one coordinator run to the next.
type BatchRunning struct {
	Index int    `json:"index"`
	ID    string `json:"id"`
}

// reportClose tells the execution's coordinator how it ended, and waits until the signal is
// recorded there: a signal sent by a workflow that closes in the same task is dropped. A
// context over interp.MaxBatchChildResultBytes is reported as that failure (it could not
// travel, and the coordinator refuses it anyway). A coordinator that has closed has nothing to
// learn, so a failed send is ignored.
func reportClose(ctx workflow.Context, st *State, err error) {
	info := workflow.GetInfo(ctx)
	if info.ParentWorkflowExecution == nil {
		return
	}
	msg := BatchChildClosed{WorkflowID: info.WorkflowExecution.ID}
	switch {
	case err != nil:
		msg.Error = &interp.StepError{Code: interp.CodeChildFailed, Message: fmt.Sprintf("child workflow %s closed without completing: %v", msg.WorkflowID, err)}
	default:
		if cerr := checkChildContext(msg.WorkflowID, st.Context); cerr != nil {
			msg.Error = &interp.StepError{Code: interp.CodeBatchResultTooLarge, Message: cerr.Message}
		} else {
			msg.Context = st.Context
		}
	}
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	_ = workflow.SignalExternalWorkflow(dctx, info.ParentWorkflowExecution.ID, "", SignalBatchChildClosed, msg).Get(dctx, nil)
}

// checkChildContext refuses a child's final context over interp.MaxBatchChildResultBytes.
func checkChildContext(childID string, c map[string]any) *interp.Error {
	b, err := json.Marshal(c)
	if err != nil {
		return interp.Errorf(interp.CodeBatchResultTooLarge, "child %s returned a context that cannot be encoded: %v", childID, err)
	}
	if len(b) > interp.MaxBatchChildResultBytes {
		return interp.Errorf(interp.CodeBatchResultTooLarge,
			"child %s returned a context of %d bytes; a BATCH child's context may hold at most %d", childID, len(b), interp.MaxBatchChildResultBytes)
	}
	return nil
}

// runAbandoned runs one prepared child of a rolling coordinator: the ABANDON parent-close
// policy lets it outlive the run. started is called once Temporal has started the child (or
// failed to): a run must not continue as new before, or the start would be dropped with it.
// The child is cancelled by an explicit request (rolling.cancel), not through ctx: the Get
// waits on a disconnected context.
func runAbandoned(ctx workflow.Context, l lineage, versionID string, def []byte, spec ChildSpec, started func()) (*State, error) {
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	cctx := workflow.WithChildOptions(dctx, workflow.ChildWorkflowOptions{
		WorkflowID:        spec.ID,
		TaskQueue:         workflow.GetInfo(ctx).TaskQueueName,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_ABANDON,
		// Not cancelled through its context; this only tells the SDK's test environment to
		// run the child's own cancellation when it is asked to cancel, as the server does.
		WaitForCancellation: true,
	})
	f := workflow.ExecuteChildWorkflow(cctx, WorkflowName, childInput(l, versionID, def, spec))
	_ = f.GetChildWorkflowExecution().Get(cctx, nil) // a failed start is the result's error too
	started()
	var result State
	if err := f.Get(cctx, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// handoverIdle is how long a rolling run that has started its share waits without any of its
// children ending before it hands over those still running (a slow child waits this long at
// most; fast children mostly end within it, and so cost no request and no report).
const handoverIdle = 2 * time.Second

// rolling is a rolling coordinator run's own bookkeeping: its live children by id (started by
// this run or handed over), those of this run not started yet, the cancellations, and the
// signal channels its main loop reads (drain).
type rolling struct {
	ctx  workflow.Context
	dctx workflow.Context
	live map[string]int
	// starting are this run's children whose start Temporal has not confirmed yet; a
	// cancellation asked meanwhile waits in deferred until it has.
	starting map[string]bool
	deferred map[string]bool
	// asked are the live children that will report their end by signal (asked by this run
	// or an earlier one); closed are those a request could not reach: they had ended, and
	// their end comes to this run through their child future.
	asked  map[string]bool
	closed map[string]bool
	// settled is set once the run, its share started, waited handoverIdle with no child ending.
	settled    bool
	cancelSent map[string]bool
	cancelling []workflow.Future
	closures   workflow.ReceiveChannel
	notices    workflow.ReceiveChannel
	retries    workflow.ReceiveChannel
}

func newRolling(ctx workflow.Context) *rolling {
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	return &rolling{ctx: ctx, dctx: dctx, live: map[string]int{}, starting: map[string]bool{}, deferred: map[string]bool{},
		asked: map[string]bool{}, closed: map[string]bool{}, cancelSent: map[string]bool{},
		closures: workflow.GetSignalChannel(ctx, SignalBatchChildClosed),
		notices:  workflow.GetSignalChannel(ctx, SignalChildStatus),
		retries:  workflow.GetSignalChannel(ctx, SignalRetryFailed)}
}

// drain handles the signals received and not yet read: the children's reports and failure
// notices, the parent's retries. A rolling run reads them in its main loop only, never in
// goroutines blocked on Receive: a value handed to such a goroutine is out of the channel
// before the goroutine runs, so the run could continue as new without it (and hand over a
// child that has already reported, then wait for it forever). It reports whether there was any.
func (r *rolling) drain(onClosed func(BatchChildClosed), items *batchItems) bool {
	got := false
	for {
		var c BatchChildClosed
		if !r.closures.ReceiveAsync(&c) {
			break
		}
		got = true
		onClosed(c)
	}
	for {
		var n ChildStatus
		if !r.notices.ReceiveAsync(&n) {
			break
		}
		got = true
		items.notice(n)
	}
	for r.retries.ReceiveAsync(nil) {
		got = true
		items.retry()
	}
	return got
}

// signalled reports whether a signal waits to be read (drain).
func (r *rolling) signalled() bool {
	return r.closures.Len() > 0 || r.notices.Len() > 0 || r.retries.Len() > 0
}

// cancel asks a live child to cancel, once. The child is not the run's to close (ABANDON), so
// the request is explicit, and the run waits for it to be recorded before it closes (await).
// A child not started yet is asked once it has (started).
func (r *rolling) cancel(id string) {
	if r.cancelSent[id] {
		return
	}
	if r.starting[id] {
		r.deferred[id] = true
		return
	}
	r.cancelSent[id] = true
	r.cancelling = append(r.cancelling, workflow.RequestCancelExternalWorkflow(r.dctx, id, ""))
}

// started records that Temporal started (or failed to start) a child of this run, and sends
// a cancellation asked meanwhile.
func (r *rolling) started(id string) {
	delete(r.starting, id)
	if r.deferred[id] {
		delete(r.deferred, id)
		r.cancel(id)
	}
}

// ask asks every live child not asked yet to report its end by signal, in item order, and
// waits until each request is recorded in the child's history or refused because the child had
// already ended; it reports whether it asked any. A request recorded while the child's last
// task runs fails that task's close, and the child's replay reads it (Execution), so every child
// asked reports.
func (r *rolling) ask() bool {
	var ids []string
	var sent []workflow.Future
	for _, c := range r.running() {
		if !r.asked[c.ID] && !r.closed[c.ID] {
			ids = append(ids, c.ID)
			sent = append(sent, workflow.SignalExternalWorkflow(r.dctx, c.ID, "", SignalReportClose, nil))
		}
	}
	for k, f := range sent {
		if f.Get(r.dctx, nil) == nil {
			r.asked[ids[k]] = true
		} else {
			r.closed[ids[k]] = true
		}
	}
	return len(sent) > 0
}

// ready reports whether every live child will report to the next run.
func (r *rolling) ready() bool {
	for id := range r.live {
		if !r.asked[id] {
			return false
		}
	}
	return true
}

// toAsk reports whether a live child is still to be asked (ask).
func (r *rolling) toAsk() bool {
	for id := range r.live {
		if !r.asked[id] && !r.closed[id] {
			return true
		}
	}
	return false
}

// cancelled is the end of a run whose coordinator was cancelled: closing it does not close its
// children, so it asks every live one to cancel and waits until the requests are recorded (a
// child whose start is not confirmed yet gets its request once it is).
func (r *rolling) cancelled(err error) error {
	r.cancelAll()
	_ = workflow.Await(r.dctx, func() bool { return len(r.starting) == 0 })
	r.await()
	return err
}

// cancelAll asks every live child to cancel, in item order.
func (r *rolling) cancelAll() {
	for _, c := range r.running() {
		r.cancel(c.ID)
	}
}

// await waits until every cancellation request sent is recorded (a child already closed
// answers an error, which changes nothing), and reports whether it had to wait.
func (r *rolling) await() bool {
	if len(r.cancelling) == 0 {
		return false
	}
	for _, f := range r.cancelling {
		_ = f.Get(r.dctx, nil)
	}
	r.cancelling = nil
	return true
}

// running lists the live children in item order, for the next run.
func (r *rolling) running() []BatchRunning {
	out := make([]BatchRunning, 0, len(r.live))
	for id, i := range r.live {
		out = append(out, BatchRunning{Index: i, ID: id})
	}
	slices.SortFunc(out, func(a, b BatchRunning) int { return a.Index - b.Index })
	return out
}
