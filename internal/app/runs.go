package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Who may see a run (issue #13, docs/auth.md "Who may see a run"): administrators and services
// see every execution; an agent sees an execution when its tree (its root's family) holds a human
// task assigned to them, to one of their groups or to the shared queue, or one they claimed or
// completed. The rule is one SQL condition (store.Visibility), used both to check one execution
// and to filter the executions list, so a page of the list is never filtered after the fact.

// visibilityOf is the actor's Visibility, or nil when they see everything.
func visibilityOf(a Actor) *store.Visibility {
	if a.Role == store.RoleAdmin || a.Role == store.RoleService {
		return nil
	}
	return &store.Visibility{Assignees: append(assigneesOf(a), sharedQueue), User: a.Name()}
}

// sharedQueue is the assignee of a human step that names none: any agent may take it.
const sharedQueue = ""

// viewable reads an execution the caller may see: not_found when it does not exist, not_allowed
// (403) when it exists and the caller may not see it.
func (s *Service) viewable(ctx context.Context, executionID string) (*store.Execution, error) {
	ex, err := s.store.GetExecution(ctx, executionID)
	if err != nil {
		return nil, storeErr(err, "execution", executionID, "getting execution "+executionID)
	}
	if err := s.mayView(ctx, ex.ID); err != nil {
		return nil, err
	}
	return ex, nil
}

// ExecutionVersion returns the version an execution runs, to anyone who may see the execution:
// an agent draws the run's graph from it without the right to read versions in general.
func (s *Service) ExecutionVersion(ctx context.Context, executionID string) (*store.Version, error) {
	ex, err := s.viewable(ctx, executionID)
	if err != nil {
		return nil, err
	}
	v, err := s.store.GetVersion(ctx, ex.VersionID)
	if err != nil {
		return nil, fmt.Errorf("getting version %s of execution %s: %w", ex.VersionID, executionID, err)
	}
	return v, nil
}

// mayView refuses an execution the caller may not see.
func (s *Service) mayView(ctx context.Context, executionID string) error {
	a := ActorFrom(ctx)
	v := visibilityOf(a)
	if v == nil {
		return nil
	}
	ok, err := s.store.ExecutionVisible(ctx, executionID, *v)
	if err != nil {
		return fmt.Errorf("checking whether %s may see execution %s: %w", a.Name(), executionID, err)
	}
	if !ok {
		return errorf(CodeNotAllowed, "%s holds no task in the tree of execution %s", a.Name(), executionID)
	}
	return nil
}

// mayCompleteStep applies the inbox's rule (mayAct, openFor) to the task of the step's latest
// attempt: the one check behind completing a task, completing a step by its route and uploading
// a document to it. It returns that task, or nil when the projection has not recorded one yet
// (then the engine's completion check, the step's assignee, the same rule without claims,
// decides) or when the task is closed (then the engine answers why). An upload needs the task
// (step_not_open otherwise), except an administrator's.
func (s *Service) mayCompleteStep(ctx context.Context, executionID, stepID string) (*store.HumanTask, error) {
	a := ActorFrom(ctx)
	t, err := s.store.GetLatestHumanTaskByStep(ctx, executionID, stepID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the task of step %s of execution %s: %w", stepID, executionID, err)
	}
	if err := mayAct(a, t); err != nil {
		return nil, err
	}
	if t.Status == store.HumanTaskCompleted || t.Status == store.HumanTaskCancelled {
		// The step is closed: the engine says how (step_not_open, execution_not_running).
		return nil, nil
	}
	if err := openFor(a, t, true); err != nil {
		return nil, err
	}
	return t, nil
}

// ChildCounts counts a sub-workflow step's children by where they are.
type ChildCounts struct {
	Done, Running, Failed, Waiting, Total int
}

// childCounts counts the children of one sub-workflow step from their rows, which the engine
// writes as each run of a batch prepares them (so a BATCH is counted while it runs).
func (s *Service) childCounts(ctx context.Context, executionID, stepID string) (ChildCounts, error) {
	m, err := s.store.CountChildren(ctx, executionID, stepID)
	if err != nil {
		return ChildCounts{}, err
	}
	c := ChildCounts{
		Done: m[store.RuntimeCompleted], Running: m[store.RuntimeInProgress], Failed: m[store.RuntimeFailed],
		Waiting: m[store.RuntimeNotStarted],
	}
	for _, n := range m {
		c.Total += n
	}
	return c, nil
}

// addChildCounts counts the children of every sub-workflow step of ex that has started.
func (s *Service) addChildCounts(ctx context.Context, ex *Execution) error {
	if ex.Runtime == nil {
		return nil
	}
	for id, st := range ex.Runtime.Steps {
		if st == nil || st.Type != string(definition.StepSubWorkflow) || st.Attempt == 0 {
			continue
		}
		c, err := s.childCounts(ctx, ex.ID, id)
		if err != nil {
			return fmt.Errorf("counting the children of step %s of execution %s: %w", id, ex.ID, err)
		}
		if ex.ChildCounts == nil {
			ex.ChildCounts = map[string]ChildCounts{}
		}
		ex.ChildCounts[id] = c
	}
	return nil
}

// ListStepChildren lists one page of the children a sub-workflow step started, oldest first,
// with their counts.
func (s *Service) ListStepChildren(ctx context.Context, executionID, stepID string, p store.Page) (Page[store.Execution], ChildCounts, error) {
	if _, err := s.viewable(ctx, executionID); err != nil {
		return Page[store.Execution]{}, ChildCounts{}, err
	}
	limit, err := pageLimit(&p)
	if err != nil {
		return Page[store.Execution]{}, ChildCounts{}, err
	}
	items, err := s.store.ListExecutions(ctx, store.ExecutionFilter{Page: p, ParentID: executionID, ParentStepID: stepID})
	if err != nil {
		return Page[store.Execution]{}, ChildCounts{}, fmt.Errorf("listing the children of step %s of %s: %w", stepID, executionID, err)
	}
	c, err := s.childCounts(ctx, executionID, stepID)
	if err != nil {
		return Page[store.Execution]{}, ChildCounts{}, fmt.Errorf("counting the children of step %s of %s: %w", stepID, executionID, err)
	}
	return page(items, limit, executionPos), c, nil
}

// EventStream reads the live events of an execution and its descendants (GET
// /v1/executions/{id}/events). Events are numbered per tree (the root's), so a stream of a
// subtree skips numbers but never goes back.
type EventStream struct {
	s      *Service
	rootID string
	// members are the executions of the subtree followed; nil follows the whole tree.
	members map[string]bool
}

// OpenEvents checks that the caller may see the execution and returns its stream.
func (s *Service) OpenEvents(ctx context.Context, executionID string) (*EventStream, error) {
	ex, err := s.viewable(ctx, executionID)
	if err != nil {
		return nil, err
	}
	es := &EventStream{s: s, rootID: ex.ID}
	if ex.RootID != nil {
		es.rootID = *ex.RootID
		n, err := s.ExecutionTree(ctx, ex.ID)
		if err != nil {
			return nil, err
		}
		es.members = map[string]bool{}
		queue := []*TreeNode{n}
		for len(queue) > 0 {
			es.members[queue[0].ID] = true
			queue = append(queue[1:], queue[0].Children...)
		}
	}
	return es, nil
}

// Next returns the stream's events after seq (at most a few hundred), oldest first.
func (es *EventStream) Next(ctx context.Context, after int64) ([]store.ExecutionEvent, error) {
	evs, err := es.s.store.ListExecutionEvents(ctx, es.rootID, after, 0)
	if err != nil {
		return nil, fmt.Errorf("reading the events of execution %s: %w", es.rootID, err)
	}
	if es.members == nil {
		return evs, nil
	}
	out := evs[:0]
	for _, e := range evs {
		if e.Kind == store.EventChild && e.ParentID != nil && es.members[*e.ParentID] {
			es.members[e.ExecutionID] = true
		}
		if es.members[e.ExecutionID] {
			out = append(out, e)
		}
	}
	return slices.Clip(out), nil
}

// InboxCounts counts the caller's open tasks per queue (mine, their groups', shared) and those
// of them past due.
func (s *Service) InboxCounts(ctx context.Context) (store.InboxCounts, error) {
	a := ActorFrom(ctx)
	groups := assigneesOf(a)[1:]
	c, err := s.store.CountInbox(ctx, store.InboxCountFilter{User: a.Name(), Groups: groups, At: time.Now()})
	if err != nil {
		return store.InboxCounts{}, fmt.Errorf("counting the inbox of %s: %w", a.Name(), err)
	}
	return c, nil
}
