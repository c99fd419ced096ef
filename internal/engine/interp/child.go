package interp

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// ChildRequest is a sub-workflow step waiting for the workflow to start its child (SINGLE) or
// its batch coordinator (BATCH): an effect the machine emits (TakeChildren), answered with
// ChildStarted, ChildRunning and ChildDone.
type ChildRequest struct {
	StepID    string
	Attempt   int
	VersionID string
	Item      BatchItem   // SINGLE
	Batch     []BatchItem // BATCH, in iterable order
	IsBatch   bool
	// MaxConcurrency and ContinueOnFailure are the BATCH step's settings.
	MaxConcurrency    int
	ContinueOnFailure bool
	// datasources are the step's per-step data source results, for its context projection.
	datasources map[string]any
}

// BatchItem is one child to start: its context (the input mapping's result) and its name
// ("" means the child template's name).
type BatchItem struct {
	Context map[string]any `json:"context"`
	Name    string         `json:"name,omitempty"`
}

// BatchResult is the children's final contexts in iterable order (for a child that failed
// under onChildFailure "continue", its failure: see FailureItem) and their execution ids.
type BatchResult struct {
	Items    []any    `json:"items"`
	ChildIDs []string `json:"childIds"`
	// MaxInFlight is the most children that ran at once in the last run, for observing
	// maxConcurrency.
	MaxInFlight int `json:"maxInFlight"`
	// Stored, set by a coordinator whose items and results are in the store, names them; Items
	// and ChildIDs are then empty until the parent loads them.
	Stored *StoredBatch `json:"stored,omitempty"`
	// OutputBytes is the size of the loaded results and child ids of a stored batch, which
	// decides how the runtime view shows them (InlineBatchOutputBytes). Not a payload field.
	OutputBytes int `json:"-"`
}

// PrepareChildrenRequest is the argument of the prepare-children activity: everything the
// children's workflow_executions rows need. One request serves a SINGLE child or a run of a
// batch.
type PrepareChildrenRequest struct {
	ParentID  string      `json:"parentId"`
	RootID    string      `json:"rootId"`
	VersionID string      `json:"versionId"`
	Children  []ChildSpec `json:"children"`
	// StepID is the parent's sub-workflow step the children belong to; empty in histories
	// recorded before it was sent.
	StepID string `json:"stepId,omitempty"`
}

// ChildSpec is one child to create.
type ChildSpec struct {
	ID      string         `json:"id"`
	Name    string         `json:"name,omitempty"` // "" means the child template's name
	Context map[string]any `json:"context"`
}

// PreparedChildren is what the children's workflows need from the database.
type PreparedChildren struct {
	Definition json.RawMessage `json:"definition"`
	// TemplateName names the children that have no name of their own.
	TemplateName string `json:"templateName"`
}

// DefaultMaxConcurrency is how many children of a BATCH step run at once by default (SPEC §6).
const DefaultMaxConcurrency = 20

// MaxPendingChildren is Temporal's limit of pending child workflows per execution: the cap of
// a BATCH step's maxConcurrency.
const MaxPendingChildren = 2000

// openSubWorkflow starts a sub-workflow step's work: its data sources first when it has any
// (the workflow fetches them, then FetchDone continues here), else its children at once.
func (m *Machine) openSubWorkflow(step *definition.Step) *Error {
	if step.ChildWorkflowTemplateVersionID == "" {
		return errorf(CodeDefinitionInvalid, "step %q names no child version", step.ID)
	}
	req := ChildRequest{StepID: step.ID, Attempt: m.state.Steps[step.ID].Attempt, VersionID: step.ChildWorkflowTemplateVersionID}
	m.abandonOlderChildren(step.ID, req.Attempt)
	if len(step.DataSources) > 0 {
		return m.requestPerStepData(step, req)
	}
	return m.openChildren(step, req, m.scope(), nil)
}

