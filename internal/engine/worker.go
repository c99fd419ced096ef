package engine

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/datasource"
)

// Deps are what the worker's activities need.
type Deps struct {
	// Projector receives runtime projections; nil drops them (a worker with no database).
	Projector Projector
	// Children prepares sub-workflow children; nil fails sub-workflow steps.
	Children ChildPreparer
	// DataSources loads the data sources of sub-workflow steps; nil fails steps that call one.
	DataSources DataSourceLoader
	// Batches keeps the items and results of BATCH steps (batch_stored.go); nil fails BATCH
	// steps of executions that store their batches. Unset, it is Children when Children
	// implements BatchStore (projection.Persistence does).
	Batches BatchStore
	// HTTP calls data sources; nil is a client over http.DefaultTransport. Secrets are read
	// from the worker's WFB_SECRET_* environment variables.
	HTTP *datasource.Client
	// TaskQueue overrides TaskQueue.
	TaskQueue string
	// Options are passed to the SDK worker.
	Options worker.Options
}

// NewWorker returns a worker (not yet started) that runs the interpreter workflow and its
// activities on the task queue.
func NewWorker(c client.Client, deps Deps) worker.Worker {
	tq := deps.TaskQueue
	if tq == "" {
		tq = TaskQueue
	}
	w := worker.New(c, tq, deps.Options)
	Register(w, deps)
	return w
}

// Register registers the workflow and activities on any registry (a worker, or the SDK's test
// environment).
func Register(r worker.Registry, deps Deps) {
	r.RegisterWorkflowWithOptions(Execution, workflow.RegisterOptions{Name: WorkflowName})
	r.RegisterWorkflowWithOptions(Batch, workflow.RegisterOptions{Name: BatchWorkflowName})
	r.RegisterWorkflowWithOptions(FetchBatch, workflow.RegisterOptions{Name: FetchBatchWorkflowName})
	a := &activities{projector: deps.Projector, children: deps.Children, dataSources: deps.DataSources,
		batches: deps.Batches, http: deps.HTTP}
	if b, ok := deps.Children.(BatchStore); ok && a.batches == nil {
		a.batches = b // the store that creates the children's rows keeps their batch too
	}
	if a.http == nil {
		a.http = datasource.NewClient(nil)
	}
	r.RegisterActivityWithOptions(a.project, activity.RegisterOptions{Name: ActivityProject})
	r.RegisterActivityWithOptions(a.prepareChildren, activity.RegisterOptions{Name: ActivityPrepareChildren})
	r.RegisterActivityWithOptions(a.loadDataSource, activity.RegisterOptions{Name: ActivityLoadDataSource})
	r.RegisterActivityWithOptions(a.callDataSource, activity.RegisterOptions{Name: ActivityCallDataSource})
	r.RegisterActivityWithOptions(a.putBatchItems, activity.RegisterOptions{Name: ActivityPutBatchItems})
	r.RegisterActivityWithOptions(a.prepareBatchPage, activity.RegisterOptions{Name: ActivityPrepareBatchPage})
	r.RegisterActivityWithOptions(a.putBatchResults, activity.RegisterOptions{Name: ActivityPutBatchResults})
	r.RegisterActivityWithOptions(a.readBatchResults, activity.RegisterOptions{Name: ActivityReadBatchResults})
	r.RegisterActivityWithOptions(a.readBatchInputs, activity.RegisterOptions{Name: ActivityReadBatchInputs})
}
