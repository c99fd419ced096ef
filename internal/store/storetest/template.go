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

// testTemplateVersionSummary checks what GetTemplate and ListTemplates read of a template's
// versions: the active one's semver and their count, per template (no row sees another's).
func testTemplateVersionSummary(t *testing.T, s store.Store) {
	ctx := context.Background()
	none := newTemplate(t, s, "summary none")
	drafts := newTemplate(t, s, "summary drafts")
	active := newTemplate(t, s, "summary active")
	newVersion(t, s, drafts.ID, "0.1.0", store.VersionDraft)
	newVersion(t, s, drafts.ID, "0.2.0", store.VersionDraft)
	newVersion(t, s, active.ID, "1.0.0", store.VersionPublished)
	v2 := newVersion(t, s, active.ID, "2.0.0", store.VersionPublished)
	newVersion(t, s, active.ID, "2.1.0", store.VersionDraft)
	a := *active
	a.ActiveVersionID, a.UpdatedAt = &v2.ID, tick()
	wantErr(t, "UpdateTemplate", s.UpdateTemplate(ctx, &a), nil)

	type summary struct {
		active *string
		count  int
	}
	want := map[string]summary{none.ID: {nil, 0}, drafts.ID: {nil, 2}, active.ID: {ptr("2.0.0"), 3}}
	check := func(what string, got store.Template) {
		t.Helper()
		w := want[got.ID]
		if !reflect.DeepEqual(got.ActiveVersion, w.active) || got.VersionCount != w.count {
			t.Errorf("%s %s: activeVersion %v, versionCount %d; want %v, %d", what, got.Name, deref(got.ActiveVersion), got.VersionCount, deref(w.active), w.count)
		}
	}
	for tid := range want {
		got, err := s.GetTemplate(ctx, tid)
		wantErr(t, "GetTemplate", err, nil)
		check("GetTemplate", *got)
	}
	list, err := s.ListTemplates(ctx, store.TemplateFilter{NameContains: "summary"})
	wantErr(t, "ListTemplates", err, nil)
	if len(list) != len(want) {
		t.Fatalf("ListTemplates returned %d templates, want %d", len(list), len(want))
	}
	for _, got := range list {
		check("ListTemplates", got)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
