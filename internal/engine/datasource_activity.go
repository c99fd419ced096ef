package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/store"
)

// DataSourceLoader loads a data source's stored definition for the engine. The worker's
// ActivityLoadDataSource calls it; [Persistence] implements it over the store.
type DataSourceLoader interface {
	LoadDataSource(ctx context.Context, id string) (*DataSourceDef, error)
}

// DataSourceDef is what the workflow needs of a data source: its configuration (which holds
// no secret, only the names of environment variables) and its timeout, from which the call
// activity's timeout is derived.
type DataSourceDef struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Config    json.RawMessage `json:"config"`
	TimeoutMs int             `json:"timeoutMs"`
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

// LoadDataSource reads a data source and checks that its configuration is one the engine can
// call. Unknown ids and bad configurations are non-retryable: they fail the same way every time.
func (p Persistence) LoadDataSource(ctx context.Context, id string) (*DataSourceDef, error) {
	d, err := p.Store.GetDataSource(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errorf(CodeDataSourceNotFound, "data source %s does not exist", id).applicationError()
	}
	if err != nil {
		return nil, fmt.Errorf("loading data source %s: %w", id, err)
	}
	return checkDataSource(d.ID, d.Name, string(d.Kind), d.Config)
}

// checkDataSource validates a stored data source for a call.
func checkDataSource(id, name, kind string, config json.RawMessage) (*DataSourceDef, error) {
	if kind != string(store.DataSourceHTTP) {
		return nil, errorf(string(datasource.KindConfig), "data source %s is of kind %q; this engine calls only %q", id, kind, store.DataSourceHTTP).applicationError()
	}
	cfg, err := datasource.ParseConfig(config)
	if err != nil {
		return nil, errorf(string(datasource.KindConfig), "data source %s: %v", id, err).applicationError()
	}
	return &DataSourceDef{ID: id, Name: name, Config: config, TimeoutMs: int(cfg.Timeout().Milliseconds())}, nil
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
		return nil, errorf(CodeUnsupported, "this worker has no store to load data sources from").applicationError()
	}
	return a.dataSources.LoadDataSource(ctx, id)
}
