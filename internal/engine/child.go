package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
)

// childRequest is a sub-workflow step waiting for the workflow to start its child.
type childRequest struct {
	stepID    string
	attempt   int
	versionID string
	name      string // "" means the child template's name
	context   map[string]any
}

// PrepareChildRequest is the argument of ActivityPrepareChild: everything the child's
// workflow_executions row needs.
type PrepareChildRequest struct {
	ChildID   string         `json:"childId"`
	ParentID  string         `json:"parentId"`
	RootID    string         `json:"rootId"`
	VersionID string         `json:"versionId"`
	Name      string         `json:"name,omitempty"`
	Context   map[string]any `json:"context"`
}

// PreparedChild is what the child's workflow needs from the database.
type PreparedChild struct {
	Definition json.RawMessage `json:"definition"`
	Name       string          `json:"name"`
}

// ChildPreparer loads a child's pinned version and creates its execution row (idempotently:
// the activity may run more than once).
type ChildPreparer interface {
	PrepareChild(ctx context.Context, req PrepareChildRequest) (*PreparedChild, error)
}

// openSubWorkflow builds the child's start request: the input mapping over the parent's scope
// and the child's name. The workflow starts it (machine code cannot block).
func (m *machine) openSubWorkflow(step *definition.Step) *Error {
	switch {
	case step.Mode == definition.ModeBatch:
		return errorf(CodeUnsupported, "step %q: BATCH sub-workflows are not supported by this engine build yet", step.ID)
	case len(step.DataSources) > 0:
		return errorf(CodeUnsupported, "step %q: data sources are not supported by this engine build yet", step.ID)
	case step.ChildWorkflowTemplateVersionID == "":
		return errorf(CodeDefinitionInvalid, "step %q names no child version", step.ID)
	}
	scope := m.scope()
	ctx, err := m.eval.Apply(context.Background(), map[string]any{}, step.InputMapping, scope)
	if err != nil {
		return errorf(CodeExpression, "input mapping of step %q: %v", step.ID, err)
	}
	name := ""
	if step.ChildWorkflowName != nil {
		v, ok, err := m.eval.Eval(context.Background(), *step.ChildWorkflowName, scope.Input())
		if err != nil {
			return errorf(CodeExpression, "child workflow name of step %q: %v", step.ID, err)
		}
		if ok {
			s, isString := v.(string)
			if !isString {
				return errorf(CodeExpression, "child workflow name of step %q is a %T, not a string", step.ID, v)
			}
			name = s
		}
	}
	m.children = append(m.children, childRequest{
		stepID: step.ID, attempt: m.state.Steps[step.ID].Attempt,
		versionID: step.ChildWorkflowTemplateVersionID, name: name, context: ctx,
	})
	return nil
}

// childStarted records the child's id on the step (it can be listed before it finishes).
func (m *machine) childStarted(req childRequest, childID string) {
	st := m.state.Steps[req.stepID]
	if st.Attempt == req.attempt {
		st.ChildWorkflowExecutions = []ChildRef{{ID: childID}}
		m.touch()
	}
}

// childDone completes (or fails) the sub-workflow step when its child closed. A result for an
// earlier attempt, or for a step no longer open (END cancelled it), is ignored.
func (m *machine) childDone(req childRequest, child *State, childErr *Error) {
	step := m.steps[req.stepID]
	st := m.state.Steps[req.stepID]
	if st.Attempt != req.attempt || !isOpen(st.Status) {
		return
	}
	if childErr != nil {
		if step.OnChildFailure == definition.ChildFailureContinue {
			m.complete(step, map[string]any{})
			m.drain()
			return
		}
		m.fail(step, &Error{Code: childErr.Code, Message: fmt.Sprintf("child of step %q: %s", step.ID, childErr.Message)})
		return
	}
	output := child.Context
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

func childName(req childRequest, prepared *PreparedChild) string {
	if req.name != "" {
		return req.name
	}
	return prepared.Name
}
