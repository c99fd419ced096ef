package interp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// mark is what reached a step through one incoming transition since the step last started.
type mark uint8

const (
	unmarked mark = iota
	fired
	dead
)

// signal is a token (fire) or a dead-path notice travelling along one transition.
type signal struct {
	t    *definition.Transition
	fire bool
}

// Machine interprets one definition: it is the execution's whole runtime state plus the graph.
// It knows nothing of Temporal: the workflow gives it a clock and an evaluator, calls its
// methods from the workflow's single goroutine for each event (a completion, a retry, a child's
// or a fetch's outcome), and reads its state and the effects it emitted (TakeChildren,
// TakeFetches, TakeResumes, the journal's changes). Everything iterates over the definition's
// slices, never over maps, so a replay takes the same path.
type Machine struct {
	def   *definition.Definition
	state *State
	eval  *expr.Evaluator
	now   func() time.Time
	limit int

	steps    map[string]*definition.Step
	outgoing map[string][]*definition.Transition
	incoming map[string][]*definition.Transition
	marks    map[string]mark // transition id -> mark, reset when its target starts

	queue []signal
	// children are sub-workflow steps whose child the workflow has yet to start.
	children []ChildRequest
	// sub tracks live children, retries to pass down and data source fetches (childfail.go).
	sub subState
	// completed is set when END ran; the workflow then finishes.
	completed bool
	// journal collects the human steps' changes for the next projection (journal.go).
	journal journal
	// observe, when set, is told of every step change and every signal (see Observe).
	observe func(Observation)
}

// Observation is one thing the machine did: a step changed (StepID, Attempt, Status; Skipped
// when every way into the step was dead, so it did not run), or a token or a dead-path notice
// travelled along a transition (TransitionID, Fired). The simulator traces a run with it.
type Observation struct {
	StepID       string
	Attempt      int
	Status       definition.Status
	Skipped      bool
	TransitionID string
	Fired        bool
}

// Observe has fn told of each step change and each signal, in the order they happen. The
// workflow does not use it; it exists so that a dry run can report the path the machine took
// without a second interpreter.
func (m *Machine) Observe(fn func(Observation)) { m.observe = fn }

// New returns a machine for def over state (whose Steps it completes with every step of def,
// NotStarted), evaluating expressions with eval, dating changes with now, and failing a step
// that would run more than limit times.
func New(def *definition.Definition, state *State, eval *expr.Evaluator, now func() time.Time, limit int) *Machine {
	m := &Machine{
		def: def, state: state, eval: eval, now: now, limit: limit,
		steps:    make(map[string]*definition.Step, len(def.Steps)),
		outgoing: map[string][]*definition.Transition{},
		incoming: map[string][]*definition.Transition{},
		marks:    map[string]mark{},
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		m.steps[s.ID] = s
		if _, ok := state.Steps[s.ID]; !ok {
			state.Steps[s.ID] = &StepState{
				ID: state.ID + ":" + s.ID, Type: string(s.Type), StepID: s.ID,
				Status: definition.StatusNotStarted,
			}
		}
	}
	for i := range def.Transitions {
		t := &def.Transitions[i]
		m.outgoing[t.FromStepID] = append(m.outgoing[t.FromStepID], t)
		m.incoming[t.ToStepID] = append(m.incoming[t.ToStepID], t)
	}
	return m
}

// Begin starts the execution at its START step.
func (m *Machine) Begin() error {
	var start *definition.Step
	for i := range m.def.Steps {
		if m.def.Steps[i].Type == definition.StepStart {
			if start != nil {
				return errorf(CodeDefinitionInvalid, "the definition has more than one start step")
			}
			start = &m.def.Steps[i]
		}
	}
	if start == nil {
		return errorf(CodeDefinitionInvalid, "the definition has no start step")
	}
	m.activate(start, nil)
	m.drain()
	return nil
}

// drain delivers queued signals until none is left. Signals are processed in FIFO order, so the
// order of activations follows the definition's order of transitions.
func (m *Machine) drain() {
	for len(m.queue) > 0 && !m.completed {
		sig := m.queue[0]
		m.queue = m.queue[1:]
		m.deliver(sig)
	}
}

