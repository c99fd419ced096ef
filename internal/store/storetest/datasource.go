package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func dataSourceRecord(name string) *store.DataSource {
	now := tick()
	return &store.DataSource{ID: id.New(), Name: name, Kind: store.DataSourceHTTP, CreatedAt: now, UpdatedAt: now,
		Config: json.RawMessage(`{"method":"GET","url":"https://crm.example.com/customers/{{id}}","headers":{"Accept":"application/json"},"timeoutMs":5000,"secretEnv":"CRM_TOKEN"}`)}
}

func testDataSources(t *testing.T, s store.Store) {
	ctx := context.Background()
	d := dataSourceRecord("crm")
	wantErr(t, "CreateDataSource", s.CreateDataSource(ctx, d), nil)
	got, err := s.GetDataSource(ctx, d.ID)
	wantErr(t, "GetDataSource", err, nil)
	if !reflect.DeepEqual(got, d) {
		t.Fatalf("GetDataSource = %+v, want %+v", got, d)
	}
	d.Name, d.Config, d.UpdatedAt = "crm v2", json.RawMessage(`{"method":"POST","url":"https://crm.example.com/v2"}`), tick()
	wantErr(t, "UpdateDataSource", s.UpdateDataSource(ctx, d), nil)
	got, err = s.GetDataSource(ctx, d.ID)
	wantErr(t, "GetDataSource after update", err, nil)
	if !reflect.DeepEqual(got, d) {
		t.Fatalf("GetDataSource after update = %+v, want %+v", got, d)
	}
	other := dataSourceRecord("kyc")
	wantErr(t, "CreateDataSource", s.CreateDataSource(ctx, other), nil)
	renamed := *other
	renamed.Name, renamed.UpdatedAt = "crm v2", tick()

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"used name", s.CreateDataSource(ctx, dataSourceRecord("crm v2")), store.ErrDuplicate},
		{"rename to a used name", s.UpdateDataSource(ctx, &renamed), store.ErrDuplicate},
		{"get missing", errOf(s.GetDataSource(ctx, id.New())), store.ErrNotFound},
		{"update missing", s.UpdateDataSource(ctx, dataSourceRecord("x")), store.ErrNotFound},
		{"delete missing", s.DeleteDataSource(ctx, id.New()), store.ErrNotFound},
		{"delete", s.DeleteDataSource(ctx, other.ID), nil},
		{"get deleted", errOf(s.GetDataSource(ctx, other.ID)), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	list, err := s.ListDataSources(ctx, store.DataSourceFilter{Kind: store.DataSourceHTTP})
	wantErr(t, "ListDataSources", err, nil)
	sameIDs(t, "ListDataSources", ids(list, func(x store.DataSource) string { return x.ID }), []string{d.ID})

	for name, mutate := range map[string]func(*store.DataSource){
		"an unknown kind":          func(d *store.DataSource) { d.Kind = "grpc" },
		"a config that is a list":  func(d *store.DataSource) { d.Config = json.RawMessage(`[]`) },
		"a config that is no JSON": func(d *store.DataSource) { d.Config = json.RawMessage(`{`) },
	} {
		d := dataSourceRecord(id.New())
		mutate(d)
		if err := s.CreateDataSource(ctx, d); err == nil {
			t.Errorf("CreateDataSource with %s succeeded", name)
		}
	}
}
