package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// InboxSeed describes the human tasks SeedInbox wrote.
type InboxSeed struct {
	// Assignees are an agent's inbox: their user id and the GroupAssignee of their groups.
	Assignees []string
	// User is one user id alone.
	User string
	// TemplateID is the template of a quarter of the tasks.
	TemplateID string
	// Open is how many OPEN tasks there are.
	Open int
	// Before is a due date in the middle of the tasks' due dates.
	Before time.Time
	// Middle is the cursor of a task in the middle of the inbox of Assignees.
	Middle store.InboxCursor
}

// SeedInbox writes n OPEN human tasks as an organisation's inbox might hold them: 80% assigned
// to one of 80 users, 20% to one of 10 groups, spread over four templates, due over the next
// 30 days or (one in five) never. The data is the same on every run (a fixed seed).
func SeedInbox(tb testing.TB, s store.Store, n int) InboxSeed {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var seed InboxSeed
	err := s.InTx(ctx, func(q store.Querier) error {
		var execs []string
		for i := range 4 {
			tpl := &store.Template{ID: id.New(), Name: fmt.Sprint("seed ", i), CreatedAt: base, UpdatedAt: base}
			v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: json.RawMessage(`{}`),
				Status: store.VersionPublished, CreatedAt: base, UpdatedAt: base}
			e := &store.Execution{ID: id.New(), Name: "seed", VersionID: v.ID, Context: json.RawMessage(`{}`),
				Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress, CreatedAt: base}
			for _, err := range []error{q.CreateTemplate(ctx, tpl), q.CreateVersion(ctx, v), q.CreateExecution(ctx, e)} {
				if err != nil {
					return err
				}
			}
			execs = append(execs, e.ID)
			if i == 0 {
				seed.TemplateID = tpl.ID
			}
		}
		for i := range n {
			assignee := fmt.Sprint("user-", rng.IntN(80))
			if rng.IntN(5) == 0 {
				assignee = store.GroupAssignee(fmt.Sprint("team-", rng.IntN(10)))
			}
			t := &store.HumanTask{ID: id.New(), ExecutionID: execs[i%len(execs)], StepID: fmt.Sprint("step-", i),
				Attempt: 1, Type: "human.confirm", Name: "Review", Assignee: assignee,
				CreatedAt: base.Add(time.Duration(i) * time.Second)}
			if rng.IntN(5) != 0 {
				due := base.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
				t.DueAt = &due
			}
			if err := q.UpsertHumanTask(ctx, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seeding %d human tasks: %v", n, err)
	}
	seed.User = "user-7"
	seed.Assignees = []string{"user-7", store.GroupAssignee("team-1"), store.GroupAssignee("team-4"), store.GroupAssignee("team-8")}
	seed.Open = n
	seed.Before = base.Add(25 * 24 * time.Hour)
	mine, err := s.ListInbox(ctx, store.InboxFilter{Assignees: seed.Assignees, Limit: n})
	if err != nil || len(mine) == 0 {
		tb.Fatalf("reading the seeded inbox: %d tasks, %v", len(mine), err)
	}
	seed.Middle = mine[len(mine)/2].Cursor()
	return seed
}

// BenchInbox measures one 50-task page of the inbox out of 10,000 open tasks, on a migrated
// store whose database is db (ANALYZEd after seeding, as autovacuum or an operator would, so
// the planner sees the real distribution): an agent's (their id and three groups, OPEN or CLAIMED, sorted after the index
// lookup) and one user's OPEN tasks (read in order from the index, no sort).
func BenchInbox(b *testing.B, s store.Store, db *sql.DB) {
	seed := SeedInbox(b, s, 10000)
	if _, err := db.ExecContext(context.Background(), "ANALYZE"); err != nil {
		b.Fatalf("ANALYZE: %v", err)
	}
	filters := []struct {
		name string
		f    store.InboxFilter
	}{
		{"agent-and-groups", store.InboxFilter{Assignees: seed.Assignees, Limit: 50,
			Statuses: []store.HumanTaskStatus{store.HumanTaskOpen, store.HumanTaskClaimed}}},
		{"one-user", store.InboxFilter{Assignees: []string{seed.User}, Limit: 50,
			Statuses: []store.HumanTaskStatus{store.HumanTaskOpen}}},
	}
	ctx := context.Background()
	for _, tt := range filters {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ts, err := s.ListInbox(ctx, tt.f)
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