func (m *Machine) deliver(sig signal) {
	if m.observe != nil {
		m.observe(Observation{TransitionID: sig.t.ID, Fired: sig.fire})
	}
	target, ok := m.steps[sig.t.ToStepID]
	if !ok {
		return // validation reports unknown targets; a running execution ignores them
	}
	st := m.state.Steps[target.ID]
	if target.Type == definition.StepParallelJoin {
		m.marks[sig.t.ID] = markOf(sig.fire)
		anyFired := false
		for _, in := range m.incoming[target.ID] {
			switch m.marks[in.ID] {
			case unmarked:
				return // still waiting for this branch
			case fired:
				anyFired = true
			}
		}
		m.resetMarks(target.ID)
		if anyFired {
			m.activate(target, sig.t)
		} else {
			if m.observe != nil {
				m.observe(Observation{StepID: target.ID, Attempt: st.Attempt, Status: st.Status, Skipped: true})
			}
			m.killOutgoing(target.ID)
		}
		return
	}
	if !sig.fire {
		m.marks[sig.t.ID] = dead
		for _, in := range m.incoming[target.ID] {
			if m.marks[in.ID] != dead {
				return
			}
		}
		// Every way into this step is dead: skip it, and its successors learn the same.
		if m.observe != nil {
			m.observe(Observation{StepID: target.ID, Attempt: st.Attempt, Status: st.Status, Skipped: true})
		}
		m.resetMarks(target.ID)
		m.killOutgoing(target.ID)
		return
	}
	if IsOpen(st.Status) {
		return // a token reaching an open step is absorbed
	}
	m.activate(target, sig.t)
}

func markOf(fire bool) mark {
	if fire {
		return fired
	}
	return dead
}

func (m *Machine) resetMarks(stepID string) {
	for _, in := range m.incoming[stepID] {
		delete(m.marks, in.ID)
	}
}

// IsOpen reports whether a step in status s waits for its completion.
func IsOpen(s definition.Status) bool {
	return s == definition.StatusInProgress || s == definition.StatusActionRequired
}

// activate runs a step because a token reached it through via (nil for START).
func (m *Machine) activate(step *definition.Step, via *definition.Transition) {
	st := m.state.Steps[step.ID]
	defer m.note(st)
	m.resetMarks(step.ID)
	now := m.now()
	if st.Attempt >= m.limit {
		m.fail(step, errorf(CodeLoopLimit, "step %q would run more than %d times", step.ID, m.limit))
		return
	}
	st.Attempt++
	st.StartedAt = &now
	st.CompletedAt, st.FailedAt, st.DueAt, st.Error, st.OutputData = nil, nil, nil, nil, nil
	st.Assignee, st.URL, st.CompletedBy = "", "", ""
	m.touch()

	status := definition.StatusInProgress
	if step.ActivationPolicy != nil && step.ActivationPolicy.DefaultStatus != "" {
		status = step.ActivationPolicy.DefaultStatus
	}
	if via != nil && via.OnArrival != nil && via.OnArrival.Status != "" {
		status = via.OnArrival.Status
	}
	if status == definition.StatusDisabled {
		// A disabled step does not run; the graph goes on as if it had completed.
		st.Status = definition.StatusDisabled
		m.route(step)
		return
	}
	if status != definition.StatusActionRequired {
		status = definition.StatusInProgress
	}
	st.Status = status
	m.run(step)
}

// run does a step's work after it started.
func (m *Machine) run(step *definition.Step) {
	switch {
	case step.Type == definition.StepEnd:
		m.complete(step, nil)
		m.finish()
	case step.Type == definition.StepStart || step.Type.IsGateway():
		m.complete(step, nil)
	case step.Type.IsHuman():
		if err := m.openHuman(step); err != nil {
			m.fail(step, err)
		}
	case step.Type == definition.StepSubWorkflow:
		if err := m.openSubWorkflow(step); err != nil {
			m.fail(step, err)
		}
	default:
		m.fail(step, errorf(CodeUnsupported, "step type %q is not supported by this engine", step.Type))
	}
}

// complete marks a step Completed with its output and routes its tokens.
func (m *Machine) complete(step *definition.Step, output any) {
	st := m.state.Steps[step.ID]
	now := m.now()
	st.Status = definition.StatusCompleted
	st.CompletedAt = &now
	st.OutputData = output
	st.outputRef = nil
	m.touch()
	m.note(st)
	if step.Type != definition.StepEnd {
		m.route(step)
	}
}

// route sends the step's outgoing signals according to its type (SPEC §6, Gateways).
func (m *Machine) route(step *definition.Step) {
	out := m.outgoing[step.ID]
	switch step.Type {
	case definition.StepExclusiveSplit, definition.StepInclusiveSplit:
		var deflt *definition.Transition
		taken := make([]bool, len(out))
		anyTaken := false
		for i, t := range out {
			if t.IsDefault {
				deflt = t
				continue
			}
			if anyTaken && step.Type == definition.StepExclusiveSplit {
				continue
			}
			ok, err := m.eval.Condition(context.Background(), t.Condition, m.scope())
			if err != nil {
				m.fail(step, conditionError(t, err))
				return
			}
			taken[i], anyTaken = ok, anyTaken || ok
		}
		for i, t := range out {
			fire := taken[i] || (t == deflt && !anyTaken)
			m.queue = append(m.queue, signal{t: t, fire: fire})
		}
	default:
		for _, t := range out {
			m.queue = append(m.queue, signal{t: t, fire: true})
		}
	}
}

