package sqlstore_test

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
)

// planCase is one list query and the index its plan must use.
type planCase struct {
	name  string
	f     any
	index string
}

func planCases() []planCase {
	after := &store.Cursor{CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ID: "c0"}
	page := store.Page{Limit: 50, After: after}
	desc := store.Page{Limit: 50, After: after, Desc: true}
	inbox := store.InboxCursor{DueAt: &after.CreatedAt, CreatedAt: after.CreatedAt, ID: "h0"}
	return []planCase{
		{"templates", store.TemplateFilter{Page: page}, "workflow_templates_created"},
		{"templates by name", store.TemplateFilter{Page: page, NameContains: "tax"}, "workflow_templates_created"},
		{"templates newest first", store.TemplateFilter{Page: desc}, "workflow_templates_created"},
		{"versions", store.VersionFilter{Page: page}, "workflow_template_versions_created"},
		{"versions of a template", store.VersionFilter{Page: page, TemplateID: "t"}, "workflow_template_versions_template_created"},
		{"versions by status", store.VersionFilter{Page: desc, Status: store.VersionPublished}, "workflow_template_versions_status_created"},
		{"links", store.LinkFilter{Page: page}, "workflow_template_links_created"},
		{"links of a template", store.LinkFilter{Page: page, TemplateID: "t"}, "workflow_template_links_template_created"},
		{"links by entity type", store.LinkFilter{Page: desc, EntityType: store.EntityProduct}, "workflow_template_links_type_created"},
		{"links by entity id", store.LinkFilter{Page: page, EntityID: "e"}, "workflow_template_links_entity"},
		{"executions", store.ExecutionFilter{Page: page}, "workflow_executions_created"},
		{"executions newest first", store.ExecutionFilter{Page: desc}, "workflow_executions_created"},
		{"executions of a version", store.ExecutionFilter{Page: page, VersionID: "v"}, "workflow_executions_version_created"},
		{"executions of a template", store.ExecutionFilter{Page: page, TemplateID: "t"}, "workflow_executions_template_created"},
		{"executions by status", store.ExecutionFilter{Page: desc, Status: store.ExecutionStarted}, "workflow_executions_status_created"},
		{"executions by runtime status", store.ExecutionFilter{Page: page, RuntimeStatus: store.RuntimeFailed}, "workflow_executions_runtime_status_created"},
		{"children", store.ExecutionFilter{Page: page, ParentID: "p"}, "workflow_executions_parent_created"},
		{"descendants", store.ExecutionFilter{Page: page, RootID: "r"}, "workflow_executions_root_created"},
		{"service request types", sqlstore.RequestTypePage(page), "service_request_types_created"},
		{"service requests", store.ServiceRequestFilter{Page: page}, "service_requests_created"},
		{"service requests by type", store.ServiceRequestFilter{Page: desc, Type: "T"}, "service_requests_type_created"},
		{"service requests by status", store.ServiceRequestFilter{Page: page, Status: store.RequestInProgress}, "service_requests_status_created"},
		{"service requests of an execution", store.ServiceRequestFilter{Page: page, WorkflowExecutionID: "e"}, "service_requests_execution"},
		{"data sources", store.DataSourceFilter{Page: page}, "data_sources_created"},
		{"data sources by kind", store.DataSourceFilter{Page: desc, Kind: store.DataSourceHTTP}, "data_sources_kind_created"},
		{"api keys", store.APIKeyFilter{Page: page}, "api_keys_created"},
		{"api keys by role", store.APIKeyFilter{Page: page, Role: store.RoleAgent}, "api_keys_role_created"},
		{"audit", store.AuditFilter{Page: desc}, "audit_log_at"},
		{"audit since", store.AuditFilter{Page: page, Since: &after.CreatedAt}, "audit_log_at"},
		{"audit by actor", store.AuditFilter{Page: desc, Actor: "k"}, "audit_log_actor_at"},
		{"audit by action", store.AuditFilter{Page: page, Action: "task.complete"}, "audit_log_action_at"},
		{"audit by target type", store.AuditFilter{Page: page, TargetType: "version"}, "audit_log_target_type_at"},
		{"audit of a target", store.AuditFilter{Page: desc, TargetType: "version", TargetID: "v"}, "audit_log_target_at"},
		{"inbox by status", store.InboxFilter{Statuses: []store.HumanTaskStatus{store.HumanTaskOpen}, After: &inbox}, "human_tasks_status_due"},
		{"inbox by template", store.InboxFilter{TemplateID: "t", Statuses: []store.HumanTaskStatus{store.HumanTaskOpen}}, "human_tasks_template_due"},
	}
}

// fullScan matches a plan step that reads a whole table without an index (SQLite's and
// PostgreSQL's spelling).
var fullScan = regexp.MustCompile(`^SCAN \w+$|Seq Scan`)

// derivedScan matches SQLite's reading of a subquery's rows (the inbox's UNION ALL arms), which
// is not a table scan.
var derivedScan = regexp.MustCompile(`^SCAN (arm\d+|inbox)$`)

// checkPlan fails t unless plan reads through c's index and scans no table in full.
func checkPlan(t *testing.T, c planCase, plan []string) {
	t.Helper()
	joined := strings.Join(plan, "\n")
	for _, step := range plan {
		if step = strings.TrimSpace(step); fullScan.MatchString(step) && !derivedScan.MatchString(step) {
			t.Errorf("%s: full table scan %q in plan\n%s", c.name, step, joined)
		}
	}
	if !regexp.MustCompile(`\b` + c.index + `\b`).MatchString(joined) {
		t.Errorf("%s: plan does not use index %s:\n%s", c.name, c.index, joined)
	}
}

func TestPlansUseIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, b := range backends(t) {
		// One connection, so that a session setting holds for every EXPLAIN.
		conn, err := b.db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		explainPrefix, col := "EXPLAIN QUERY PLAN ", 3
		if b.name == "postgres" {
			// On empty tables the planner rightly prefers a sequential scan; forbidding it
			// asks whether an index can answer the query at all.
			if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
				t.Fatal(err)
			}
			explainPrefix, col = "EXPLAIN ", 0
		}
		for _, c := range planCases() {
			query, args := sqlstore.ListQuery(b.db, c.f)
			c.name = b.name + ": " + c.name
			checkPlan(t, c, explain(t, conn, explainPrefix+query, args, col))
		}
	}
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// explain runs an EXPLAIN and returns column col of its rows.
func explain(t *testing.T, db queryer, query string, args []any, col int) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		switch v := vals[col].(type) {
		case string:
			out = append(out, v)
		case []byte:
			out = append(out, string(v))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
