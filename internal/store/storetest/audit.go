package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func auditRecord(actor, action, targetType, targetID string) *store.AuditEntry {
	return &store.AuditEntry{ID: id.New(), At: tick(), Actor: actor, Role: "admin", Action: action,
		TargetType: targetType, TargetID: targetID}
}

func testAudit(t *testing.T, s store.Store) {
	ctx := context.Background()
	publish := auditRecord("key-1", "version.publish", "version", "v1")
	publish.Before, publish.After = json.RawMessage(`{"status":"DRAFT"}`), json.RawMessage(`{"status":"PUBLISHED"}`)
	publish.RequestID = ptr("req-1")
	activate := auditRecord("key-1", "version.activate", "template", "t1")
	complete := auditRecord("ada", "task.complete", "human_task", "h1")
	complete.After = json.RawMessage(`{"outputData":{"ok":true}}`)
	deprecate := auditRecord("key-2", "version.deprecate", "version", "v2")
	all := []*store.AuditEntry{publish, activate, complete, deprecate}
	for _, e := range all {
		wantErr(t, "AppendAudit", s.AppendAudit(ctx, e), nil)
	}
	got, err := s.ListAudit(ctx, store.AuditFilter{})
	wantErr(t, "ListAudit", err, nil)
	if len(got) != len(all) {
		t.Fatalf("ListAudit returned %d entries, want %d", len(got), len(all))
	}
	for i, want := range all {
		if !reflect.DeepEqual(&got[i], want) {
			t.Fatalf("entry %d = %+v, want %+v", i, got[i], *want)
		}
	}
	wantErr(t, "AppendAudit with a used id", s.AppendAudit(ctx, publish), store.ErrDuplicate)

	key := func(e store.AuditEntry) string { return e.ID }
	tests := []struct {
		name string
		f    store.AuditFilter
		want []*store.AuditEntry
	}{
		{"actor", store.AuditFilter{Actor: "key-1"}, []*store.AuditEntry{publish, activate}},
		{"action", store.AuditFilter{Action: "task.complete"}, []*store.AuditEntry{complete}},
		{"target type", store.AuditFilter{TargetType: "version"}, []*store.AuditEntry{publish, deprecate}},
		{"one target", store.AuditFilter{TargetType: "version", TargetID: "v2"}, []*store.AuditEntry{deprecate}},
		{"since, inclusive", store.AuditFilter{Since: &activate.At}, []*store.AuditEntry{activate, complete, deprecate}},
		{"until, exclusive", store.AuditFilter{Until: &complete.At}, []*store.AuditEntry{publish, activate}},
		{"actor in a window", store.AuditFilter{Actor: "key-1", Since: &activate.At, Until: &deprecate.At}, []*store.AuditEntry{activate}},
		{"newest first", store.AuditFilter{Page: store.Page{Desc: true, Limit: 2}}, []*store.AuditEntry{deprecate, complete}},
		{"after a cursor", store.AuditFilter{Page: store.Page{After: &store.Cursor{CreatedAt: activate.At, ID: activate.ID}}},
			[]*store.AuditEntry{complete, deprecate}},
	}
	for _, tt := range tests {
		got, err := s.ListAudit(ctx, tt.f)
		wantErr(t, tt.name, err, nil)
		want := make([]string, len(tt.want))
		for i, e := range tt.want {
			want[i] = e.ID
		}
		sameIDs(t, "audit "+tt.name, ids(got, key), want)
	}
}
