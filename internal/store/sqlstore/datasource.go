package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const dataSourceCols = "id, name, kind, config, created_at, updated_at"

func scanDataSource(r scanner, d *store.DataSource) error {
	return r.Scan(&d.ID, &d.Name, &d.Kind, jsonCol{&d.Config}, timeCol{&d.CreatedAt}, timeCol{&d.UpdatedAt})
}

// CreateDataSource inserts d.
func (q querier) CreateDataSource(ctx context.Context, d *store.DataSource) error {
	d.CreatedAt, d.UpdatedAt = norm(d.CreatedAt), norm(d.UpdatedAt)
	_, err := q.exec(ctx, "INSERT INTO data_sources ("+dataSourceCols+") VALUES (?, ?, ?, ?, ?, ?)",
		d.ID, d.Name, string(d.Kind), bindJSON(d.Config), q.bindTime(d.CreatedAt), q.bindTime(d.UpdatedAt))
	if err != nil {
		return fmt.Errorf("creating data source %s: %w", d.ID, q.writeErr(err))
	}
	return nil
}

// GetDataSource reads one data source.
func (q querier) GetDataSource(ctx context.Context, id string) (*store.DataSource, error) {
	var d store.DataSource
	err := scanDataSource(q.queryRow(ctx, "SELECT "+dataSourceCols+" FROM data_sources WHERE id = ?", id), &d)
	if err != nil {
		return nil, fmt.Errorf("getting data source %s: %w", id, rowErr(err))
	}
	return &d, nil
}

// ListDataSources lists one page of data sources.
func (q querier) ListDataSources(ctx context.Context, f store.DataSourceFilter) ([]store.DataSource, error) {
	query, args := q.dataSourcesQuery(f)
	ds, err := list(ctx, q, query, args, scanDataSource)
	if err != nil {
		return nil, fmt.Errorf("listing data sources: %w", err)
	}
	return ds, nil
}

func (q querier) dataSourcesQuery(f store.DataSourceFilter) (string, []any) {
	var c conds
	c.eq("kind", string(f.Kind))
	return q.page("SELECT "+dataSourceCols+" FROM data_sources", c, f.Page)
}

// UpdateDataSource writes the mutable fields of d.
func (q querier) UpdateDataSource(ctx context.Context, d *store.DataSource) error {
	d.UpdatedAt = norm(d.UpdatedAt)
	n, err := q.exec(ctx, "UPDATE data_sources SET name = ?, kind = ?, config = ?, updated_at = ? WHERE id = ?",
		d.Name, string(d.Kind), bindJSON(d.Config), q.bindTime(d.UpdatedAt), d.ID)
	if err != nil {
		return fmt.Errorf("updating data source %s: %w", d.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating data source %s: %w", d.ID, store.ErrNotFound)
	}
	return nil
}

// DeleteDataSource deletes one data source. Definitions name data sources inside their JSON,
// which no foreign key sees: whether one is still used is the app layer's check.
func (q querier) DeleteDataSource(ctx context.Context, id string) error {
	n, err := q.exec(ctx, "DELETE FROM data_sources WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting data source %s: %w", id, q.deleteErr(err))
	}
	if n == 0 {
		return fmt.Errorf("deleting data source %s: %w", id, store.ErrNotFound)
	}
	return nil
}
