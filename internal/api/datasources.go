package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// DataSource is a named external call that sub-workflow steps make (SPEC §8).
type DataSource struct {
	ID        string               `json:"id"`
	Name      string               `json:"name"`
	Kind      store.DataSourceKind `json:"kind" enum:"http"`
	Config    json.RawMessage      `json:"config" doc:"For http: method, url (template), headers, body, timeoutMs, maxResponseBytes, auth {type, header, secretEnv}. See docs/datasources.md."`
	CreatedAt time.Time            `json:"createdAt"`
	UpdatedAt time.Time            `json:"updatedAt"`
}

func dataSourceOf(d store.DataSource) DataSource {
	return DataSource{ID: d.ID, Name: d.Name, Kind: d.Kind, Config: d.Config, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

// DataSourceBody is what a client writes.
type DataSourceBody struct {
	Name   string          `json:"name" minLength:"1" maxLength:"200" doc:"Unique."`
	Kind   string          `json:"kind" enum:"http"`
	Config json.RawMessage `json:"config" doc:"The kind's configuration. Secrets are never stored: auth.secretEnv names the environment variable (WFB_SECRET_...) the worker reads."`
}

func (b DataSourceBody) input() app.DataSourceInput {
	return app.DataSourceInput{Name: b.Name, Kind: store.DataSourceKind(b.Kind), Config: b.Config}
}

// DataSourcePath is the {id} of a data-source route.
type DataSourcePath struct {
	ID string `path:"id" doc:"Data source id."`
}

func (p DataSourcePath) check() error {
	if !id.Valid(p.ID) {
		return notFound("data source", p.ID)
	}
	return nil
}

type dataSourceOutput struct {
	Body DataSource
}

type createDataSourceInput struct {
	Body DataSourceBody
}

type putDataSourceInput struct {
	DataSourcePath
	Body DataSourceBody
}

type listDataSourcesInput struct {
	ListParams
	Kind string `query:"kind" enum:"http" doc:"Only data sources of this kind."`
}

type listDataSourcesOutput struct {
	Body listBody[DataSource]
}

func (s *server) registerDataSources(api huma.API) {
	tags := []string{"Data sources"}
	const rules = "The configuration is parsed strictly (unknown fields, a credential header, or anything but a WFB_SECRET_ variable name in auth.secretEnv " +
		"are 400 invalid_request); a taken name is 409 already_exists."
	huma.Register(api, huma.Operation{
		OperationID: "createDataSource", Method: http.MethodPost, Path: "/v1/data-sources", Tags: tags,
		Summary: "Create a data source", Description: rules,
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *createDataSourceInput) (*dataSourceOutput, error) {
		d, err := s.app.CreateDataSource(ctx, in.Body.input())
		if err != nil {
			return nil, problemOf(err)
		}
		return &dataSourceOutput{Body: dataSourceOf(*d)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listDataSources", Method: http.MethodGet, Path: "/v1/data-sources", Tags: tags,
		Summary: "List data sources", Errors: []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listDataSourcesInput) (*listDataSourcesOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListDataSources(ctx, store.DataSourceFilter{Page: pg, Kind: store.DataSourceKind(in.Kind)})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listDataSourcesOutput{Body: listOf(p, dataSourceOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getDataSource", Method: http.MethodGet, Path: "/v1/data-sources/{id}", Tags: tags,
		Summary: "Get a data source", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *DataSourcePath) (*dataSourceOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		d, err := s.app.GetDataSource(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &dataSourceOutput{Body: dataSourceOf(*d)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "putDataSource", Method: http.MethodPut, Path: "/v1/data-sources/{id}", Tags: tags,
		Summary: "Replace a data source", Description: rules + " Later calls use the new configuration.",
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *putDataSourceInput) (*dataSourceOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		d, err := s.app.UpdateDataSource(ctx, in.ID, in.Body.input())
		if err != nil {
			return nil, problemOf(err)
		}
		return &dataSourceOutput{Body: dataSourceOf(*d)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "deleteDataSource", Method: http.MethodDelete, Path: "/v1/data-sources/{id}", Tags: tags,
		Summary:       "Delete a data source",
		Description:   "409 in_use while a PUBLISHED or DEPRECATED definition calls it.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *DataSourcePath) (*struct{}, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		if err := s.app.DeleteDataSource(ctx, in.ID); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})
}