// openChildren builds the children's start requests: the iterable (BATCH, unless items were
// already resolved for per-item data sources), the input mapping over the parent's scope and
// each child's name. The workflow starts them (machine code cannot block). An empty iterable
// completes the step at once. fetched, when per-item data sources ran, holds the items and
// each item's results.
func (m *Machine) openChildren(step *definition.Step, req ChildRequest, scope expr.Scope, fetched *fetchedItems) *Error {
	req.datasources = scope.Datasources
	if step.Mode != definition.ModeBatch {
		item, err := m.childItem(step, scope)
		if err != nil {
			return err
		}
		req.Item = item
		m.children = append(m.children, req)
		return nil
	}
	var items []any
	if fetched != nil {
		items = fetched.items
	} else {
		var err *Error
		if items, err = m.iterable(step, scope); err != nil {
			return err
		}
	}
	if len(items) == 0 {
		m.ChildDone(req, "", &ChildResult{Batch: &BatchResult{Items: []any{}}}, nil)
		return nil
	}
	req.IsBatch = true
	base := scope
	if fetched == nil || len(fetched.perItem) == 0 {
		// Convert the scope for the expression engine once, not once per item (see
		// expr.Scope.Prepare). Per-item data sources change the scope per item, so they cannot.
		prepared, perr := scope.Prepare()
		if perr != nil {
			return errorf(CodeExpression, "step %q: %v", step.ID, perr)
		}
		base = prepared
	}
	for i, it := range items {
		s := base
		s.Each, s.HasEach = it, true
		if fetched != nil && len(fetched.perItem) > 0 {
			s.Datasources = merged(scope.Datasources, fetched.perItem[i])
		}
		item, err := m.childItem(step, s)
		if err != nil {
			return err
		}
		req.Batch = append(req.Batch, item)
	}
	req.MaxConcurrency = maxConcurrencyOf(step)
	req.ContinueOnFailure = step.OnChildFailure == definition.ChildFailureContinue
	m.children = append(m.children, req)
	return nil
}

// maxConcurrencyOf is how many children (or per-item data source calls) of a BATCH step run at
// once: the step's maxConcurrency, default DefaultMaxConcurrency, capped at Temporal's limit of
// pending children.
func maxConcurrencyOf(step *definition.Step) int {
	if step.MaxConcurrency != nil && *step.MaxConcurrency > 0 {
		return min(*step.MaxConcurrency, MaxPendingChildren)
	}
	return DefaultMaxConcurrency
}

// iterable resolves a BATCH step's items. No value is an empty iterable; anything other than
// an array fails the step (SPEC §6).
func (m *Machine) iterable(step *definition.Step, scope expr.Scope) ([]any, *Error) {
	it := step.Iterable
	if it == nil {
		return nil, errorf(CodeDefinitionInvalid, "BATCH step %q has no iterable", step.ID)
	}
	var (
		v   any
		ok  bool
		err error
	)
	// A fan-out may be far larger than what other expressions build (expr.IterableMaxItems).
	eval := m.eval.ForIterables()
	switch it.Type {
	case definition.IterableExpression:
		if it.Expr == nil {
			return nil, errorf(CodeDefinitionInvalid, "the iterable of step %q has no expression", step.ID)
		}
		v, ok, err = eval.Eval(context.Background(), *it.Expr, scope.Input())
	case definition.IterableStep:
		v, ok = scope.Steps[it.StepID]
		if ok && it.Select != nil {
			v, ok, err = eval.Eval(context.Background(), *it.Select, v)
		}
	case definition.IterableDataSource:
		v, ok = scope.Datasources[it.Key]
		if !ok {
			return nil, errorf(CodeDefinitionInvalid, "the iterable of step %q reads data source %q, which the step does not call", step.ID, it.Key)
		}
		if it.Select != nil {
			v, ok, err = eval.Eval(context.Background(), *it.Select, v)
		}
	default:
		return nil, errorf(CodeUnsupported, "step %q: iterable type %q is not supported by this engine build yet", step.ID, it.Type)
	}
	if err != nil {
		return nil, errorf(CodeExpression, "iterable of step %q: %v", step.ID, err)
	}
	if !ok || v == nil {
		return nil, nil
	}
	items, isArray := v.([]any)
	if !isArray {
		return nil, errorf(CodeIterableNotArray, "the iterable of step %q is a %T, not an array", step.ID, v)
	}
	return items, nil
}

// childItem maps one child's context and name from the scope (with __each__ bound for BATCH).
func (m *Machine) childItem(step *definition.Step, scope expr.Scope) (BatchItem, *Error) {
	ctx, err := m.eval.Apply(context.Background(), map[string]any{}, step.InputMapping, scope)
	if err != nil {
		return BatchItem{}, errorf(CodeExpression, "input mapping of step %q: %v", step.ID, err)
	}
	item := BatchItem{Context: ctx}
	if step.ChildWorkflowName != nil {
		v, ok, err := m.eval.Eval(context.Background(), *step.ChildWorkflowName, scope.Input())
		if err != nil {
			return BatchItem{}, errorf(CodeExpression, "child workflow name of step %q: %v", step.ID, err)
		}
		if ok {
			s, isString := v.(string)
			if !isString {
				return BatchItem{}, errorf(CodeExpression, "child workflow name of step %q is a %T, not a string", step.ID, v)
			}
			item.Name = s
		}
	}
	return item, nil
}

