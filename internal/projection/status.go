package projection

import (
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// taskStatusOf is a service-request task's status given its step's state at time at (SPEC §8):
// an open step past its due date is SLA breached; a failed step needs someone (Action
// required); a disabled step has nothing left to do (Completed); a cancelled step's work was
// not done (Not started; the request's own status says why).
func taskStatusOf(c interp.StepChange, at time.Time) store.TaskStatus {
	switch c.Status {
	case definition.StatusInProgress, definition.StatusActionRequired:
		if c.DueAt != nil && !at.Before(*c.DueAt) {
			return store.TaskSLABreached
		}
		if c.Status == definition.StatusActionRequired {
			return store.TaskActionRequired
		}
		return store.TaskInProgress
	case definition.StatusCompleted, definition.StatusDisabled:
		return store.TaskCompleted
	case definition.StatusFailed:
		return store.TaskActionRequired
	default:
		return store.TaskNotStarted
	}
}

// requestStatusOf is a service request's status: its execution's runtime status, except that
// a running execution with a task in Action required makes the request Action required. ok is
// false for a runtime status it does not know (the request is left as it is).
func requestStatusOf(runtime store.RuntimeStatus, r *store.ServiceRequest) (store.ServiceRequestStatus, bool) {
	switch runtime {
	case store.RuntimeNotStarted:
		return store.RequestNotStarted, true
	case store.RuntimeCompleted:
		return store.RequestCompleted, true
	case store.RuntimeFailed:
		return store.RequestFailed, true
	case store.RuntimeCancelled:
		return store.RequestCancelled, true
	case store.RuntimeInProgress:
		for _, g := range r.Groups {
			for _, t := range g.Tasks {
				if t.Status == store.TaskActionRequired {
					return store.RequestActionRequired, true
				}
			}
		}
		return store.RequestInProgress, true
	}
	return "", false
}
