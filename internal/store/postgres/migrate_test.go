package postgres

import (
	"context"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// TestMigrateDownUp checks the Down migrations undo the Up ones: down to nothing, then up again.
func TestMigrateDownUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, storetest.PostgresSchema(t, storetest.PostgresURL(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	p, _, err := s.migrator(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("migrating down: %v", err)
	}
	var tables int
	err = s.SQL().QueryRowContext(ctx,
		"SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'workflow%'").Scan(&tables)
	if err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Fatalf("%d workflow tables left after migrating down", tables)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("Migrate after down: %v", err)
	}
}
