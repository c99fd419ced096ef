// Package sim runs a definition as a dry run: the engine's own state machine
// (internal/engine/interp) driven in memory, with the outside world — people at human steps,
// data sources, child executions, the clock — answered by a [Script]. It does no I/O: no
// database, no Temporal, no network (a test checks its imports). The workflow in
// internal/engine carries out the machine's effects for real; Run carries them out from the
// script, in the same order, through the same machine methods, so a simulation takes the path
// an execution would. docs/testing-workflows.md describes the semantics and the scenario format.
package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// DefaultMaxStepRuns bounds how many step runs (attempts of any step, gateways included) one
// simulation may make; the engine's loop limit bounds a single step.
const DefaultMaxStepRuns = 100_000

// DefaultStart is when a simulated execution starts unless the script's clock says otherwise.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// StatusWaiting is a run's status when it stopped at a step the script does not answer.
const StatusWaiting = "Waiting"

// CodeStepLimit is the error of a run that made more step runs than its limit.
const CodeStepLimit interp.Code = "SIMULATION_STEP_LIMIT"

// Options bound a simulation.
type Options struct {
	// MaxStepRuns is the step-run limit (default DefaultMaxStepRuns).
	MaxStepRuns int
	// LoopLimit is the engine's per-step loop limit (default interp.DefaultLoopLimit).
	LoopLimit int
	// Expr holds the expression limits (zero values are the engine's defaults); its Clock and
	// Random are replaced by the simulated ones.
	Expr expr.Options
}

// Result is what a simulation did.
type Result struct {
	// Status is the execution's runtime status at the end (Completed, Failed, InProgress...),
	// or Waiting when it stopped at a step the script does not answer.
	Status string `json:"status"`
	// Steps are the step runs in the order they started: one per attempt (and per retry).
	Steps []*StepRun `json:"steps"`
	// Transitions are the transitions that carried a token, in order (a loop repeats them).
	Transitions []string `json:"transitions"`
	// DeadPaths are the transitions that carried a dead-path notice, in order.
	DeadPaths []string `json:"deadPaths"`
	// Ran lists the steps that completed at least once, in the order of their first run.
	Ran []string `json:"ran"`
	// Skipped are the steps every way into which was dead, so they did not run.
	Skipped []string `json:"skipped"`
	// Context is the final context.
	Context map[string]any `json:"context"`
	// Waiting lists the open steps the script did not answer (status Waiting).
	Waiting []Wait `json:"waiting,omitempty"`
	// Error is the first error: a step that failed, or the run's own (step limit).
	Error *RunError `json:"error,omitempty"`
	// Final is each step's last status and attempt count, by step id.
	Final map[string]Final `json:"final"`
	// StepRuns counts step runs.
	StepRuns int `json:"stepRuns"`
}

// StepRun is one attempt of one step.
type StepRun struct {
	StepID    string            `json:"stepId"`
	Type      string            `json:"type"`
	Attempt   int               `json:"attempt"`
	Status    definition.Status `json:"status"`
	StartedAt *time.Time        `json:"startedAt,omitempty"`
	EndedAt   *time.Time        `json:"endedAt,omitempty"`
	DueAt     *time.Time        `json:"dueAt,omitempty"`
	// Overdue is set when the step ended (or the run stopped) after its due date.
	Overdue bool `json:"overdue,omitempty"`
	// Input is what the step worked from: a human step's assignee, URL and due date; a
	// sub-workflow step's data source params and children's contexts.
	Input map[string]any `json:"input,omitempty"`
	// Output is the step's output when it completed.
	Output any               `json:"output,omitempty"`
	Error  *interp.StepError `json:"error,omitempty"`
}

// Wait is an open step the script does not answer, and what is missing.
type Wait struct {
	StepID  string `json:"stepId"`
	Attempt int    `json:"attempt"`
	Missing string `json:"missing"`
}

// RunError is the first error of a run, with the step it happened at.
type RunError struct {
	Code    interp.Code `json:"code"`
	Message string      `json:"message"`
	StepID  string      `json:"stepId,omitempty"`
}

