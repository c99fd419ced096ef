package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// childRequest is a sub-workflow step waiting for the workflow to start its child (SINGLE) or
// its batch coordinator (BATCH).
type childRequest struct {
	stepID    string
	attempt   int
	versionID string
	item      BatchItem   // SINGLE
	batch     []BatchItem // BATCH, in iterable order
	isBatch   bool
	// maxConcurrency and continueOnFailure are the BATCH step's settings.
	maxConcurrency    int
	continueOnFailure bool
}

// PrepareChildrenRequest is the argument of ActivityPrepareChildren: everything the children's
// workflow_executions rows need. One request serves a SINGLE child or a run of a batch.
type PrepareChildrenRequest struct {
	ParentID  string      `json:"parentId"`
	RootID    string      `json:"rootId"`
	VersionID string      `json:"versionId"`
	Children  []ChildSpec `json:"children"`
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

// ChildPreparer loads the children's pinned version and creates their execution rows
// (idempotently: the activity may run more than once).
type ChildPreparer interface {
	PrepareChildren(ctx context.Context, req PrepareChildrenRequest) (*PreparedChildren, error)
}

// DefaultMaxConcurrency is how many children of a BATCH step run at once by default (SPEC §6).
const DefaultMaxConcurrency = 20

// maxPendingChildren is Temporal's limit of pending child workflows per execution.
const maxPendingChildren = 2000

// openSubWorkflow builds the children's start requests: the iterable (BATCH), the input
// mapping over the parent's scope and each child's name. The workflow starts them (machine
// code cannot block). An empty iterable completes the step at once.
func (m *machine) openSubWorkflow(step *definition.Step) *Error {
	switch {
	case len(step.DataSources) > 0:
		return errorf(CodeUnsupported, "step %q: data sources are not supported by this engine build yet", step.ID)
	case step.ChildWorkflowTemplateVersionID == "":
		return errorf(CodeDefinitionInvalid, "step %q names no child version", step.ID)
	}
	scope := m.scope()
	req := childRequest{stepID: step.ID, attempt: m.state.Steps[step.ID].Attempt, versionID: step.ChildWorkflowTemplateVersionID}
	if step.Mode != definition.ModeBatch {
		item, err := m.childItem(step, scope)
		if err != nil {
			return err
		}
		req.item = item
		m.children = append(m.children, req)
		return nil
	}
	items, err := m.iterable(step, scope)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		m.childDone(req, &childResult{batch: &BatchResult{Items: []any{}}}, nil)
		return nil
	}
	req.isBatch = true
	// Convert the scope for the expression engine once, not once per item (see expr.Scope.Prepare).
	prepared, perr := scope.Prepare()
	if perr != nil {
		return errorf(CodeExpression, "step %q: %v", step.ID, perr)
	}
	for _, it := range items {
		s := prepared
		s.Each, s.HasEach = it, true
		item, err := m.childItem(step, s)
		if err != nil {
			return err
		}
		req.batch = append(req.batch, item)
	}
	req.maxConcurrency = DefaultMaxConcurrency
	if step.MaxConcurrency != nil && *step.MaxConcurrency > 0 {
		req.maxConcurrency = min(*step.MaxConcurrency, maxPendingChildren)
	}
	req.continueOnFailure = step.OnChildFailure == definition.ChildFailureContinue
	m.children = append(m.children, req)
	return nil
}

// iterable resolves a BATCH step's items. No value is an empty iterable; anything other than
// an array fails the step (SPEC §6).
func (m *machine) iterable(step *definition.Step, scope expr.Scope) ([]any, *Error) {
	it := step.Iterable
	if it == nil {
		return nil, errorf(CodeDefinitionInvalid, "BATCH step %q has no iterable", step.ID)
	}
	var (
		v   any
		ok  bool
		err error
	)
	switch it.Type {
	case definition.IterableExpression:
		if it.Expr == nil {
			return nil, errorf(CodeDefinitionInvalid, "the iterable of step %q has no expression", step.ID)
		}
		v, ok, err = m.eval.Eval(context.Background(), *it.Expr, scope.Input())
	case definition.IterableStep:
		v, ok = scope.Steps[it.StepID]
		if ok && it.Select != nil {
			v, ok, err = m.eval.Eval(context.Background(), *it.Select, v)
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
func (m *machine) childItem(step *definition.Step, scope expr.Scope) (BatchItem, *Error) {
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

// childStarted records the child's id on the step (it can be listed before it finishes).
func (m *machine) childStarted(req childRequest, childID string) {
	st := m.state.Steps[req.stepID]
	if st.Attempt == req.attempt {
		st.ChildWorkflowExecutions = []ChildRef{{ID: childID}}
		m.touch()
	}
}

// childResult is what closed: a SINGLE child's final state or a BATCH's results.
type childResult struct {
	single *State
	batch  *BatchResult
}

// childDone completes (or fails) the sub-workflow step when its child or batch closed. A
// result for an earlier attempt, or for a step no longer open (END cancelled it), is ignored.
func (m *machine) childDone(req childRequest, res *childResult, childErr *Error) {
	step := m.steps[req.stepID]
	st := m.state.Steps[req.stepID]
	if st.Attempt != req.attempt || !isOpen(st.Status) {
		return
	}
	if childErr != nil {
		if step.OnChildFailure == definition.ChildFailureContinue && !req.isBatch {
			m.complete(step, map[string]any{})
			m.drain()
			return
		}
		m.fail(step, &Error{Code: childErr.Code, Message: fmt.Sprintf("child of step %q: %s", step.ID, childErr.Message)})
		return
	}
	var output map[string]any
	switch {
	case res.batch != nil:
		output = map[string]any{"items": res.batch.Items}
		if len(res.batch.ChildIDs) > 0 {
			st.ChildWorkflowExecutions = make([]ChildRef, 0, len(res.batch.ChildIDs))
			for _, id := range res.batch.ChildIDs {
				if id != "" {
					st.ChildWorkflowExecutions = append(st.ChildWorkflowExecutions, ChildRef{ID: id})
				}
			}
		}
	default:
		output = res.single.Context
	}
	if output == nil {
		output = map[string]any{}
	}
	// The projection reads the step's own output as __steps__.<id>, as later steps will.
	scope := m.scope()
	scope.Steps[step.ID] = output
	ctx, err := m.eval.Apply(context.Background(), m.state.Context, step.ContextProjection, scope)
	if err != nil {
		m.fail(step, errorf(CodeExpression, "context projection of step %q: %v", step.ID, err))
		return
	}
	m.state.Context = ctx
	m.complete(step, output)
	m.drain()
}

// takeChildren hands the pending child requests to the workflow.
func (m *machine) takeChildren() []childRequest {
	reqs := m.children
	m.children = nil
	return reqs
}

func rootOf(s *State) string {
	if s.RootWorkflowExecutionID != "" {
		return s.RootWorkflowExecutionID
	}
	return s.ID
}