func conditionError(t *definition.Transition, err error) *Error {
	code := CodeExpression
	var xe *expr.Error
	if errors.As(err, &xe) {
		code = Code(xe.Code)
	}
	return &Error{Code: code, Message: fmt.Sprintf("condition of transition %q: %v", t.ID, err)}
}

// killOutgoing propagates a dead path through a skipped step.
func (m *Machine) killOutgoing(stepID string) {
	for _, t := range m.outgoing[stepID] {
		m.queue = append(m.queue, signal{t: t, fire: false})
	}
}

// fail marks the step Failed with the reason and the execution Failed. The execution stays
// open so that the step can be retried or the execution cancelled.
func (m *Machine) fail(step *definition.Step, err *Error) {
	st := m.state.Steps[step.ID]
	now := m.now()
	st.Status = definition.StatusFailed
	st.FailedAt = &now
	st.Error = &StepError{Code: err.Code, Message: err.Message}
	m.note(st)
	m.state.RuntimeStatus = definition.StatusFailed
	m.state.FailedAt = &now
	m.touch()
}

// finish completes the execution: END ran, so every step still open is cancelled.
func (m *Machine) finish() {
	now := m.now()
	m.cancelOpen(now)
	m.state.RuntimeStatus = definition.StatusCompleted
	m.state.CompletedAt = &now
	m.completed = true
	m.queue = nil
}

// Cancel records the execution's cancellation.
func (m *Machine) Cancel() {
	now := m.now()
	m.cancelOpen(now)
	m.state.RuntimeStatus = definition.StatusCancelled
	m.touch()
	m.queue = nil
}

func (m *Machine) cancelOpen(now time.Time) {
	for i := range m.def.Steps {
		st := m.state.Steps[m.def.Steps[i].ID]
		if IsOpen(st.Status) {
			st.Status = definition.StatusCancelled
			st.CompletedAt = &now
			m.note(st)
		}
	}
	m.state.LastActivityAt = &now
}

func (m *Machine) touch() {
	now := m.now()
	m.state.LastActivityAt = &now
}

// scope is what expressions read (SPEC §5): the context and the outputs of completed steps.
func (m *Machine) scope() expr.Scope {
	steps := make(map[string]any, len(m.def.Steps))
	for i := range m.def.Steps {
		st := m.state.Steps[m.def.Steps[i].ID]
		if st.Status == definition.StatusCompleted {
			steps[st.StepID] = st.OutputData
		}
	}
	return expr.Scope{Context: m.state.Context, Steps: steps}
}

// CompleteHuman completes an open human step with a validated output on behalf of the actor
// with id by.
func (m *Machine) CompleteHuman(stepID string, output any, by string) {
	step := m.steps[stepID]
	m.state.Steps[stepID].CompletedBy = by
	m.complete(step, output)
	m.drain()
}

// Retry re-runs a failed step. The attempt is not incremented (a retry is not a loop), and
// completed steps are not redone.
func (m *Machine) Retry(stepID string) {
	if m.resumeChild(stepID) {
		return // the failed child retries; its parent's step waits for it again
	}
	step := m.steps[stepID]
	st := m.state.Steps[stepID]
	st.Error, st.FailedAt = nil, nil
	st.Status = definition.StatusNotStarted
	if !m.anyFailed() {
		m.state.RuntimeStatus = definition.StatusInProgress
		m.state.FailedAt = nil
	}
	// activate counts one more attempt; a step that hit the loop limit gets exactly one more.
	st.Attempt = max(st.Attempt-1, 0)
	m.activate(step, nil)
	m.drain()
}

func (m *Machine) anyFailed() bool {
	for i := range m.def.Steps {
		if m.state.Steps[m.def.Steps[i].ID].Status == definition.StatusFailed {
			return true
		}
	}
	return false
}

// CheckRetry is the validator of a retry: the step must exist and be Failed, and the execution
// must not have completed.
func (m *Machine) CheckRetry(req RetryStepRequest) *Error {
	st, ok := m.state.Steps[req.StepID]
	if !ok {
		return errorf(CodeStepNotFound, "no step %q in this execution", req.StepID)
	}
	if m.completed {
		return errorf(CodeExecutionClosed, "the execution has completed")
	}
	if st.Status != definition.StatusFailed {
		return errorf(CodeStepNotFailed, "step %q is %s, not Failed", req.StepID, st.Status)
	}
	return nil
}

// State is the runtime view the machine keeps current.
func (m *Machine) State() *State { return m.state }

// Completed reports whether END ran: the execution is over.
func (m *Machine) Completed() bool { return m.completed }

// HasEffects reports whether children or data source fetches wait for the workflow.
func (m *Machine) HasEffects() bool { return len(m.children) > 0 || len(m.sub.fetches) > 0 }
