package store

import (
	"context"
	"encoding/json"
	"time"
)

// DataSourceQuerier stores data sources (SPEC §8).
type DataSourceQuerier interface {
	// CreateDataSource inserts d; ErrDuplicate when its name (or id) is taken.
	CreateDataSource(ctx context.Context, d *DataSource) error
	GetDataSource(ctx context.Context, id string) (*DataSource, error)
	ListDataSources(ctx context.Context, f DataSourceFilter) ([]DataSource, error)
	// UpdateDataSource writes name, kind, config and updated_at.
	UpdateDataSource(ctx context.Context, d *DataSource) error
	DeleteDataSource(ctx context.Context, id string) error
}

// DataSourceKind is how a data source is called.
type DataSourceKind string

// DataSourceHTTP is the only kind so far: an HTTP request.
const DataSourceHTTP DataSourceKind = "http"

// DataSource is a named external call that DataSourceCall steps use.
type DataSource struct {
	ID   string
	Name string
	Kind DataSourceKind
	// Config is the kind's settings as a JSON object: for http, method, URL template, headers,
	// timeout and the name of the environment variable holding the secret. Never a secret
	// value: the app layer refuses one before it writes.
	Config    json.RawMessage
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DataSourceFilter selects data sources; empty fields do not filter.
type DataSourceFilter struct {
	Page
	Kind DataSourceKind
}
