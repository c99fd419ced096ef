package sqlstore_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// sortStep matches a plan step that sorts rows (SQLite's and PostgreSQL's spelling).
// (A Merge Append's "Sort Key" line is not a sort: it merges inputs already in order.)
var sortStep = regexp.MustCompile(`(?m)USE TEMP B-TREE FOR ORDER BY|^\s*(->\s*)?(Incremental )?Sort\s+\(`)

// TestInboxPlan asks each database, with 10,000 open tasks and fresh statistics (no planner
// setting forced), how it runs the inbox queries: through human_tasks_inbox or
// human_tasks_template_due, never a scan of the table, and for a single assignee and status
// without sorting at all (the index returns the rows in order and the LIMIT stops the scan).
// A several-assignee inbox reads at most a page per (assignee, status) from the index.
func TestInboxPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, b := range backends(t) {
		seed := storetest.SeedInbox(t, b.s, 10000)
		if _, err := b.db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatalf("%s: ANALYZE: %v", b.name, err)
		}
		explainPrefix, col := "EXPLAIN QUERY PLAN ", 3
		if b.name == "postgres" {
			explainPrefix, col = "EXPLAIN ", 0
		}
		open := []store.HumanTaskStatus{store.HumanTaskOpen, store.HumanTaskClaimed}
		// On PostgreSQL a several-assignee inbox merges its arms' ordered index scans (Merge
		// Append) and sorts nothing; SQLite (InboxArms 2) asks an agent's eight (assignee,
		// status) pairs as one IN query and sorts the matching rows.
		multiNoSort := b.name == "postgres"
		cases := []struct {
			plan   planCase
			noSort bool
		}{
			{planCase{"one assignee, open", store.InboxFilter{Assignees: []string{seed.User},
				Statuses: []store.HumanTaskStatus{store.HumanTaskOpen}, Limit: 50}, "human_tasks_inbox"}, true},
			{planCase{"a user and three groups, open or claimed", store.InboxFilter{Assignees: seed.Assignees,
				Statuses: open, Limit: 50}, "human_tasks_inbox"}, multiNoSort},
			{planCase{"a user and three groups, next page, due before", store.InboxFilter{Assignees: seed.Assignees,
				Statuses: open, DueBefore: &seed.Before, After: &seed.Middle, Limit: 50}, "human_tasks_inbox"}, multiNoSort},
			{planCase{"every open or claimed task (an admin's view)", store.InboxFilter{Statuses: open, Limit: 50},
				"human_tasks_status_due"}, b.name == "postgres"},
			{planCase{"one template, open", store.InboxFilter{TemplateID: seed.TemplateID,
				Statuses: []store.HumanTaskStatus{store.HumanTaskOpen}, Limit: 50}, "human_tasks_template_due"}, true},
		}
		for _, c := range cases {
			query, args := sqlstore.ListQuery(b.db, c.plan.f)
			c.plan.name = b.name + ": " + c.plan.name
			plan := explain(t, b.db.SQL(), explainPrefix+query, args, col)
			checkPlan(t, c.plan, plan)
			joined := strings.Join(plan, "\n")
			if c.noSort && sortStep.MatchString(joined) {
				t.Errorf("%s: the plan sorts:\n%s", c.plan.name, joined)
			}
			t.Logf("%s:\n%s", c.plan.name, joined)
		}
	}
}
