package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testVersions(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	other := newTemplate(t, s, "u")
	v := versionRecord(tpl.ID, "1.0.0", store.VersionDraft)
	v.VersionNote = ptr("first")
	wantErr(t, "CreateVersion", s.CreateVersion(ctx, v), nil)
	got, err := s.GetVersion(ctx, v.ID)
	wantErr(t, "GetVersion", err, nil)
	if !reflect.DeepEqual(got, v) {
		t.Fatalf("GetVersion = %+v, want %+v", got, v)
	}

	// Publishing writes every mutable field.
	token := v.UpdatedAt
	now := tick()
	v.VersionNote, v.Definition, v.Status = ptr("second"), json.RawMessage(`{"steps":{"a":{}}}`), store.VersionPublished
	v.PublishedAt, v.PublishedBy, v.UpdatedAt = &now, ptr("ops@example.com"), now
	wantErr(t, "UpdateVersion", s.UpdateVersion(ctx, v, token), nil)
	got, err = s.GetVersion(ctx, v.ID)
	wantErr(t, "GetVersion after update", err, nil)
	if !reflect.DeepEqual(got, v) {
		t.Fatalf("GetVersion after update = %+v, want %+v", got, v)
	}

	dupID := versionRecord(tpl.ID, "9.0.0", store.VersionDraft)
	dupID.ID = v.ID
	draft := newVersion(t, s, tpl.ID, "1.1.0", store.VersionDraft)
	executed := newVersion(t, s, tpl.ID, "1.2.0", store.VersionPublished)
	newExecution(t, s, executed.ID, nil)
	stale := *draft
	stale.VersionNote, stale.UpdatedAt = ptr("lost"), tick()
	missing := id.New()

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"same version string in the template", s.CreateVersion(ctx, versionRecord(tpl.ID, "1.0.0", store.VersionDraft)), store.ErrDuplicate},
		{"same version string in another template", s.CreateVersion(ctx, versionRecord(other.ID, "1.0.0", store.VersionDraft)), nil},
		{"used id", s.CreateVersion(ctx, dupID), store.ErrDuplicate},
		{"no such template", s.CreateVersion(ctx, versionRecord(id.New(), "1.0.0", store.VersionDraft)), store.ErrNotFound},
		{"get missing", errOf(s.GetVersion(ctx, missing)), store.ErrNotFound},
		{"update with an old token", s.UpdateVersion(ctx, &stale, token), store.ErrStale},
		{"update missing", s.UpdateVersion(ctx, &store.Version{ID: missing, Definition: json.RawMessage(`{}`), Status: store.VersionDraft, UpdatedAt: tick()}, token), store.ErrNotFound},
		{"delete with an old token", s.DeleteVersion(ctx, draft.ID, token), store.ErrStale},
		{"delete missing", s.DeleteVersion(ctx, missing, token), store.ErrNotFound},
		{"delete a version executions ran on", s.DeleteVersion(ctx, executed.ID, executed.UpdatedAt), store.ErrReferenced},
		{"delete", s.DeleteVersion(ctx, draft.ID, draft.UpdatedAt), nil},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	_, err = s.GetVersion(ctx, draft.ID)
	wantErr(t, "GetVersion after delete", err, store.ErrNotFound)
	if _, err := s.GetVersion(ctx, executed.ID); err != nil {
		t.Fatalf("a refused delete removed the version: %v", err)
	}
}

func testVersionOptimistic(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionDraft)
	read, err := s.GetVersion(ctx, v.ID)
	wantErr(t, "GetVersion", err, nil)

	// Two editors read the same draft; the first write wins, the second is stale and lost.
	first, second := *read, *read
	first.VersionNote, first.UpdatedAt = ptr("first"), tick()
	second.VersionNote, second.UpdatedAt = ptr("second"), tick()
	wantErr(t, "first write", s.UpdateVersion(ctx, &first, read.UpdatedAt), nil)
	wantErr(t, "second write", s.UpdateVersion(ctx, &second, read.UpdatedAt), store.ErrStale)
	got, err := s.GetVersion(ctx, v.ID)
	wantErr(t, "GetVersion", err, nil)
	if *got.VersionNote != "first" || !got.UpdatedAt.Equal(first.UpdatedAt) {
		t.Fatalf("after a stale write: note %q updated %v, want %q %v", *got.VersionNote, got.UpdatedAt, "first", first.UpdatedAt)
	}
	// The token written by an update is the token a later write must send.
	third := *got
	third.VersionNote, third.UpdatedAt = ptr("third"), tick()
	wantErr(t, "write with the token just read", s.UpdateVersion(ctx, &third, first.UpdatedAt), nil)
}
