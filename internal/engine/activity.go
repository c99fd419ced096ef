package engine

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// Projector writes an execution's runtime projection where people list and search it. The
// worker's activity calls it; projection.Persistence implements it over the application's
// store.
type Projector interface {
	Project(ctx context.Context, p Projection) error
}

// ChildPreparer loads the children's pinned version and creates their execution rows
// (idempotently: the activity may run more than once). A failure that is an *interp.Error (a
// child version that is not published) is not retried.
type ChildPreparer interface {
	PrepareChildren(ctx context.Context, req PrepareChildrenRequest) (*PreparedChildren, error)
}

// activities are the interpreter's activities, bound to the worker's dependencies.
type activities struct {
	projector Projector
	children  ChildPreparer
	// dataSources loads data sources; http calls them (one client per worker).
	dataSources DataSourceLoader
	batches     BatchStore
	http        *datasource.Client
}

func (a *activities) project(ctx context.Context, p Projection) error {
	if a.projector == nil {
		activity.GetLogger(ctx).Debug("no projector configured; projection dropped", "execution", p.ExecutionID)
		return nil
	}
	err := a.projector.Project(ctx, p)
	if err != nil {
		// The activity retries without deadline (projectOptions); this line, with the
		// projector's metric (metrics.Projector), is the alert that the database is away.
		activity.GetLogger(ctx).Warn("projection not written; retrying", "execution", p.ExecutionID,
			"attempt", activity.GetInfo(ctx).Attempt, "err", err)
	}
	return err
}

func (a *activities) prepareChildren(ctx context.Context, req PrepareChildrenRequest) (*PreparedChildren, error) {
	if a.children == nil {
		return nil, applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store to start sub-workflows from"))
	}
	prepared, err := a.children.PrepareChildren(ctx, req)
	return prepared, asApplicationError(err)
}
