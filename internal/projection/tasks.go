package projection

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// projectSteps writes what a projection says about the execution's human steps, inside the
// transaction that updated the execution row e (whose runtime status was before): the human
// tasks, then the service-request tasks and statuses.
func projectSteps(ctx context.Context, q store.Querier, e *store.Execution, before store.RuntimeStatus, pr interp.Projection) error {
	at := pr.At
	if at.IsZero() {
		at = time.Now()
	}
	for _, c := range pr.Steps {
		if err := projectHumanTask(ctx, q, e.ID, c, at); err != nil {
			return err
		}
	}
	if e.RuntimeStatus == store.RuntimeCompleted || e.RuntimeStatus == store.RuntimeCancelled {
		if _, err := q.CancelHumanTasks(ctx, e.ID, at); err != nil {
			return err
		}
	}
	return projectRequests(ctx, q, e, before, pr.Steps, at)
}

// projectHumanTask keeps the task of one step attempt current (SPEC §9): open while the step
// is, completed with the step's actor and output, cancelled when the step closes otherwise.
func projectHumanTask(ctx context.Context, q store.Querier, executionID string, c interp.StepChange, at time.Time) error {
	switch c.Status {
	case definition.StatusInProgress, definition.StatusActionRequired, definition.StatusCompleted:
	default: // cancelled, skipped (disabled), failed to open, reset for a retry
		_, err := q.CancelStepHumanTasks(ctx, executionID, c.StepID, c.Attempt, at)
		return err
	}
	created := at
	if c.StartedAt != nil {
		created = *c.StartedAt
	}
	t := &store.HumanTask{ID: id.New(), ExecutionID: executionID, StepID: c.StepID, Attempt: c.Attempt,
		Type: c.Type, Name: c.Name, Assignee: c.Assignee, DueAt: c.DueAt, CreatedAt: created}
	// A step that opened and completed between two projections still gets its task first.
	if err := q.UpsertHumanTask(ctx, t); err != nil {
		return err
	}
	if c.Status != definition.StatusCompleted || (t.Status != store.HumanTaskOpen && t.Status != store.HumanTaskClaimed) {
		return nil
	}
	done := at
	if c.CompletedAt != nil {
		done = *c.CompletedAt
	}
	output, err := json.Marshal(c.Output)
	if err != nil {
		return fmt.Errorf("encoding the output of step %s: %w", c.StepID, err)
	}
	// The projection of a completion runs once its Update is in the history (engine's
	// projectionLoop.write); the app may have recorded it first, and then this writes nothing.
	_, err = RecordCompletion(ctx, q, Completion{Task: t, By: c.CompletedBy, At: done, Output: output})
	return err
}

// projectRequests moves the service-request tasks the changed steps map to, and the requests'
// statuses: the request of this execution (its type's groups, by group and task key) and,
// for a child (BATCH or SINGLE), the groups linked to it (by step id). Nothing is read when nothing can
// have changed: no mapped step changed and the runtime status is the same.
func projectRequests(ctx context.Context, q store.Querier, e *store.Execution, before store.RuntimeStatus, changes []interp.StepChange, at time.Time) error {
	mapped := false
	for _, c := range changes {
		mapped = mapped || c.TaskKey != ""
	}
	if mapped || before != e.RuntimeStatus {
		reqs, err := q.ListServiceRequests(ctx, store.ServiceRequestFilter{WorkflowExecutionID: e.ID})
		if err != nil {
			return err
		}
		for _, r := range reqs {
			if err := updateRequest(ctx, q, r.ID, func(r *store.ServiceRequest) []*store.ServiceRequestTask {
				return ownTasks(r, changes, at)
			}, e.RuntimeStatus); err != nil {
				return err
			}
		}
	}
	if e.ParentID == nil || len(changes) == 0 {
		return nil
	}
	groups, err := q.ListTaskGroupsOfExecution(ctx, e.ID)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, g := range groups {
		if seen[g.ServiceRequestID] {
			continue
		}
		seen[g.ServiceRequestID] = true
		err := updateRequest(ctx, q, g.ServiceRequestID, func(r *store.ServiceRequest) []*store.ServiceRequestTask {
			return linkedTasks(r, e.ID, changes, at)
		}, "")
		if err != nil {
			return err
		}
	}
	return nil
}