// Final is one step's state at the end.
type Final struct {
	Status   definition.Status `json:"status"`
	Attempts int               `json:"attempts"`
}

// runner carries one simulation.
type runner struct {
	def    *definition.Definition
	script Script
	opts   Options
	m      *interp.Machine
	state  *interp.State
	now    time.Time
	tick   time.Duration
	res    *Result
	// last is each step's current StepRun.
	last map[string]*StepRun
	// calls maps a data source call to the sub-workflow step that makes it.
	calls map[*definition.DataSourceCall]string
	// used counts the entries consumed per data source key.
	used map[string]int
	// waits collects steps left open with nothing to answer them.
	waits map[string]Wait
	types map[string]definition.StepType
	// index is each step's position in the definition; open holds the open human steps, so
	// that finding the next one to answer does not scan the whole definition.
	index map[string]int
	open  map[string]bool
}

// Run simulates def from the initial context ctx, answering the outside world from script.
// The error is for input that cannot run at all (a bad clock); everything the engine reports
// is in the Result.
func Run(def *definition.Definition, ctx map[string]any, script Script, opts Options) (*Result, error) {
	r := &runner{def: def, script: script, opts: opts, last: map[string]*StepRun{},
		calls: map[*definition.DataSourceCall]string{}, used: map[string]int{}, waits: map[string]Wait{},
		types: map[string]definition.StepType{}, index: map[string]int{}, open: map[string]bool{}}
	if r.opts.MaxStepRuns <= 0 {
		r.opts.MaxStepRuns = DefaultMaxStepRuns
	}
	if r.opts.LoopLimit <= 0 {
		r.opts.LoopLimit = interp.DefaultLoopLimit
	}
	r.now, r.tick = DefaultStart, time.Minute
	if c := script.Clock; c != nil {
		if !c.Start.IsZero() {
			r.now = c.Start.UTC()
		}
		if c.Tick != "" {
			d, err := definition.ParseDuration(c.Tick)
			if err != nil {
				return nil, fmt.Errorf("reading the clock's tick: %w", err)
			}
			r.tick = d
		}
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		r.types[s.ID] = s.Type
		r.index[s.ID] = i
		for j := range s.DataSources {
			r.calls[&s.DataSources[j]] = s.ID
		}
	}
	ctx = cloneContext(ctx)
	r.state = &interp.State{
		ID: "simulation", WorkflowTemplateVersionID: "simulation",
		RuntimeStatus: definition.StatusInProgress, StartedAt: r.now,
		Context: ctx, Steps: map[string]*interp.StepState{},
	}
	seed := script.Seed
	if seed == 0 {
		seed = 1
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	eo := opts.Expr
	eo.Clock = func() time.Time { return r.now }
	eo.Random = rng.Float64
	r.res = &Result{Transitions: []string{}, DeadPaths: []string{}, Skipped: []string{}, Steps: []*StepRun{}}
	r.m = interp.New(def, r.state, expr.New(eo), func() time.Time { return r.now }, r.opts.LoopLimit)
	r.m.Observe(r.observe)
	if err := r.m.Begin(); err != nil {
		r.res.Error = &RunError{Code: interp.CodeDefinitionInvalid, Message: err.Error()}
		r.res.Status = string(definition.StatusFailed)
		r.finish()
		return r.res, nil
	}
	r.loop()
	r.finish()
	return r.res, nil
}

// loop answers the machine's effects, then one human step at a time, until nothing the script
// answers is left.
func (r *runner) loop() {
	for !r.m.Completed() && !r.overLimit() {
		if r.effects() {
			continue
		}
		if !r.completeOneHuman() {
			return
		}
	}
}

func (r *runner) overLimit() bool {
	if r.res.StepRuns <= r.opts.MaxStepRuns {
		return false
	}
	if r.res.Error == nil || r.res.Error.Code != CodeStepLimit {
		r.res.Error = &RunError{Code: CodeStepLimit, Message: fmt.Sprintf("the simulation made more than %d step runs", r.opts.MaxStepRuns)}
	}
	return true
}

// advance moves the clock for one outside event.
func (r *runner) advance(d time.Duration) { r.now = r.now.Add(d) }

// effects carries out the pending fetches and children; it reports whether there were any.
func (r *runner) effects() bool {
	fetches, children := r.m.TakeFetches(), r.m.TakeChildren()
	if len(fetches) == 0 && len(children) == 0 {
		return false
	}
	for _, f := range fetches {
		r.fetch(f)
	}
	for _, c := range children {
		r.child(c)
	}
	return true
}

// fetch answers one round of data source calls in order; the first error fails the step (the
// engine cancels the other calls), and a call the script does not answer leaves it waiting.
func (r *runner) fetch(f interp.FetchRequest) {
	if len(f.Calls) == 0 {
		return
	}
	stepID := r.calls[f.Calls[0].Call]
	run := r.last[stepID]
	results := make([]any, len(f.Calls))
	params := make([]any, len(f.Calls))
	for i, c := range f.Calls {
		params[i] = map[string]any{"alias": c.Call.Alias, "dataSourceId": c.Call.DataSourceID, "params": c.Params}
	}
	if run != nil {
		run.setInput("dataSources", params)
	}
	r.advance(r.tick)
	for i, c := range f.Calls {
		e, ok := r.nextCall(c.Call)
		if !ok {
			r.wait(stepID, fmt.Sprintf("an answer for call %d of data source %q (script.dataSources.%s)", r.used[callKey(r.script, c.Call)]+1, c.Call.Alias, callKey(r.script, c.Call)))
			return
		}
		if e.Error != nil {
			r.m.FetchFailed(f, c, callError(e.Error))
			return
		}
		v, err := decodeJSON(e.Response)
		if err != nil {
			r.m.FetchFailed(f, c, interp.Errorf(interp.CodeDataSourceFailed, "the scripted response is not JSON: %v", err))
			return
		}
		results[i] = v
	}
	r.m.FetchDone(f, results)
}

// callKey is the script key that answers c: its alias when scripted, else its dataSourceId.
func callKey(s Script, c *definition.DataSourceCall) string {
	if _, ok := s.DataSources[c.Alias]; ok {
		return c.Alias
	}
	return c.DataSourceID
}

func (r *runner) nextCall(c *definition.DataSourceCall) (CallEntry, bool) {
	key := callKey(r.script, c)
	list := r.script.DataSources[key]
	n := r.used[key]
	if n >= len(list) {
		return CallEntry{}, false
	}
	r.used[key] = n + 1
	return list[n], true
}

func callError(e *CallError) *interp.Error {
	code, msg := interp.Code(e.Code), e.Message
	switch {
	case code != "":
	case e.Status != 0:
		code = "DATASOURCE_HTTP_STATUS"
	default:
		code = interp.CodeDataSourceFailed
	}
	if msg == "" {
		if e.Status != 0 {
			msg = fmt.Sprintf("the data source answered HTTP %d", e.Status)
		} else {
			msg = "the call failed (scripted)"
		}
	}
	return &interp.Error{Code: code, Message: msg}
}

// child answers a sub-workflow step's children the way the workflow reports them: a SINGLE
// child through ChildStarted/ChildRunning/ChildDone (or a failure notice, as a child whose step
// fails sends), a BATCH through the coordinator's result or its relayed failure.
func (r *runner) child(req interp.ChildRequest) {
	run := r.last[req.StepID]
	sc := r.script.Children[req.StepID]
	r.advance(r.tick)
	if !req.IsBatch {
		if run != nil {
			run.setInput("children", []any{req.Item.Context})
		}
		id := fmt.Sprintf("sim-%s-%d", req.StepID, req.Attempt)
		e, ok := sc.entry(req.Attempt - 1)
		if !ok {
			r.wait(req.StepID, fmt.Sprintf("the child of attempt %d (script.children.%s)", req.Attempt, req.StepID))
			return
		}
		r.m.ChildStarted(req, id)
		r.m.ChildRunning(req, id, nil)
		if e.Fail != nil {
			r.m.ChildNotice(interp.ChildStatus{WorkflowID: id, Failed: true, StepID: e.Fail.Step, Error: childStepError(e.Fail)})
			return
		}
		r.m.ChildDone(req, id, &interp.ChildResult{Single: &interp.State{ID: id, Context: orEmpty(e.Output)}}, nil)
		return
	}
	if run != nil {
		ctxs := make([]any, len(req.Batch))
		for i, it := range req.Batch {
			ctxs[i] = it.Context
		}
		run.setInput("children", ctxs)
	}
	coordinator := fmt.Sprintf("sim/%s/batch-%d", req.StepID, req.Attempt)
	r.m.ChildRunning(req, coordinator, nil)
	items := make([]any, len(req.Batch))
	ids := make([]string, len(req.Batch))
	for i := range req.Batch {
		ids[i] = fmt.Sprintf("sim-%s-%d-%d", req.StepID, req.Attempt, i)
		e, ok := sc.entry(i)
		if !ok {
			r.wait(req.StepID, fmt.Sprintf("the child of item %d (script.children.%s)", i, req.StepID))
			return
		}
		if e.Fail == nil {
			items[i] = orEmpty(e.Output)
			continue
		}
		n := interp.ChildStatus{WorkflowID: ids[i], Failed: true, StepID: e.Fail.Step, Error: childStepError(e.Fail)}
		if req.ContinueOnFailure {
			items[i] = interp.FailureItem(ids[i], n.Reason())
			continue
		}
		// The coordinator starts no further child and relays the first failure.
		reason := n.Reason()
		r.m.ChildNotice(interp.ChildStatus{WorkflowID: coordinator, Failed: true, Error: &interp.StepError{
			Code: reason.Code, Message: fmt.Sprintf("item %d (child %s), %s", i, ids[i], reason.Message)}})
		return
	}
	r.m.ChildDone(req, coordinator, &interp.ChildResult{Batch: &interp.BatchResult{Items: items, ChildIDs: ids}}, nil)
}

func childStepError(f *ChildFail) *interp.StepError {
	code, msg := interp.Code(f.Code), f.Message
	if code == "" {
		code = interp.CodeChildFailed
	}
	if msg == "" {
		msg = "the child failed (scripted)"
	}
	return &interp.StepError{Code: code, Message: msg}
}

// completeOneHuman completes the first open human step, in definition order, that the script
// answers; it reports whether it did.
func (r *runner) completeOneHuman() bool {
	ids := make([]string, 0, len(r.open))
	for id := range r.open {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return r.index[a] - r.index[b] })
	for _, id := range ids {
		step := &r.def.Steps[r.index[id]]
		st := r.state.Steps[step.ID]
		if !step.IsHuman() || !interp.IsOpen(st.Status) {
			continue
		}
		entries := r.script.Steps[step.ID]
		if st.Attempt-1 >= len(entries) {
			r.wait(step.ID, fmt.Sprintf("an output for attempt %d (script.steps.%s)", st.Attempt, step.ID))
			continue
		}
		e := entries[st.Attempt-1]
		if e.After != "" {
			d, err := definition.ParseDuration(e.After)
			if err == nil {
				r.advance(d)
			}
		} else {
			r.advance(r.tick)
		}
		by := e.By
		if by == "" {
			by = "simulator"
		}
		var sc interp.Schemas
		out, verr := r.m.CheckCompletion(&sc, interp.CompleteStepRequest{StepID: step.ID, Attempt: st.Attempt, Output: e.Output, Actor: interp.Actor{ID: by, Admin: true}})
		if verr != nil {
			// The engine refuses the completion: the step stays open, as it would.
			if r.res.Error == nil {
				r.res.Error = &RunError{Code: verr.Code, Message: verr.Error(), StepID: step.ID}
			}
			r.wait(step.ID, fmt.Sprintf("an output the engine accepts for attempt %d (script.steps.%s[%d] was refused)", st.Attempt, step.ID, st.Attempt-1))
			continue
		}
		delete(r.waits, step.ID)
		r.m.CompleteHuman(step.ID, out, by)
		return true
	}
	return false
}