// ChildStarted records the child's id on the step (it can be listed before it finishes).
func (m *Machine) ChildStarted(req ChildRequest, childID string) {
	st := m.state.Steps[req.StepID]
	if st.Attempt == req.Attempt {
		st.ChildWorkflowExecutions = []ChildRef{{ID: childID}}
		m.touch()
	}
}

// ChildResult is what closed: a SINGLE child's final state or a BATCH's results.
type ChildResult struct {
	Single *State
	Batch  *BatchResult
}

// ChildDone completes (or fails) the sub-workflow step when its child or batch closed;
// workflowID names that Temporal child ("" when none ran). A result for an earlier attempt, or
// for a step that is neither open nor Failed because of this very child (END cancelled it, or
// onChildFailure "continue" already moved on), is ignored. A child that closes while the step
// is Failed because of it was repaired directly (retried through its own API): the step goes on.
func (m *Machine) ChildDone(req ChildRequest, workflowID string, res *ChildResult, childErr *Error) {
	step := m.steps[req.StepID]
	st := m.state.Steps[req.StepID]
	lc := m.sub.live[workflowID]
	delete(m.sub.live, workflowID)
	failedByChild := lc != nil && lc.failed && st.Status == definition.StatusFailed
	if st.Attempt != req.Attempt || !(IsOpen(st.Status) || failedByChild) {
		return
	}
	if failedByChild {
		m.unfail(step)
	}
	if childErr != nil {
		if step.OnChildFailure == definition.ChildFailureContinue && !req.IsBatch && childErr.Code == CodeChildFailed {
			m.complete(step, FailureItem(workflowID, childErr))
			m.drain()
			return
		}
		m.fail(step, &Error{Code: childErr.Code, Message: fmt.Sprintf("child of step %q: %s", step.ID, childErr.Message)})
		return
	}
	var output map[string]any
	switch {
	case res.Batch != nil:
		output = map[string]any{"items": res.Batch.Items}
		if len(res.Batch.ChildIDs) > 0 {
			st.ChildWorkflowExecutions = make([]ChildRef, 0, len(res.Batch.ChildIDs))
			for _, id := range res.Batch.ChildIDs {
				if id != "" {
					st.ChildWorkflowExecutions = append(st.ChildWorkflowExecutions, ChildRef{ID: id})
				}
			}
		}
	default:
		output = res.Single.Context
	}
	var ref *BatchOutputRef
	if res != nil && res.Batch != nil && res.Batch.Stored != nil && res.Batch.OutputBytes > InlineBatchOutputBytes {
		ref = &BatchOutputRef{BatchID: res.Batch.Stored.BatchID, Count: res.Batch.Stored.Count, Bytes: res.Batch.OutputBytes}
	}
	if output == nil {
		output = map[string]any{}
	}
	// The projection reads the step's own output as __steps__.<id>, as later steps will, and
	// the step's per-step data sources as __datasources__.
	scope := m.scope()
	scope.Steps[step.ID] = output
	scope.Datasources = req.datasources
	ctx, err := m.eval.Apply(context.Background(), m.state.Context, step.ContextProjection, scope)
	if err != nil {
		m.fail(step, errorf(CodeExpression, "context projection of step %q: %v", step.ID, err))
		return
	}
	m.state.Context = ctx
	m.complete(step, output)
	st.outputRef = ref
	m.drain()
}

// FailureItem is what a child that failed under onChildFailure "continue" leaves in the
// step's output (SINGLE) or in its item of {items} (BATCH): its execution id and its reason.
func FailureItem(childID string, e *Error) map[string]any {
	// The code is a plain string: expressions read this output.
	item := map[string]any{"error": map[string]any{"code": string(e.Code), "message": e.Message}}
	if childID != "" {
		item["childWorkflowExecutionId"] = childID
	}
	return item
}

// TakeChildren hands the pending child requests to the workflow.
func (m *Machine) TakeChildren() []ChildRequest {
	reqs := m.children
	m.children = nil
	return reqs
}

// RootOf is the root execution of s's tree (s itself when it has no parent).
func RootOf(s *State) string {
	if s.RootWorkflowExecutionID != "" {
		return s.RootWorkflowExecutionID
	}
	return s.ID
}