// updateRequest locks and reads a request, sets the statuses of the tasks move returns, and
// recomputes the request's status from runtime (its execution's runtime status, read from the
// row when empty) and its tasks.
func updateRequest(ctx context.Context, q store.Querier, requestID string,
	move func(r *store.ServiceRequest) []*store.ServiceRequestTask, runtime store.RuntimeStatus) error {
	if err := q.LockServiceRequest(ctx, requestID); err != nil {
		return err
	}
	r, err := q.GetServiceRequest(ctx, requestID)
	if err != nil {
		return err
	}
	_, err = writeRequest(ctx, q, r, move(r), runtime)
	return err
}

// writeRequest writes the moved tasks and the request's status when it changed, and returns r
// as written.
func writeRequest(ctx context.Context, q store.Querier, r *store.ServiceRequest, moved []*store.ServiceRequestTask, runtime store.RuntimeStatus) (*store.ServiceRequest, error) {
	now := time.Now() // an activity or an API call: the wall clock dates the rows
	for _, t := range moved {
		t.UpdatedAt = now
		if err := q.UpdateServiceRequestTask(ctx, t); err != nil {
			return nil, err
		}
	}
	if runtime == "" && r.WorkflowExecutionID != nil {
		root, err := q.GetExecution(ctx, *r.WorkflowExecutionID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if root != nil {
			runtime = root.RuntimeStatus
		}
	}
	if status, ok := requestStatusOf(runtime, r); ok && status != r.Status {
		r.Status, r.UpdatedAt = status, now
		if err := q.UpdateServiceRequest(ctx, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// ownTasks applies mapped step changes to the request's own groups (those built from its type,
// not linked to a child) by group and task key, and returns the tasks that changed. When one
// task gets several changes, the last one wins.
func ownTasks(r *store.ServiceRequest, changes []interp.StepChange, at time.Time) []*store.ServiceRequestTask {
	return moveTasks(r, changes, at, func(g *store.TaskGroup, t *store.ServiceRequestTask, c interp.StepChange) bool {
		return g.WorkflowExecutionID == nil && c.TaskKey != "" && g.Key == c.GroupKey && t.Key == c.TaskKey
	})
}

// linkedTasks applies step changes to the groups linked to execution executionID, whose tasks
// name their step.
func linkedTasks(r *store.ServiceRequest, executionID string, changes []interp.StepChange, at time.Time) []*store.ServiceRequestTask {
	return moveTasks(r, changes, at, func(g *store.TaskGroup, t *store.ServiceRequestTask, c interp.StepChange) bool {
		return g.WorkflowExecutionID != nil && *g.WorkflowExecutionID == executionID && t.StepID != nil && *t.StepID == c.StepID
	})
}

func moveTasks(r *store.ServiceRequest, changes []interp.StepChange, at time.Time,
	match func(*store.TaskGroup, *store.ServiceRequestTask, interp.StepChange) bool) []*store.ServiceRequestTask {
	var moved []*store.ServiceRequestTask
	seen := map[*store.ServiceRequestTask]bool{}
	for gi := range r.Groups {
		g := &r.Groups[gi]
		for ti := range g.Tasks {
			t := &g.Tasks[ti]
			for _, c := range changes {
				if !match(g, t, c) {
					continue
				}
				status := taskStatusOf(c, at)
				if t.Status == status && t.StepID != nil && *t.StepID == c.StepID {
					continue
				}
				t.Status, t.StepID = status, &c.StepID
				if !seen[t] {
					seen[t] = true
					moved = append(moved, t)
				}
			}
		}
	}
	return moved
}
