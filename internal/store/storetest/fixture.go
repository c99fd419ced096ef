package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// clock hands out distinct, increasing times, so rows created one after another have a
// predictable order even on a machine whose clock is coarse.
var clock atomic.Int64

func init() { clock.Store(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).UnixMicro()) }

func tick() time.Time { return time.UnixMicro(clock.Add(1000)).UTC() }

func ptr[T any](v T) *T { return &v }

func newTemplate(t *testing.T, q store.Querier, name string) *store.Template {
	t.Helper()
	now := tick()
	tpl := &store.Template{ID: id.New(), Name: name, CreatedAt: now, UpdatedAt: now}
	if err := q.CreateTemplate(context.Background(), tpl); err != nil {
		t.Fatalf("CreateTemplate: %v", err)
	}
	return tpl
}

func newVersion(t *testing.T, q store.Querier, templateID, version string, status store.VersionStatus) *store.Version {
	t.Helper()
	v := versionRecord(templateID, version, status)
	if err := q.CreateVersion(context.Background(), v); err != nil {
		t.Fatalf("CreateVersion: %v", err)
	}
	return v
}

func versionRecord(templateID, version string, status store.VersionStatus) *store.Version {
	now := tick()
	v := &store.Version{
		ID: id.New(), TemplateID: templateID, Version: version, Status: status,
		Definition: json.RawMessage(`{"steps":{}}`), CreatedAt: now, UpdatedAt: now,
	}
	if status != store.VersionDraft {
		v.PublishedAt, v.PublishedBy = &now, ptr("admin")
	}
	return v
}

func newLink(t *testing.T, q store.Querier, templateID string, et store.EntityType, entityID string) *store.Link {
	t.Helper()
	l := &store.Link{ID: id.New(), TemplateID: templateID, EntityType: et, EntityID: entityID, CreatedAt: tick()}
	if err := q.CreateLink(context.Background(), l); err != nil {
		t.Fatalf("CreateLink: %v", err)
	}
	return l
}

// newExecution creates an execution of versionID; parent, when set, makes it a child of that
// execution (root set as SPEC §6 says).
func newExecution(t *testing.T, q store.Querier, versionID string, parent *store.Execution) *store.Execution {
	t.Helper()
	e := executionRecord(versionID, parent)
	if err := q.CreateExecution(context.Background(), e); err != nil {
		t.Fatalf("CreateExecution: %v", err)
	}
	return e
}

func executionRecord(versionID string, parent *store.Execution) *store.Execution {
	e := &store.Execution{
		ID: id.New(), Name: "run", VersionID: versionID, Context: json.RawMessage(`{}`),
		Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted, CreatedAt: tick(),
	}
	if parent != nil {
		e.ParentID = &parent.ID
		e.RootID = parent.RootID
		if e.RootID == nil {
			e.RootID = &parent.ID
		}
	}
	return e
}

// wantErr fails t unless err matches want (nil meaning no error).
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("%s: got error %v, want %v", what, err, want)
	}
}

// ids lists the ids of records in order.
func ids[T any](rs []T, key func(T) string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = key(r)
	}
	return out
}

func sameIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: got ids\n%v\nwant\n%v", what, got, want)
	}
}