func (r *runner) wait(stepID, missing string) {
	r.waits[stepID] = Wait{StepID: stepID, Attempt: r.state.Steps[stepID].Attempt, Missing: missing}
}

// observe traces the machine: a StepRun per attempt (and per retry of an attempt), the
// transitions taken, the dead paths, the skipped steps and the first failure.
func (r *runner) observe(o interp.Observation) {
	switch {
	case o.TransitionID != "":
		if o.Fired {
			r.res.Transitions = append(r.res.Transitions, o.TransitionID)
		} else {
			r.res.DeadPaths = append(r.res.DeadPaths, o.TransitionID)
		}
		return
	case o.Skipped:
		r.res.Skipped = append(r.res.Skipped, o.StepID)
		return
	case o.Attempt == 0:
		return
	}
	if interp.IsOpen(o.Status) {
		r.open[o.StepID] = true
	} else {
		delete(r.open, o.StepID)
	}
	st := r.state.Steps[o.StepID]
	run := r.last[o.StepID]
	reopened := run != nil && run.Attempt == o.Attempt && run.Status == definition.StatusFailed && o.Status != definition.StatusFailed
	if run == nil || run.Attempt != o.Attempt || reopened {
		run = &StepRun{StepID: o.StepID, Type: string(r.types[o.StepID]), Attempt: o.Attempt}
		r.last[o.StepID] = run
		r.res.Steps = append(r.res.Steps, run)
		r.res.StepRuns++
	}
	run.Status = o.Status
	run.StartedAt, run.DueAt = st.StartedAt, st.DueAt
	if st.Assignee != "" {
		run.setInput("assignee", st.Assignee)
	}
	if st.URL != "" {
		run.setInput("url", st.URL)
	}
	switch o.Status {
	case definition.StatusCompleted, definition.StatusCancelled:
		run.EndedAt, run.Output = st.CompletedAt, st.OutputData
	case definition.StatusFailed:
		run.EndedAt = st.FailedAt
		if st.Error != nil {
			e := *st.Error
			run.Error = &e
			if r.res.Error == nil {
				r.res.Error = &RunError{Code: e.Code, Message: e.Message, StepID: o.StepID}
			}
		}
	}
}

