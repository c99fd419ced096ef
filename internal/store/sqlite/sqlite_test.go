package sqlite_test

import (
	"context"
	"sync"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

func open(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, storetest.SQLitePath(t)) })
}

// TestConcurrentMigrate migrates one file from several stores at once, as several processes
// starting together would: every call succeeds and each migration is applied once.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	path := storetest.SQLitePath(t)
	const procs = 4
	stores := make([]*sqlite.Store, procs)
	for i := range stores {
		stores[i] = open(t, path)
	}
	ctx := context.Background()
	errs := make([]error, procs)
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() { errs[i] = s.Migrate(ctx) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate %d: %v", i, err)
		}
	}
	var applied, distinct int
	err := stores[0].SQL().QueryRowContext(ctx,
		"SELECT COUNT(*), COUNT(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0").Scan(&applied, &distinct)
	if err != nil {
		t.Fatalf("reading goose_db_version: %v", err)
	}
	if applied == 0 || applied != distinct {
		t.Fatalf("goose_db_version has %d rows for %d migrations", applied, distinct)
	}
}
