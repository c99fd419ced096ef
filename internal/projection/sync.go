package projection

import (
	"context"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// SyncServiceRequest recomputes a service request's task and request statuses from runtime
// states (SPEC §8, the sync endpoint), with the mapping the projection uses, inside q (the
// caller's transaction). states maps execution ids to their State: the request's own execution
// moves the tasks of the type's groups and gives the request its status; each child's (BATCH or SINGLE)
// state moves the tasks of the group linked to it. An execution missing from states leaves
// its tasks as stored (the request's status then follows the execution row). Overdue open
// steps are judged against the wall clock. req is locked, re-read and, on return, holds the
// request as written, groups included.
func SyncServiceRequest(ctx context.Context, q store.Querier, req *store.ServiceRequest, states map[string]*interp.State) error {
	if err := syncRequest(ctx, q, req, states, time.Now()); err != nil {
		return fmt.Errorf("syncing service request %s: %w", req.ID, err)
	}
	return nil
}

func syncRequest(ctx context.Context, q store.Querier, req *store.ServiceRequest, states map[string]*interp.State, at time.Time) error {
	if err := q.LockServiceRequest(ctx, req.ID); err != nil {
		return err
	}
	r, err := q.GetServiceRequest(ctx, req.ID)
	if err != nil {
		return err
	}
	var moved []*store.ServiceRequestTask
	var runtime store.RuntimeStatus
	if r.WorkflowExecutionID != nil {
		if st := states[*r.WorkflowExecutionID]; st != nil {
			changes, err := stateChanges(ctx, q, st)
			if err != nil {
				return err
			}
			moved = append(moved, ownTasks(r, changes, at)...)
			runtime = store.RuntimeStatus(st.RuntimeStatus)
		}
	}
	for _, g := range r.Groups {
		if g.WorkflowExecutionID == nil {
			continue
		}
		st := states[*g.WorkflowExecutionID]
		if st == nil {
			continue
		}
		changes, err := stateChanges(ctx, q, st)
		if err != nil {
			return err
		}
		moved = append(moved, linkedTasks(r, st.ID, changes, at)...)
	}
	written, err := writeRequest(ctx, q, r, moved, runtime)
	if err != nil {
		return err
	}
	*req = *written
	return nil
}

// stateChanges is every human step of a state as a change, mapped with its version's
// definition (the state names the version; a published definition never changes).
func stateChanges(ctx context.Context, q store.Querier, st *interp.State) ([]interp.StepChange, error) {
	v, err := q.GetVersion(ctx, st.WorkflowTemplateVersionID)
	if err != nil {
		return nil, fmt.Errorf("reading the version of execution %s: %w", st.ID, err)
	}
	def, err := definition.Decode(v.Definition)
	if err != nil {
		return nil, fmt.Errorf("decoding the definition of version %s: %w", v.ID, err)
	}
	groupKeys := def.LegacyTaskGroupKeys()
	var out []interp.StepChange
	for i := range def.Steps {
		step := &def.Steps[i]
		if ss := st.Steps[step.ID]; ss != nil && step.IsHuman() {
			out = append(out, interp.ChangeOf(step, ss, groupKeys[step.ID]))
		}
	}
	return out, nil
}
