// Package projection keeps the database's view of runtime state current from what the
// interpreter journals (SPEC §6, §8, §9): execution rows, human tasks, service-request tasks
// and statuses, and the rows and task groups of sub-workflow children. The engine's activities
// call it through interfaces wired in cmd/wfb; the application calls SyncServiceRequest inside
// its own transaction. It imports the store and the interpreter's types, never the engine or
// the application.
package projection

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Persistence backs the engine's activities with the application's store: it is the
// engine.Projector, engine.ChildPreparer and engine.DataSourceLoader of a worker that has a
// database (cmd/wfb wires it in).
type Persistence struct {
	Store store.Store
}

// Project updates the row's runtime status and timestamps, and its record status to COMPLETED
// when the runtime completed, and in the same transaction the human tasks and service-request
// tasks of the changed steps and the service requests' statuses (tasks.go). A row
// that does not exist is left alone: the execution was started outside the application (a
// test, a replay of a recorded history), and there is nothing to project into.
func (p Persistence) Project(ctx context.Context, pr interp.Projection) error {
	err := p.Store.InTx(ctx, func(q store.Querier) error {
		// The lock keeps this read-change-write and the app's recording of the start from
		// overwriting each other.
		if err := q.LockExecution(ctx, pr.ExecutionID); err != nil {
			return err
		}
		e, err := q.GetExecution(ctx, pr.ExecutionID)
		if err != nil {
			return err
		}
		before := e.RuntimeStatus
		e.RuntimeStatus = store.RuntimeStatus(pr.RuntimeStatus)
		started := pr.StartedAt
		e.StartedAt = &started
		e.CompletedAt, e.FailedAt, e.LastActivityAt = pr.CompletedAt, pr.FailedAt, pr.LastActivityAt
		if pr.Completed {
			e.Status = store.ExecutionCompleted
		} else if e.Status == store.ExecutionCreated {
			// The workflow runs, so the start was acknowledged even if the starter died before
			// writing STARTED.
			e.Status = store.ExecutionStarted
		}
		if err := q.UpdateExecution(ctx, e); err != nil {
			return err
		}
		if err := projectSteps(ctx, q, e, before, pr); err != nil {
			return err
		}
		// Last, so that the tree's event counter is locked only for the end of the transaction.
		return q.AppendExecutionEvents(ctx, eventsOf(e, pr))
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("projecting execution %s: %w", pr.ExecutionID, err)
	}
	return nil
}

// PrepareChildren loads the children's pinned version (PUBLISHED or DEPRECATED) and creates
// each child's row in CREATED with parent and root set, named by its spec or else after the
// child template, unless a row with that id exists (the activity is retried). One transaction
// for all: a batch run creates its rows in one write. When the execution tree belongs to a
// service request, each new child (BATCH or SINGLE) gets its task group in that transaction
// too (createChildGroups).
func (p Persistence) PrepareChildren(ctx context.Context, req interp.PrepareChildrenRequest) (*interp.PreparedChildren, error) {
	var out interp.PreparedChildren
	err := p.Store.InTx(ctx, func(q store.Querier) error {
		v, err := q.GetVersion(ctx, req.VersionID)
		if errors.Is(err, store.ErrNotFound) {
			return interp.Errorf(interp.CodeChildVersion, "child version %s does not exist", req.VersionID)
		}
		if err != nil {
			return err
		}
		if v.Status != store.VersionPublished && v.Status != store.VersionDeprecated {
			return interp.Errorf(interp.CodeChildVersion, "child version %s is %s, not published", req.VersionID, v.Status)
		}
		tpl, err := q.GetTemplate(ctx, v.TemplateID)
		if err != nil {
			return err
		}
		out = interp.PreparedChildren{Definition: v.Definition, TemplateName: tpl.Name}
		now := time.Now() // an activity, so the wall clock is fine here
		var created []createdChild
		for _, c := range req.Children {
			if _, err := q.GetExecution(ctx, c.ID); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			ctxJSON, err := json.Marshal(c.Context)
			if err != nil {
				return err
			}
			name := c.Name
			if name == "" {
				name = tpl.Name
			}
			parent, root := req.ParentID, req.RootID
			var parentStep *string
			if req.StepID != "" {
				parentStep = &req.StepID
			}
			if err := q.CreateExecution(ctx, &store.Execution{
				ID: c.ID, Name: name, VersionID: v.ID, ParentID: &parent, RootID: &root, ParentStepID: parentStep,
				Context: ctxJSON, Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted,
				CreatedAt: now,
			}); err != nil {
				return fmt.Errorf("creating child %s: %w", c.ID, err)
			}
			created = append(created, createdChild{id: c.ID, name: name})
		}
		if err := createChildGroups(ctx, q, req, v.Definition, created, now); err != nil {
			return err
		}
		return q.AppendExecutionEvents(ctx, childEvents(req, created, now))
	})
	var e *interp.Error
	if errors.As(err, &e) {
		return nil, e
	}
	if err != nil {
		return nil, fmt.Errorf("preparing %d children of %s: %w", len(req.Children), req.ParentID, err)
	}
	return &out, nil
}

// LoadDataSource reads a data source and checks that its configuration is one the engine can
// call. Unknown ids and bad configurations are *interp.Error values, which the engine does not
// retry: they fail the same way every time.
func (p Persistence) LoadDataSource(ctx context.Context, id string) (*interp.DataSourceDef, error) {
	d, err := p.Store.GetDataSource(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, interp.Errorf(interp.CodeDataSourceNotFound, "data source %s does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("loading data source %s: %w", id, err)
	}
	return checkDataSource(d.ID, d.Name, string(d.Kind), d.Config)
}

// checkDataSource validates a stored data source for a call.
func checkDataSource(id, name, kind string, config json.RawMessage) (*interp.DataSourceDef, error) {
	if kind != string(store.DataSourceHTTP) {
		return nil, interp.Errorf(interp.Code(datasource.KindConfig), "data source %s is of kind %q; this engine calls only %q", id, kind, store.DataSourceHTTP)
	}
	cfg, err := datasource.ParseConfig(config)
	if err != nil {
		return nil, interp.Errorf(interp.Code(datasource.KindConfig), "data source %s: %v", id, err)
	}
	return &interp.DataSourceDef{ID: id, Name: name, Config: config, TimeoutMs: int(cfg.Timeout().Milliseconds())}, nil
}
