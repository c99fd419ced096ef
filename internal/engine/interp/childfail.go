package interp

import (
	"fmt"
	"maps"
	"slices"

	"github.com/workflowbuilder/wfb/definition"
)

// ChildStatus is what a child execution (or a batch coordinator) tells its Temporal parent,
// through SignalChildStatus, each time its runtime status enters or leaves Failed: a child's
// failed step fails its parent's sub-workflow step while it stays open for a retry, and a
// repaired child returns the parent's step to InProgress.
type ChildStatus struct {
	// WorkflowID is the sender's Temporal workflow id (a child execution id, or a coordinator's).
	WorkflowID string `json:"workflowId"`
	// Failed is true while the sender has a failed step (a coordinator: a failed child).
	Failed bool `json:"failed"`
	// StepID and Error are the sender's first failed step, in definition order.
	StepID string     `json:"stepId,omitempty"`
	Error  *StepError `json:"error,omitempty"`
}

// liveChild is a sub-workflow step's running Temporal child: the child execution (SINGLE) or
// the batch coordinator (BATCH).
type liveChild struct {
	req ChildRequest
	// failed is set while the step is Failed because this child reported a failed step.
	failed bool
	// cancel requests the child's cancellation (nil if it cannot be cancelled separately).
	cancel func()
}

// subState is the machine's bookkeeping of sub-workflow steps beyond the State: their live
// children, the retries to pass down to them, and the data source fetches to run.
type subState struct {
	live map[string]*liveChild // by Temporal workflow id
	// resumes are the workflow ids of failed children to send SignalRetryFailed.
	resumes []string
	// fetches are data source fetches the workflow has yet to run.
	fetches []FetchRequest
}

// ChildRunning registers the Temporal child that serves req.
func (m *Machine) ChildRunning(req ChildRequest, workflowID string, cancel func()) {
	if m.sub.live == nil {
		m.sub.live = map[string]*liveChild{}
	}
	m.sub.live[workflowID] = &liveChild{req: req, cancel: cancel}
}

// ChildNotice applies a ChildStatus. With onChildFailure "fail" a failed child fails the step
// (the child stays open for a retry) and a repaired child reopens it. With "continue" a SINGLE
// step completes with the failure as its output and the child is cancelled (nobody waits for
// it any more); a BATCH coordinator applies "continue" itself and never reports a failure.
func (m *Machine) ChildNotice(n ChildStatus) {
	lc := m.sub.live[n.WorkflowID]
	if lc == nil {
		return // a child that already closed, or of an earlier attempt
	}
	step := m.steps[lc.req.StepID]
	st := m.state.Steps[step.ID]
	if st.Attempt != lc.req.Attempt {
		return
	}
	if !n.Failed {
		if lc.failed && st.Status == definition.StatusFailed {
			lc.failed = false
			m.unfail(step)
		}
		return
	}
	if !IsOpen(st.Status) {
		return
	}
	if step.OnChildFailure == definition.ChildFailureContinue && !lc.req.IsBatch {
		delete(m.sub.live, n.WorkflowID)
		if lc.cancel != nil {
			lc.cancel()
		}
		m.complete(step, FailureItem(n.WorkflowID, n.Reason()))
		m.drain()
		return
	}
	lc.failed = true
	what := "child " + n.WorkflowID
	if lc.req.IsBatch {
		what = "a child" // the coordinator's message names the item and the child
	}
	m.fail(step, &Error{Code: CodeChildFailed, Message: fmt.Sprintf("%s of step %q failed: %s", what, step.ID, n.describe())})
}

// Reason is the child's failure as an engine error: its failed step's code, and a message
// naming that step.
func (n ChildStatus) Reason() *Error {
	if n.Error == nil {
		return &Error{Code: CodeChildFailed, Message: "the child failed"}
	}
	if n.StepID == "" { // a coordinator's notice: its message names the item
		return &Error{Code: n.Error.Code, Message: n.Error.Message}
	}
	return &Error{Code: n.Error.Code, Message: fmt.Sprintf("step %q: %s", n.StepID, n.Error.Message)}
}

// describe is the child's failure in one line for its parent's step error.
func (n ChildStatus) describe() string {
	r := n.Reason()
	return string(r.Code) + ": " + r.Message
}

// FailureNotice describes this execution's runtime status for its Temporal parent.
func (m *Machine) FailureNotice() ChildStatus {
	n := ChildStatus{WorkflowID: m.state.ID, Failed: m.state.RuntimeStatus == definition.StatusFailed}
	if !n.Failed {
		return n
	}
	for i := range m.def.Steps {
		st := m.state.Steps[m.def.Steps[i].ID]
		if st.Status == definition.StatusFailed && st.Error != nil {
			e := *st.Error
			n.StepID, n.Error = st.StepID, &e
			break
		}
	}
	return n
}

// TakeResumes hands the workflow the ids of the failed children to pass a retry down to.
func (m *Machine) TakeResumes() []string {
	r := m.sub.resumes
	m.sub.resumes = nil
	return r
}

// HasResumes reports whether retries wait to be passed down.
func (m *Machine) HasResumes() bool { return len(m.sub.resumes) > 0 }

// resumeChild is the retry of a sub-workflow step that is Failed because its live child
// failed: the step reopens and the retry is passed down to the child (which retries its own
// failed steps), so that no completed work of the child is redone. It reports whether it
// applied; otherwise the step is retried from the start of its work.
func (m *Machine) resumeChild(stepID string) bool {
	step := m.steps[stepID]
	if step == nil || step.Type != definition.StepSubWorkflow {
		return false
	}
	st := m.state.Steps[stepID]
	// At most one live child of a step's attempt is failed, so the search's result does not
	// depend on the map's order.
	for id, lc := range m.sub.live {
		if lc.req.StepID == stepID && lc.req.Attempt == st.Attempt && lc.failed {
			lc.failed = false
			m.unfail(step)
			m.sub.resumes = append(m.sub.resumes, id)
			return true
		}
	}
	return false
}

// RetryFailed retries every failed step, in definition order: the parent retried the step
// this execution serves (SignalRetryFailed).
func (m *Machine) RetryFailed() {
	for i := range m.def.Steps {
		id := m.def.Steps[i].ID
		if m.CheckRetry(RetryStepRequest{StepID: id}) == nil {
			m.Retry(id)
		}
	}
}

// abandonOlderChildren cancels the live children of a step's earlier attempts: a loop (or a
// retry that starts over) reached the step again while a failed child still waited.
func (m *Machine) abandonOlderChildren(stepID string, attempt int) {
	for _, id := range slices.Sorted(maps.Keys(m.sub.live)) {
		lc := m.sub.live[id]
		if lc.req.StepID == stepID && lc.req.Attempt < attempt {
			delete(m.sub.live, id)
			if lc.cancel != nil {
				lc.cancel()
			}
		}
	}
}

// unfail returns a Failed step to InProgress, and the execution too when no other step failed.
func (m *Machine) unfail(step *definition.Step) {
	st := m.state.Steps[step.ID]
	st.Status = definition.StatusInProgress
	st.Error, st.FailedAt = nil, nil
	if !m.anyFailed() {
		m.state.RuntimeStatus = definition.StatusInProgress
		m.state.FailedAt = nil
	}
	m.touch()
}
