package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Projector writes an execution's runtime projection where people list and search it. The
// worker's activity calls it; [Persistence] implements it over the application's store.
type Projector interface {
	Project(ctx context.Context, p Projection) error
}

// Persistence backs the engine's activities with the application's store: it is the
// [Projector] and the [ChildPreparer] of a worker that has a database.
type Persistence struct {
	Store store.Store
}

// Project updates the row's runtime status and timestamps, and its record status to COMPLETED
// when the runtime completed, and in the same transaction the human tasks and service-request
// tasks of the changed steps and the service requests' statuses (projection_store.go). A row
// that does not exist is left alone: the execution was started outside the application (a
// test, a replay of a recorded history), and there is nothing to project into.
func (p Persistence) Project(ctx context.Context, pr Projection) error {
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
		return projectSteps(ctx, q, e, before, pr)
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
// service request, each new BATCH child gets its task group in that transaction too
// (createBatchGroups).
func (p Persistence) PrepareChildren(ctx context.Context, req PrepareChildrenRequest) (*PreparedChildren, error) {
	var out PreparedChildren
	err := p.Store.InTx(ctx, func(q store.Querier) error {
		v, err := q.GetVersion(ctx, req.VersionID)
		if errors.Is(err, store.ErrNotFound) {
			return errorf(CodeChildVersion, "child version %s does not exist", req.VersionID)
		}
		if err != nil {
			return err
		}
		if v.Status != store.VersionPublished && v.Status != store.VersionDeprecated {
			return errorf(CodeChildVersion, "child version %s is %s, not published", req.VersionID, v.Status)
		}
		tpl, err := q.GetTemplate(ctx, v.TemplateID)
		if err != nil {
			return err
		}
		out = PreparedChildren{Definition: v.Definition, TemplateName: tpl.Name}
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
			if err := q.CreateExecution(ctx, &store.Execution{
				ID: c.ID, Name: name, VersionID: v.ID, ParentID: &parent, RootID: &root,
				Context: ctxJSON, Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted,
				CreatedAt: now,
			}); err != nil {
				return fmt.Errorf("creating child %s: %w", c.ID, err)
			}
			created = append(created, createdChild{id: c.ID, name: name})
		}
		return createBatchGroups(ctx, q, req, v.Definition, created, now)
	})
	var e *Error
	if errors.As(err, &e) {
		return nil, e.applicationError()
	}
	if err != nil {
		return nil, fmt.Errorf("preparing %d children of %s: %w", len(req.Children), req.ParentID, err)
	}
	return &out, nil
}

// activities are the interpreter's activities, bound to the worker's dependencies.
type activities struct {
	projector Projector
	children  ChildPreparer
	// dataSources loads data sources; http calls them (one client per worker).
	dataSources DataSourceLoader
	http        *datasource.Client
}

func (a *activities) project(ctx context.Context, p Projection) error {
	if a.projector == nil {
		activity.GetLogger(ctx).Debug("no projector configured; projection dropped", "execution", p.ExecutionID)
		return nil
	}
	return a.projector.Project(ctx, p)
}

func (a *activities) prepareChildren(ctx context.Context, req PrepareChildrenRequest) (*PreparedChildren, error) {
	if a.children == nil {
		return nil, errorf(CodeUnsupported, "this worker has no store to start sub-workflows from").applicationError()
	}
	return a.children.PrepareChildren(ctx, req)
}
