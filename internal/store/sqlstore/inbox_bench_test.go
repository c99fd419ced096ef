package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// BenchmarkInboxShape compares the two forms of an inbox query of several assignees or
// statuses, out of 10,000 open tasks, on each database: one IN query, and a UNION ALL of an
// ordered arm per (assignee, status). The filters are an agent's inbox (their id and three
// groups, OPEN or CLAIMED) and every open or claimed task. It is the measurement behind each
// backend's Dialect.InboxArms.
func BenchmarkInboxShape(b *testing.B) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = lite.Close() })
	pg, err := postgres.Open(ctx, storetest.PostgresURL(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = pg.Close() })
	noViolation := func(error) sqlstore.Violation { return sqlstore.NoViolation }
	backends := []struct {
		name    string
		s       store.Store
		db      *sqlstore.DB
		dialect sqlstore.Dialect
	}{
		{"sqlite", lite, lite.DB, sqlstore.Dialect{Name: "sqlite", ILike: "LIKE", Classify: noViolation,
			BindTime: func(t time.Time) any { return sqlstore.FormatTime(t) }}},
		{"postgres", pg, pg.DB, sqlstore.Dialect{Name: "postgres", DollarPlaceholders: true, ILike: "ILIKE",
			Classify: noViolation, BindTime: func(t time.Time) any { return t }}},
	}
	for _, be := range backends {
		if err := be.s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		seed := storetest.SeedInbox(b, be.s, 10000)
		if _, err := be.db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		open := []store.HumanTaskStatus{store.HumanTaskOpen, store.HumanTaskClaimed}
		filters := []struct {
			name string
			f    store.InboxFilter
		}{
			{"agent-and-groups", store.InboxFilter{Assignees: seed.Assignees, Statuses: open, Limit: 50}},
			{"all-open", store.InboxFilter{Statuses: open, Limit: 50}},
		}
		for _, tt := range filters {
			for _, merge := range []bool{false, true} {
				d := be.dialect
				if merge {
					d.InboxArms = 32
				}
				q := sqlstore.New(be.db.SQL(), &d)
				name := be.name + "/" + tt.name + "/in"
				if merge {
					name = be.name + "/" + tt.name + "/union"
				}
				f := tt.f
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						ts, err := q.ListInbox(ctx, f)
						if err != nil {
							b.Fatal(err)
						}
						if len(ts) != 50 {
							b.Fatalf("page of %d tasks, want 50", len(ts))
						}
					}
				})
			}
		}
	}
}
