package engine

import (
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// Signals between an execution and its Temporal parent or children.
const (
	// SignalChildStatus carries a [ChildStatus] from a child to its Temporal parent.
	SignalChildStatus = "wfb.child-status"
	// SignalRetryFailed asks a child to retry its failed steps (its parent's step was retried).
	SignalRetryFailed = "wfb.retry-failed"
	// childNoticeChange versions the child's failure notices: executions whose history
	// predates them replay without sending any.
	childNoticeChange = "wfb.child-failure-notice"
)

// childLink connects an execution to its Temporal parent (notices of its runtime failure) and
// to its children (their notices, and retries passed down).
type childLink struct {
	m      *interp.Machine
	parent *workflow.Execution
	// notified is the failure status the parent last heard of (or, after a retry came down,
	// what it now assumes: not failed).
	notified         bool
	checked, enabled bool
}

// linkChildren starts the goroutines that receive children's notices and a parent's retries.
func linkChildren(ctx workflow.Context, m *interp.Machine) *childLink {
	l := &childLink{m: m, parent: workflow.GetInfo(ctx).ParentWorkflowExecution}
	receiveChildSignals(ctx, m.ChildNotice, func() {
		// The parent reopened its step: it now assumes this execution is not failed, so a
		// retry that fails again must be reported again.
		l.notified = false
		m.RetryFailed()
	})
	return l
}

// receiveChildSignals starts the goroutines that hand each SignalChildStatus notice to onNotice
// and each SignalRetryFailed to onRetry, for as long as the workflow runs. Both the interpreter
// and the batch coordinator listen this way.
func receiveChildSignals(ctx workflow.Context, onNotice func(ChildStatus), onRetry func()) {
	notices := workflow.GetSignalChannel(ctx, SignalChildStatus)
	workflow.Go(ctx, func(gctx workflow.Context) {
		for {
			var n ChildStatus
			if !notices.Receive(gctx, &n) {
				return
			}
			onNotice(n)
		}
	})
	retries := workflow.GetSignalChannel(ctx, SignalRetryFailed)
	workflow.Go(ctx, func(gctx workflow.Context) {
		for {
			if !retries.Receive(gctx, nil) {
				return
			}
			onRetry()
		}
	})
}

func (l *childLink) failed() bool {
	return l.m.State().RuntimeStatus == definition.StatusFailed
}

// pending reports whether flush has something to send.
func (l *childLink) pending() bool {
	return l.m.HasResumes() || l.parent != nil && !l.m.Completed() && l.failed() != l.notified
}

// flush passes retries down to failed children and tells the parent about a change of this
// execution's failure status. Signals are fire-and-forget: a parent that already closed has
// nothing to learn, and a child that closed reports through its result.
func (l *childLink) flush(ctx workflow.Context) {
	for _, id := range l.m.TakeResumes() {
		workflow.SignalExternalWorkflow(ctx, id, "", SignalRetryFailed, nil)
	}
	if l.parent == nil || l.m.Completed() || l.failed() == l.notified {
		return
	}
	l.notified = l.failed()
	if !l.checked {
		l.checked = true
		l.enabled = workflow.GetVersion(ctx, childNoticeChange, workflow.DefaultVersion, 1) == 1
	}
	if l.enabled {
		workflow.SignalExternalWorkflow(ctx, l.parent.ID, "", SignalChildStatus, l.m.FailureNotice())
	}
}
