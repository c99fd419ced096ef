package projection

import (
	"context"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// createdChild is a child execution row PrepareChildren has just created.
type createdChild struct {
	id, name string
}

// createChildGroups gives each new child of an execution tree that belongs to a service
// request its own task group linked to the child's execution (SPEC §8), in the transaction that
// creates the children's rows, so a retried activity creates neither twice.
//
// The children are those of the parent's sub-workflow step on their version, BATCH or SINGLE
// alike: a SINGLE child appears in the root's request as one BATCH child does. When the
// parent's definition runs that version from more than one sub-workflow step, the first in
// definition order names the group (the activity is not told which step asked). The group's key
// is the legacyServiceRequestTaskGroupKey of that step's step group, else the step's id; its
// name is the child execution's name; its order is that of the request's groups of the same
// key, else one after the request's last group; the children's groups follow the iterable's
// order (created_at one microsecond apart). Its tasks are the child definition's human steps
// mapped to a task (legacyServiceRequestTaskKey, which is the task's key), or, when it maps
// none, every human step keyed by its step id; each task names its step, which is how the
// child's projection finds it.
func createChildGroups(ctx context.Context, q store.Querier, req interp.PrepareChildrenRequest, childDef []byte, children []createdChild, now time.Time) error {
	if len(children) == 0 {
		return nil
	}
	reqs, err := q.ListServiceRequests(ctx, store.ServiceRequestFilter{WorkflowExecutionID: req.RootID})
	if err != nil || len(reqs) == 0 {
		return err
	}
	step, groupKey, err := childStepOf(ctx, q, req)
	if err != nil || step == nil {
		return err
	}
	def, err := definition.Decode(childDef)
	if err != nil {
		return fmt.Errorf("decoding the definition of child version %s: %w", req.VersionID, err)
	}
	key := groupKey
	if key == "" {
		key = step.ID
	}
	tasks := childTasks(def)
	for _, sr := range reqs {
		if err := q.LockServiceRequest(ctx, sr.ID); err != nil {
			return err
		}
		r, err := q.GetServiceRequest(ctx, sr.ID)
		if err != nil {
			return err
		}
		order := groupOrder(r, key)
		for i, c := range children {
			execID := c.id
			g := &store.TaskGroup{ID: id.New(), ServiceRequestID: r.ID, Key: key, Name: c.name, Order: order,
				WorkflowExecutionID: &execID, CreatedAt: now.Add(time.Duration(i) * time.Microsecond)}
			for pos, t := range tasks {
				t.ID, t.Position, t.UpdatedAt = id.New(), pos, now
				g.Tasks = append(g.Tasks, t)
			}
			if err := q.CreateTaskGroup(ctx, g); err != nil {
				return fmt.Errorf("creating the task group of child %s: %w", c.id, err)
			}
		}
	}
	return nil
}

// childStepOf finds the parent's sub-workflow step (BATCH or SINGLE) that runs req's version
// (the first in definition order), with its step group's legacy key; nil when there is none.
func childStepOf(ctx context.Context, q store.Querier, req interp.PrepareChildrenRequest) (*definition.Step, string, error) {
	parent, err := q.GetExecution(ctx, req.ParentID)
	if err != nil {
		return nil, "", fmt.Errorf("reading parent execution %s: %w", req.ParentID, err)
	}
	v, err := q.GetVersion(ctx, parent.VersionID)
	if err != nil {
		return nil, "", fmt.Errorf("reading the version of parent execution %s: %w", req.ParentID, err)
	}
	def, err := definition.Decode(v.Definition)
	if err != nil {
		return nil, "", fmt.Errorf("decoding the definition of version %s: %w", v.ID, err)
	}
	for i := range def.Steps {
		s := &def.Steps[i]
		if s.Type == definition.StepSubWorkflow && s.ChildWorkflowTemplateVersionID == req.VersionID {
			return s, def.LegacyTaskGroupKeys()[s.ID], nil
		}
	}
	return nil, "", nil
}

// childTasks are the tasks of a child's group, in definition order, Not started.
func childTasks(def *definition.Definition) []store.ServiceRequestTask {
	var mapped, human []store.ServiceRequestTask
	for i := range def.Steps {
		s := &def.Steps[i]
		if !s.IsHuman() {
			continue
		}
		stepID := s.ID
		t := store.ServiceRequestTask{Key: s.ID, Name: s.Name, Status: store.TaskNotStarted, StepID: &stepID}
		human = append(human, t)
		if s.LegacyServiceRequestTaskKey != "" {
			t.Key = s.LegacyServiceRequestTaskKey
			mapped = append(mapped, t)
		}
	}
	if len(mapped) > 0 {
		return mapped
	}
	return human
}

// groupOrder is the order of r's groups of that key (the type's, or an earlier batch run's),
// else one after r's last group.
func groupOrder(r *store.ServiceRequest, key string) int {
	last := 0
	for _, g := range r.Groups {
		if g.Key == key {
			return g.Order
		}
		last = max(last, g.Order)
	}
	return last + 1
}
