package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// backend is a migrated store of one kind, with its raw SQL pool for what store.Querier
// cannot do.
type backend struct {
	name string
	db   *sqlstore.DB
	s    store.Store
	// param is the first placeholder in the backend's SQL.
	param string
}

func backends(t *testing.T) []backend {
	t.Helper()
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lite.Close() })
	pg, err := postgres.Open(ctx, storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pg.Close() })
	out := []backend{{"sqlite", lite.DB, lite, "?"}, {"postgres", pg.DB, pg, "$1"}}
	for _, b := range out {
		if err := b.s.Migrate(ctx); err != nil {
			t.Fatalf("%s: Migrate: %v", b.name, err)
		}
	}
	return out
}

// TestExecutionTreeCascade deletes a root execution with SQL (no store method deletes
// executions; SPEC §2 still asks the schema to cascade) and checks its descendants go too.
func TestExecutionTreeCascade(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, b := range backends(t) {
		now := time.Now()
		tpl := &store.Template{ID: id.New(), Name: "t", CreatedAt: now, UpdatedAt: now}
		v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: json.RawMessage(`{}`),
			Status: store.VersionPublished, CreatedAt: now, UpdatedAt: now}
		exec := func(parent, root *string) *store.Execution {
			return &store.Execution{ID: id.New(), Name: "e", VersionID: v.ID, ParentID: parent, RootID: root,
				Context: json.RawMessage(`{}`), Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress, CreatedAt: now}
		}
		root := exec(nil, nil)
		child := exec(&root.ID, &root.ID)
		grandchild := exec(&child.ID, &root.ID)
		other := exec(nil, nil)
		err := b.s.InTx(ctx, func(q store.Querier) error {
			return errors.Join(q.CreateTemplate(ctx, tpl), q.CreateVersion(ctx, v), q.CreateExecution(ctx, root),
				q.CreateExecution(ctx, child), q.CreateExecution(ctx, grandchild), q.CreateExecution(ctx, other))
		})
		if err != nil {
			t.Fatalf("%s: creating the tree: %v", b.name, err)
		}
		if _, err := b.db.SQL().ExecContext(ctx, "DELETE FROM workflow_executions WHERE id = "+b.param, root.ID); err != nil {
			t.Fatalf("%s: deleting the root: %v", b.name, err)
		}
		for _, e := range []*store.Execution{child, grandchild} {
			if _, err := b.s.GetExecution(ctx, e.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: descendant %s after its root was deleted: %v, want ErrNotFound", b.name, e.ID, err)
			}
		}
		if _, err := b.s.GetExecution(ctx, other.ID); err != nil {
			t.Errorf("%s: an unrelated execution went with the tree: %v", b.name, err)
		}
	}
}
