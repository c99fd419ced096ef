package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testTemplates(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "Incorporation")
	got, err := s.GetTemplate(ctx, tpl.ID)
	wantErr(t, "GetTemplate", err, nil)
	if !reflect.DeepEqual(got, tpl) {
		t.Fatalf("GetTemplate = %+v, want %+v", got, tpl)
	}

	tpl.Name, tpl.Description, tpl.UpdatedAt = "Incorporation (UK)", ptr("Companies House"), tick()
	wantErr(t, "UpdateTemplate", s.UpdateTemplate(ctx, tpl), nil)
	got, err = s.GetTemplate(ctx, tpl.ID)
	wantErr(t, "GetTemplate after update", err, nil)
	if !reflect.DeepEqual(got, tpl) {
		t.Fatalf("GetTemplate after update = %+v, want %+v", got, tpl)
	}

	missing := id.New()
	dup := *tpl
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"create with a used id", s.CreateTemplate(ctx, &dup), store.ErrDuplicate},
		{"get missing", errOf(s.GetTemplate(ctx, missing)), store.ErrNotFound},
		{"update missing", s.UpdateTemplate(ctx, &store.Template{ID: missing, Name: "x", UpdatedAt: tick()}), store.ErrNotFound},
		{"delete missing", s.DeleteTemplate(ctx, missing), store.ErrNotFound},
		{"lock missing", s.InTx(ctx, func(q store.Querier) error { return q.LockTemplate(ctx, missing) }), store.ErrNotFound},
		{"lock", s.InTx(ctx, func(q store.Querier) error { return q.LockTemplate(ctx, tpl.ID) }), nil},
		{"lock outside a transaction", s.LockTemplate(ctx, tpl.ID), nil},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}

	wantErr(t, "DeleteTemplate", s.DeleteTemplate(ctx, tpl.ID), nil)
	_, err = s.GetTemplate(ctx, tpl.ID)
	wantErr(t, "GetTemplate after delete", err, store.ErrNotFound)
}

// errOf keeps the error of a two-value call.
func errOf[T any](_ T, err error) error { return err }

func testActiveVersion(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "a")
	other := newTemplate(t, s, "b")
	v1 := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	foreign := newVersion(t, s, other.ID, "1.0.0", store.VersionPublished)

	set := func(versionID *string) error {
		c := *tpl
		c.ActiveVersionID, c.UpdatedAt = versionID, tick()
		return s.UpdateTemplate(ctx, &c)
	}
	tests := []struct {
		name    string
		version *string
		want    error
	}{
		{"own version", &v1.ID, nil},
		{"another template's version", &foreign.ID, store.ErrNotFound},
		{"no such version", ptr(id.New()), store.ErrNotFound},
		{"none", nil, nil},
		{"own version again", &v1.ID, nil},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, set(tt.version), tt.want)
	}
	got, err := s.GetTemplate(ctx, tpl.ID)
	wantErr(t, "GetTemplate", err, nil)
	if got.ActiveVersionID == nil || *got.ActiveVersionID != v1.ID {
		t.Fatalf("active version = %v, want %s", got.ActiveVersionID, v1.ID)
	}
	// The active version cannot vanish from under the template.
	wantErr(t, "DeleteVersion of the active version", s.DeleteVersion(ctx, v1.ID, v1.UpdatedAt), store.ErrReferenced)
}
