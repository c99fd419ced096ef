package engine

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
)

// openStore opens a fresh, migrated SQLite store with one execution row in CREATED, as the
// application writes it before the Temporal start.
func openStore(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wfb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tpl := &store.Template{ID: id.New(), Name: "t"}
	if err := s.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: example(t, "linear-confirm"), Status: store.VersionPublished}
	if err := s.CreateVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	e := &store.Execution{ID: id.New(), Name: "e", VersionID: v.ID, Context: json.RawMessage(`{}`),
		Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted}
	if err := s.CreateExecution(ctx, e); err != nil {
		t.Fatal(err)
	}
	return s, e.ID
}

// createVersion adds a template with one version of def in the given status.
func createVersion(t *testing.T, s store.Store, name string, def json.RawMessage, status store.VersionStatus) string {
	t.Helper()
	ctx := context.Background()
	tpl := &store.Template{ID: id.New(), Name: name}
	if err := s.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: def, Status: status}
	if err := s.CreateVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

func TestPersistenceKeepsTheRowCurrent(t *testing.T) {
	t.Parallel()
	s, execID := openStore(t)
	h := newHarness(t, projection.Persistence{Store: s})
	h.then(func() {
		e, err := s.GetExecution(context.Background(), execID)
		if err != nil {
			t.Fatal(err)
		}
		if e.RuntimeStatus != store.RuntimeInProgress || e.Status != store.ExecutionStarted || e.StartedAt == nil {
			t.Errorf("while running: status %s runtime %s startedAt %v; want STARTED, InProgress, set", e.Status, e.RuntimeStatus, e.StartedAt)
		}
	})
	h.complete("verify", map[string]any{"verified": true})
	st := h.runInput(Input{ExecutionID: execID, Definition: example(t, "linear-confirm")})
	e, err := s.GetExecution(context.Background(), execID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != store.ExecutionCompleted || e.RuntimeStatus != store.RuntimeCompleted {
		t.Fatalf("after END: status %s runtime %s; want COMPLETED, Completed", e.Status, e.RuntimeStatus)
	}
	if e.CompletedAt == nil || !e.CompletedAt.Equal(st.CompletedAt.Truncate(time.Microsecond)) {
		t.Errorf("completedAt = %v, want %v", e.CompletedAt, st.CompletedAt)
	}
}

func TestPersistenceIgnoresMissingRow(t *testing.T) {
	t.Parallel()
	s, _ := openStore(t)
	err := projection.Persistence{Store: s}.Project(context.Background(), Projection{ExecutionID: "not-there", RuntimeStatus: inProgress})
	if err != nil {
		t.Fatalf("projecting an unknown execution: %v", err)
	}
}
