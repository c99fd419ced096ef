package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// DataSourceLoader loads a data source's stored definition for the engine. The worker's
// ActivityLoadDataSource calls it; projection.Persistence implements it over the store. A
// failure that is an *interp.Error is not retried.
type DataSourceLoader interface {
	LoadDataSource(ctx context.Context, id string) (*DataSourceDef, error)
}

// CallDataSourceRequest is the argument of ActivityCallDataSource. The configuration travels
// with it, so every attempt of a call uses the configuration the step loaded.
type CallDataSourceRequest struct {
	DataSourceID string          `json:"dataSourceId"`
	Config       json.RawMessage `json:"config"`
	Params       map[string]any  `json:"params"`
}

// CallDataSourceResult is a successful call's answer: the HTTP status and the decoded body.
type CallDataSourceResult struct {
	Status int `json:"status"`
	Data   any `json:"data"`
}

// callDataSource makes one attempt of a call; Temporal retries it. A failure the datasource
// package classifies as transient is a retryable application error (with the server's
// Retry-After as the next delay, capped); any other is non-retryable. The error's type is the
// datasource.Kind, its message carries the status and a redacted excerpt of the body. Secrets
// are read from the worker's environment by the client and appear nowhere else.
func (a *activities) callDataSource(ctx context.Context, req CallDataSourceRequest) (*CallDataSourceResult, error) {
	cfg, err := datasource.ParseConfig(req.Config)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), string(datasource.KindConfig), nil)
	}
	res, err := a.http.Call(ctx, cfg, req.Params, nil)
	if err == nil {
		return &CallDataSourceResult{Status: res.Status, Data: res.Data}, nil
	}
	var de *datasource.Error
	if !errors.As(err, &de) {
		return nil, fmt.Errorf("calling data source %s: %w", req.DataSourceID, err)
	}
	if !de.Retryable() {
		return nil, temporal.NewNonRetryableApplicationError(de.Error(), string(de.Kind), nil)
	}
	return nil, temporal.NewApplicationErrorWithOptions(de.Error(), string(de.Kind), temporal.ApplicationErrorOptions{
		NextRetryDelay: min(de.RetryAfter, DataSourceMaxRetryInterval),
	})
}

func (a *activities) loadDataSource(ctx context.Context, id string) (*DataSourceDef, error) {
	if a.dataSources == nil {
		return nil, applicationError(interp.Errorf(interp.CodeUnsupported, "this worker has no store to load data sources from"))
	}
	def, err := a.dataSources.LoadDataSource(ctx, id)
	return def, asApplicationError(err)
}
