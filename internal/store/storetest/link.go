package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testLinks(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	other := newTemplate(t, s, "u")
	l := newLink(t, s, tpl.ID, store.EntityServiceCatalog, "incorporation")

	got, err := s.GetLink(ctx, l.ID)
	wantErr(t, "GetLink", err, nil)
	if !reflect.DeepEqual(got, l) {
		t.Fatalf("GetLink = %+v, want %+v", got, l)
	}
	got, err = s.GetLinkByEntity(ctx, store.EntityServiceCatalog, "incorporation")
	wantErr(t, "GetLinkByEntity", err, nil)
	if !reflect.DeepEqual(got, l) {
		t.Fatalf("GetLinkByEntity = %+v, want %+v", got, l)
	}

	link := func(templateID string, et store.EntityType, entityID string) *store.Link {
		return &store.Link{ID: id.New(), TemplateID: templateID, EntityType: et, EntityID: entityID, CreatedAt: tick()}
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"entity linked twice", s.CreateLink(ctx, link(other.ID, store.EntityServiceCatalog, "incorporation")), store.ErrDuplicate},
		{"same id, other kind of entity", s.CreateLink(ctx, link(other.ID, store.EntityProduct, "incorporation")), nil},
		{"no such template", s.CreateLink(ctx, link(id.New(), store.EntityProduct, "p2")), store.ErrNotFound},
		{"get missing", errOf(s.GetLink(ctx, id.New())), store.ErrNotFound},
		{"entity without a link", errOf(s.GetLinkByEntity(ctx, store.EntityProduct, "nothing")), store.ErrNotFound},
		{"delete missing", s.DeleteLink(ctx, id.New()), store.ErrNotFound},
		{"delete", s.DeleteLink(ctx, l.ID), nil},
		{"get deleted", errOf(s.GetLink(ctx, l.ID)), store.ErrNotFound},
		{"relink the entity after the delete", s.CreateLink(ctx, link(other.ID, store.EntityServiceCatalog, "incorporation")), nil},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
}

func testUpdateLink(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	other := newTemplate(t, s, "u")
	l := newLink(t, s, tpl.ID, store.EntityServiceCatalog, "incorporation")
	taken := newLink(t, s, tpl.ID, store.EntityProduct, "taken")

	edit := func(templateID string, et store.EntityType, entityID string) *store.Link {
		c := *l
		c.TemplateID, c.EntityType, c.EntityID = templateID, et, entityID
		return &c
	}
	tests := []struct {
		name string
		l    *store.Link
		want error
	}{
		{"another template", edit(other.ID, store.EntityServiceCatalog, "incorporation"), nil},
		{"another entity", edit(other.ID, store.EntityProduct, "p1"), nil},
		{"an entity another link has", edit(other.ID, store.EntityProduct, "taken"), store.ErrDuplicate},
		{"no such template", edit(id.New(), store.EntityProduct, "p1"), store.ErrNotFound},
		{"no such link", &store.Link{ID: id.New(), TemplateID: tpl.ID, EntityType: store.EntityProduct, EntityID: "p9"}, store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, s.UpdateLink(ctx, tt.l), tt.want)
	}
	got, err := s.GetLink(ctx, l.ID)
	wantErr(t, "GetLink", err, nil)
	// The last successful edit stays; the refused ones changed nothing, and created_at is kept.
	if want := edit(other.ID, store.EntityProduct, "p1"); !reflect.DeepEqual(got, want) {
		t.Fatalf("GetLink after the edits = %+v, want %+v", got, want)
	}
	if got, err := s.GetLink(ctx, taken.ID); err != nil || !reflect.DeepEqual(got, taken) {
		t.Fatalf("the other link = %+v, %v; want it unchanged", got, err)
	}
}

func testCascades(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "deleted")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	tpl.ActiveVersionID, tpl.UpdatedAt = &v.ID, tick()
	wantErr(t, "UpdateTemplate", s.UpdateTemplate(ctx, tpl), nil)
	l := newLink(t, s, tpl.ID, store.EntityProduct, "p1")

	kept := newTemplate(t, s, "kept")
	kv := newVersion(t, s, kept.ID, "1.0.0", store.VersionPublished)
	newExecution(t, s, kv.ID, nil)
	kl := newLink(t, s, kept.ID, store.EntityProduct, "p2")

	// A template without executions goes with its versions and links.
	wantErr(t, "DeleteTemplate", s.DeleteTemplate(ctx, tpl.ID), nil)
	wantErr(t, "version of a deleted template", errOf(s.GetVersion(ctx, v.ID)), store.ErrNotFound)
	wantErr(t, "link of a deleted template", errOf(s.GetLink(ctx, l.ID)), store.ErrNotFound)

	// One with executions stays whole.
	wantErr(t, "DeleteTemplate with executions", s.DeleteTemplate(ctx, kept.ID), store.ErrReferenced)
	wantErr(t, "template of a refused delete", errOf(s.GetTemplate(ctx, kept.ID)), nil)
	wantErr(t, "version of a refused delete", errOf(s.GetVersion(ctx, kv.ID)), nil)
	wantErr(t, "link of a refused delete", errOf(s.GetLink(ctx, kl.ID)), nil)
}