func (s *StepRun) setInput(k string, v any) {
	if s.Input == nil {
		s.Input = map[string]any{}
	}
	s.Input[k] = v
}

// finish fills the final view: status, context, each step's last state, waits, overdue steps.
func (r *runner) finish() {
	res := r.res
	res.Context = r.state.Context
	res.Ran = ranSteps(res)
	res.Final = make(map[string]Final, len(r.def.Steps))
	for i := range r.def.Steps {
		st := r.state.Steps[r.def.Steps[i].ID]
		if st == nil {
			continue
		}
		res.Final[st.StepID] = Final{Status: st.Status, Attempts: st.Attempt}
	}
	for _, run := range res.Steps {
		end := r.now
		if run.EndedAt != nil {
			end = *run.EndedAt
		}
		run.Overdue = run.DueAt != nil && end.After(*run.DueAt)
	}
	for i := range r.def.Steps {
		id := r.def.Steps[i].ID
		if w, ok := r.waits[id]; ok && interp.IsOpen(r.state.Steps[id].Status) {
			res.Waiting = append(res.Waiting, w)
		}
	}
	if res.Status != "" {
		return
	}
	switch {
	case r.m.Completed():
		res.Status = string(definition.StatusCompleted)
	case r.state.RuntimeStatus == definition.StatusFailed:
		res.Status = string(definition.StatusFailed)
	case len(res.Waiting) > 0 || r.anyOpen():
		res.Status = StatusWaiting
	default:
		res.Status = string(r.state.RuntimeStatus)
	}
}

func (r *runner) anyOpen() bool {
	for _, st := range r.state.Steps {
		if interp.IsOpen(st.Status) {
			return true
		}
	}
	return false
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
