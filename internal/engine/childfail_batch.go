package engine

import (
	"fmt"
	"maps"
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// batchItems is a coordinator run's view of its running children for failure handling: which
// child is which item, how to cancel each, and which are failed (see [Batch]).
type batchItems struct {
	ctx workflow.Context
	// continueOnFailure is the step's onChildFailure "continue"; record keeps an item's
	// failure recorded under it as the item's result.
	continueOnFailure bool
	record            func(i int, result any)
	// ids are the running items' child ids.
	ids     map[int]string
	self    string
	parent  *workflow.Execution
	byID    map[string]int
	cancels map[int]func()
	// failed are the items whose child reported a failed step (ContinueOnFailure off).
	failed map[int]ChildStatus
	// abandoned are the items whose failure was recorded under ContinueOnFailure.
	abandoned map[int]bool
	// relayed is whether the parent was last told that the batch has a failed child.
	relayed bool
	// stopping is set once the batch fails (a child closed without completing): nothing more
	// is relayed, the coordinator's own failure is the verdict.
	stopping bool
}

// newBatchItems starts the goroutines that receive the children's notices and the parent's
// retries, when listen is set (a rolling run reads them in its main loop: rolling.drain).
func newBatchItems(ctx workflow.Context, continueOnFailure bool, record func(int, any), listen bool) *batchItems {
	info := workflow.GetInfo(ctx)
	b := &batchItems{ctx: ctx, continueOnFailure: continueOnFailure, record: record, ids: map[int]string{},
		self: info.WorkflowExecution.ID, parent: info.ParentWorkflowExecution,
		byID: map[string]int{}, cancels: map[int]func(){}, failed: map[int]ChildStatus{}, abandoned: map[int]bool{}}
	if listen {
		receiveChildSignals(ctx, b.notice, b.retry)
	}
	return b
}

// started registers item i's child (childID) as running and returns the context to run it in.
func (b *batchItems) started(ctx workflow.Context, i int, childID string) workflow.Context {
	cctx, cancel := workflow.WithCancel(ctx)
	b.track(i, childID, cancel)
	return cctx
}

// track registers item i's child (childID) as running, cancelled by cancel.
func (b *batchItems) track(i int, childID string, cancel func()) {
	b.ids[i] = childID
	b.byID[childID] = i
	b.cancels[i] = cancel
}

// closed records that item i's child closed, and reports whether its result is still to be
// recorded (false when its failure already was, under ContinueOnFailure).
func (b *batchItems) closed(i int) bool {
	delete(b.byID, b.ids[i])
	delete(b.cancels, i)
	if _, ok := b.failed[i]; ok {
		delete(b.failed, i)
		b.relay()
	}
	abandoned := b.abandoned[i]
	delete(b.ids, i)
	delete(b.abandoned, i)
	return !abandoned
}

func (b *batchItems) notice(n ChildStatus) {
	i, ok := b.byID[n.WorkflowID]
	if !ok || b.abandoned[i] {
		return
	}
	switch {
	case n.Failed && b.continueOnFailure:
		b.abandoned[i] = true
		b.record(i, interp.FailureItem(n.WorkflowID, n.Reason()))
		b.cancels[i]()
		return
	case n.Failed:
		b.failed[i] = n
	default:
		delete(b.failed, i)
	}
	b.relay()
}

// relay tells the parent when the batch gains its first failed child or loses its last.
func (b *batchItems) relay() {
	want := len(b.failed) > 0
	if want == b.relayed || b.parent == nil || b.stopping {
		return
	}
	b.relayed = want
	n := ChildStatus{WorkflowID: b.self, Failed: want}
	if want {
		i := slices.Min(slices.Collect(maps.Keys(b.failed)))
		r := b.failed[i].Reason()
		n.Error = &interp.StepError{Code: r.Code, Message: fmt.Sprintf("item %d (child %s), %s", i, b.ids[i], r.Message)}
	}
	workflow.SignalExternalWorkflow(b.ctx, b.parent.ID, "", SignalChildStatus, n)
}

// retry passes the parent's retry to every failed child, in item order. The parent reopened
// its step, so the batch now counts as not failed: a child that fails again reports again.
func (b *batchItems) retry() {
	for _, i := range slices.Sorted(maps.Keys(b.failed)) {
		workflow.SignalExternalWorkflow(b.ctx, b.ids[i], "", SignalRetryFailed, nil)
	}
	clear(b.failed)
	b.relayed = false
}
