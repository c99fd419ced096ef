package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/datasource"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// DataSourceInput is a data source's name, kind and configuration (SPEC §8).
type DataSourceInput struct {
	Name string
	Kind store.DataSourceKind
	// Config is the kind's configuration; for http, what datasource.ParseConfig accepts: method,
	// URL template, headers, timeout, and the NAME of the environment variable holding a secret.
	Config json.RawMessage
}

// checkDataSource validates in and returns its configuration compacted. The configuration is
// parsed strictly (unknown fields refused), so a secret value cannot be stored under any field
// name: credentials in headers and anything but an environment variable name in auth are refused
// too.
func checkDataSource(in DataSourceInput) (json.RawMessage, error) {
	if strings.TrimSpace(in.Name) == "" {
		return nil, errorf(CodeInvalidRequest, "name must not be empty")
	}
	if err := checkText("name", in.Name); err != nil {
		return nil, err
	}
	if in.Kind != store.DataSourceHTTP {
		return nil, errorf(CodeInvalidRequest, "kind must be %q", store.DataSourceHTTP)
	}
	if _, err := datasource.ParseConfig(in.Config); err != nil {
		return nil, errorf(CodeInvalidRequest, "%v", err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, in.Config); err != nil {
		return nil, errorf(CodeInvalidRequest, "config is not JSON: %v", err)
	}
	return buf.Bytes(), nil
}

// CreateDataSource stores a data source; a taken name is already_exists.
func (s *Service) CreateDataSource(ctx context.Context, in DataSourceInput) (*store.DataSource, error) {
	cfg, err := checkDataSource(in)
	if err != nil {
		return nil, err
	}
	t := now()
	d := &store.DataSource{ID: id.New(), Name: in.Name, Kind: in.Kind, Config: cfg, CreatedAt: t, UpdatedAt: t}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateDataSource(ctx, d); err != nil {
			return dataSourceWriteErr(err, d)
		}
		return s.audit(ctx, q, "data_source.create", "data_source", d.ID, nil, dataSourceAudit(d))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// UpdateDataSource replaces a data source's name, kind and configuration. Running executions
// read the configuration when their step calls it, so a change applies to later calls.
func (s *Service) UpdateDataSource(ctx context.Context, dataSourceID string, in DataSourceInput) (*store.DataSource, error) {
	cfg, err := checkDataSource(in)
	if err != nil {
		return nil, err
	}
	var d *store.DataSource
	err = s.store.InTx(ctx, func(q store.Querier) error {
		old, err := q.GetDataSource(ctx, dataSourceID)
		if err != nil {
			return storeErr(err, "data source", dataSourceID, "getting data source "+dataSourceID)
		}
		d = &store.DataSource{ID: old.ID, Name: in.Name, Kind: in.Kind, Config: cfg, CreatedAt: old.CreatedAt, UpdatedAt: after(old.UpdatedAt)}
		if err := q.UpdateDataSource(ctx, d); err != nil {
			return dataSourceWriteErr(err, d)
		}
		return s.audit(ctx, q, "data_source.update", "data_source", d.ID, dataSourceAudit(old), dataSourceAudit(d))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDataSource deletes a data source; in_use while a PUBLISHED or DEPRECATED definition
// calls it (a step of a running execution may still need it). Drafts may name a missing one.
func (s *Service) DeleteDataSource(ctx context.Context, dataSourceID string) error {
	return s.store.InTx(ctx, func(q store.Querier) error {
		old, err := q.GetDataSource(ctx, dataSourceID)
		if err != nil {
			return storeErr(err, "data source", dataSourceID, "getting data source "+dataSourceID)
		}
		users, err := versionsCalling(ctx, q, dataSourceID)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return errorf(CodeInUse, "data source %s is called by version(s) %s", dataSourceID, strings.Join(users, ", "))
		}
		if err := q.DeleteDataSource(ctx, dataSourceID); err != nil {
			return storeErr(err, "data source", dataSourceID, "deleting data source "+dataSourceID)
		}
		return s.audit(ctx, q, "data_source.delete", "data_source", dataSourceID, dataSourceAudit(old), nil)
	})
}

// GetDataSource returns one data source.
func (s *Service) GetDataSource(ctx context.Context, dataSourceID string) (*store.DataSource, error) {
	d, err := s.store.GetDataSource(ctx, dataSourceID)
	if err != nil {
		return nil, storeErr(err, "data source", dataSourceID, "getting data source "+dataSourceID)
	}
	return d, nil
}

// ListDataSources returns one page of data sources.
func (s *Service) ListDataSources(ctx context.Context, f store.DataSourceFilter) (Page[store.DataSource], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.DataSource]{}, err
	}
	items, err := s.store.ListDataSources(ctx, f)
	if err != nil {
		return Page[store.DataSource]{}, fmt.Errorf("listing data sources: %w", err)
	}
	return page(items, limit, func(d store.DataSource) store.Cursor { return store.Cursor{CreatedAt: d.CreatedAt, ID: d.ID} }), nil
}

// versionsCalling lists the PUBLISHED and DEPRECATED versions with a step that calls the data
// source. Definitions name data sources inside their JSON, which no foreign key sees.
func versionsCalling(ctx context.Context, q store.Querier, dataSourceID string) ([]string, error) {
	var users []string
	err := eachRunnableVersion(ctx, q, dataSourceID, func(v store.Version) {
		if calls(v.Definition, dataSourceID) {
			users = append(users, v.ID)
		}
	})
	return users, err
}

func calls(def json.RawMessage, dataSourceID string) bool {
	d, err := definition.Decode(def)
	if err != nil {
		return false
	}
	for _, st := range d.Steps {
		for _, c := range st.DataSources {
			if c.DataSourceID == dataSourceID {
				return true
			}
		}
	}
	return false
}

func dataSourceWriteErr(err error, d *store.DataSource) error {
	switch {
	case errors.Is(err, store.ErrDuplicate):
		return errorf(CodeAlreadyExists, "a data source named %q exists", d.Name)
	case errors.Is(err, store.ErrNotFound):
		return errorf(CodeNotFound, "data source %s not found", d.ID)
	}
	return fmt.Errorf("writing data source %s: %w", d.ID, err)
}

// dataSourceAudit is a data source as the audit log keeps it: the configuration holds no
// secret, so all of it.
func dataSourceAudit(d *store.DataSource) map[string]any {
	return map[string]any{"name": d.Name, "kind": d.Kind, "config": d.Config}
}
