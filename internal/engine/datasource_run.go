package engine

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// Names of the data source activities.
const (
	// ActivityLoadDataSource loads a data source's stored configuration (a local activity).
	ActivityLoadDataSource = "wfb.LoadDataSource"
	// ActivityCallDataSource makes one call of a data source ([CallDataSourceRequest]).
	ActivityCallDataSource = "wfb.CallDataSource"
)

// Retry policy of data source calls: transient failures (network, timeouts, 408, 429, 5xx) are
// retried five attempts in all, about 15 s of backoff; the rest fail at once, as
// non-retryable application errors. A server's Retry-After replaces the backoff, capped at
// DataSourceMaxRetryInterval.
const (
	DataSourceMaxAttempts      = 5
	DataSourceMaxRetryInterval = 30 * time.Second
	// dataSourceTimeoutMargin is added to a data source's own timeout for the activity's
	// start-to-close timeout, so that the call's timeout fires first and is classified.
	dataSourceTimeoutMargin = 5 * time.Second
)

var dataSourceRetry = temporal.RetryPolicy{
	InitialInterval:    time.Second,
	BackoffCoefficient: 2,
	MaximumInterval:    DataSourceMaxRetryInterval,
	MaximumAttempts:    DataSourceMaxAttempts,
}

// loadOptions: loading a data source is a small database read; a missing one is not retried,
// anything else is retried until the database answers (see projectOptions).
var loadOptions = workflow.LocalActivityOptions{
	StartToCloseTimeout:    10 * time.Second,
	ScheduleToCloseTimeout: NoRetryDeadline,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// runFetch runs one round of a step's data source calls: each data source is loaded once,
// then the calls run at most f.Concurrency at a time. The first call that fails after its
// retries cancels the others and fails the step. executionID is the execution's id, which
// names a stored round's batch (runFetchStored).
func runFetch(ctx workflow.Context, m *interp.Machine, f interp.FetchRequest, executionID string) {
	defs := map[string]*DataSourceDef{}
	lctx := workflow.WithLocalActivityOptions(ctx, loadOptions)
	for _, c := range f.Calls {
		if defs[c.Call.DataSourceID] != nil {
			continue
		}
		var def DataSourceDef
		if err := workflow.ExecuteLocalActivity(lctx, ActivityLoadDataSource, c.Call.DataSourceID).Get(lctx, &def); err != nil {
			if ctx.Err() == nil {
				m.FetchFailed(f, c, dataSourceError(err))
			}
			return
		}
		defs[c.Call.DataSourceID] = &def
	}
	if f.PerItem() && workflow.GetVersion(ctx, changeStoredFetch, workflow.DefaultVersion, 1) >= 1 {
		runFetchStored(ctx, m, f, defs, executionID)
		return
	}
	results := make([]any, len(f.Calls))
	callsCtx, cancelCalls := workflow.WithCancel(ctx)
	defer cancelCalls()
	next, running, failed := 0, 0, false
	canStart := func() bool { return running < max(f.Concurrency, 1) && next < len(f.Calls) && !failed }
	for {
		for canStart() {
			i := next
			next++
			running++
			workflow.Go(callsCtx, func(gctx workflow.Context) {
				defer func() { running-- }()
				c := f.Calls[i]
				def := defs[c.Call.DataSourceID]
				actx := workflow.WithActivityOptions(gctx, workflow.ActivityOptions{
					StartToCloseTimeout: time.Duration(def.TimeoutMs)*time.Millisecond + dataSourceTimeoutMargin,
					RetryPolicy:         &dataSourceRetry,
				})
				var res CallDataSourceResult
				err := workflow.ExecuteActivity(actx, ActivityCallDataSource, CallDataSourceRequest{
					DataSourceID: def.ID, Config: def.Config, Params: c.Params,
				}).Get(actx, &res)
				if err != nil {
					if !failed && gctx.Err() == nil {
						failed = true
						cancelCalls()
						m.FetchFailed(f, c, dataSourceError(err))
					}
					return
				}
				results[i] = res.Data
			})
		}
		if running == 0 && (failed || next == len(f.Calls)) {
			break
		}
		if err := workflow.Await(ctx, func() bool { return running == 0 || canStart() }); err != nil {
			return // cancelled: the main loop records it
		}
	}
	if !failed && ctx.Err() == nil {
		m.FetchDone(f, results)
	}
}

// dataSourceError is a failed data source activity as a step error: the call's own kind
// (DATASOURCE_HTTP_STATUS...) with its message, which carries the status and a bounded
// excerpt of the body.
func dataSourceError(err error) *Error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() != "" {
		return &Error{Code: interp.Code(app.Type()), Message: app.Message()}
	}
	var timeout *temporal.TimeoutError
	if errors.As(err, &timeout) {
		return &Error{Code: interp.Code(datasource.KindTimeout), Message: "the call did not finish within the activity's timeout: " + err.Error()}
	}
	return &Error{Code: interp.CodeDataSourceFailed, Message: err.Error()}
}
