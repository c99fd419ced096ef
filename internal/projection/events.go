package projection

import (
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// The live events of an execution tree (GET /v1/executions/{id}/events) are written here, in
// the transaction of the change they announce, so that a reader never sees an event before
// its change nor a change without its event, and a restart loses neither.

// rootOf is the id of the tree e belongs to.
func rootOf(e *store.Execution) string {
	if e.RootID != nil {
		return *e.RootID
	}
	return e.ID
}

// eventsOf announces a projection of e: one execution event (every projection: something in
// the runtime view changed, a step of any type), then one step event per human step attempt
// that changed.
func eventsOf(e *store.Execution, pr interp.Projection) []store.ExecutionEvent {
	at := pr.At
	if at.IsZero() {
		if pr.LastActivityAt != nil {
			at = *pr.LastActivityAt
		} else {
			at = time.Now()
		}
	}
	root := rootOf(e)
	out := make([]store.ExecutionEvent, 0, 1+len(pr.Steps))
	out = append(out, store.ExecutionEvent{
		RootID: root, ExecutionID: e.ID, ParentID: e.ParentID, Kind: store.EventExecution,
		Status: string(e.RuntimeStatus), At: at,
	})
	for _, c := range pr.Steps {
		out = append(out, store.ExecutionEvent{
			RootID: root, ExecutionID: e.ID, ParentID: e.ParentID, StepID: c.StepID, Kind: store.EventStep,
			Status: string(c.Status), Attempt: c.Attempt, At: stepTime(c, at),
		})
	}
	return out
}

// stepTime is when a step change happened, as far as the change says.
func stepTime(c interp.StepChange, at time.Time) time.Time {
	switch {
	case c.CompletedAt != nil:
		return *c.CompletedAt
	case c.StartedAt != nil && (c.Status == definition.StatusInProgress || c.Status == definition.StatusActionRequired):
		return *c.StartedAt
	}
	return at
}

// childEvents announces the children a sub-workflow step created.
func childEvents(req interp.PrepareChildrenRequest, created []createdChild, at time.Time) []store.ExecutionEvent {
	out := make([]store.ExecutionEvent, len(created))
	for i, c := range created {
		parent := req.ParentID
		out[i] = store.ExecutionEvent{
			RootID: req.RootID, ExecutionID: c.id, ParentID: &parent, StepID: req.StepID, Kind: store.EventChild,
			Status: string(store.RuntimeNotStarted), At: at,
		}
	}
	return out
}
