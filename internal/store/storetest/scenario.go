package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testScenarios(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "scenarios")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionDraft)
	now := tick()
	a := &store.Scenario{VersionID: v.ID, Name: "approved", CreatedAt: now, UpdatedAt: now,
		Document: json.RawMessage(`{"name":"approved","script":{"steps":{"review":[{"output":{"approved":true}}]}}}`)}
	b := &store.Scenario{VersionID: v.ID, Name: "Ärger & rework", CreatedAt: now, UpdatedAt: now,
		Document: json.RawMessage(`{"name":"Ärger & rework","context":{"n":1.50}}`)}
	wantErr(t, "PutScenario b", s.PutScenario(ctx, b), nil)
	wantErr(t, "PutScenario a", s.PutScenario(ctx, a), nil)
	got, err := s.ListScenarios(ctx, v.ID)
	wantErr(t, "ListScenarios", err, nil)
	if !reflect.DeepEqual(got, []store.Scenario{*a, *b}) {
		t.Fatalf("ListScenarios = %+v, want a then b, byte for byte", got)
	}
	// Saving under a used name replaces the document and keeps created_at.
	replaced := *a
	replaced.Document, replaced.CreatedAt, replaced.UpdatedAt = json.RawMessage(`{"name":"approved","expect":{"status":"Completed"}}`), tick(), tick()
	wantErr(t, "PutScenario replace", s.PutScenario(ctx, &replaced), nil)
	got, err = s.ListScenarios(ctx, v.ID)
	wantErr(t, "ListScenarios after replace", err, nil)
	want := replaced
	want.CreatedAt = a.CreatedAt
	if len(got) != 2 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("after replace = %+v, want %+v", got, want)
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"put on a missing version", s.PutScenario(ctx, &store.Scenario{VersionID: id.New(), Name: "x", Document: json.RawMessage(`{}`), CreatedAt: now, UpdatedAt: now}), store.ErrNotFound},
		{"delete missing", s.DeleteScenario(ctx, v.ID, "nope"), store.ErrNotFound},
		{"delete", s.DeleteScenario(ctx, v.ID, a.Name), nil},
		{"delete again", s.DeleteScenario(ctx, v.ID, a.Name), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	got, err = s.ListScenarios(ctx, v.ID)
	wantErr(t, "ListScenarios after delete", err, nil)
	if len(got) != 1 || got[0].Name != b.Name {
		t.Fatalf("after delete = %+v, want only %q", got, b.Name)
	}
	// Deleting the version deletes its scenarios.
	wantErr(t, "DeleteVersion", s.DeleteVersion(ctx, v.ID, v.UpdatedAt), nil)
	got, err = s.ListScenarios(ctx, v.ID)
	wantErr(t, "ListScenarios of a deleted version", err, nil)
	if len(got) != 0 {
		t.Fatalf("scenarios outlived their version: %+v", got)
	}
}
