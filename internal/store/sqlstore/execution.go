package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const executionCols = "id, name, workflow_template_version_id, parent_workflow_execution_id, " +
	"root_workflow_execution_id, context, status, status_reason, runtime_status, created_at, " +
	"started_at, completed_at, failed_at, last_activity_at, trigger_event_id, parent_step_id"

func scanExecution(r scanner, e *store.Execution) error {
	return r.Scan(&e.ID, &e.Name, &e.VersionID, &e.ParentID, &e.RootID, jsonCol{&e.Context},
		&e.Status, &e.StatusReason, &e.RuntimeStatus, timeCol{&e.CreatedAt},
		nullTimeCol{&e.StartedAt}, nullTimeCol{&e.CompletedAt}, nullTimeCol{&e.FailedAt},
		nullTimeCol{&e.LastActivityAt}, &e.TriggerEventID, &e.ParentStepID)
}

// normRuntime normalizes the projection's times in place.
func normRuntime(e *store.Execution) {
	e.StartedAt, e.CompletedAt = normPtr(e.StartedAt), normPtr(e.CompletedAt)
	e.FailedAt, e.LastActivityAt = normPtr(e.FailedAt), normPtr(e.LastActivityAt)
}

// CreateExecution inserts e.
func (q querier) CreateExecution(ctx context.Context, e *store.Execution) error {
	e.CreatedAt = norm(e.CreatedAt)
	normRuntime(e)
	// workflow_template_id is copied from the version (NULL when there is no such version, and
	// then the version's foreign key refuses the row).
	_, err := q.exec(ctx, "INSERT INTO workflow_executions ("+executionCols+", workflow_template_id) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "+
		"(SELECT workflow_template_id FROM workflow_template_versions WHERE id = ?))",
		e.ID, e.Name, e.VersionID, e.ParentID, e.RootID, bindJSON(e.Context), string(e.Status),
		e.StatusReason, string(e.RuntimeStatus), q.bindTime(e.CreatedAt), q.bindTimePtr(e.StartedAt),
		q.bindTimePtr(e.CompletedAt), q.bindTimePtr(e.FailedAt), q.bindTimePtr(e.LastActivityAt), e.TriggerEventID,
		e.ParentStepID, e.VersionID)
	if err != nil {
		return fmt.Errorf("creating execution %s: %w", e.ID, q.writeErr(err))
	}
	return nil
}

// GetExecution reads one execution.
func (q querier) GetExecution(ctx context.Context, id string) (*store.Execution, error) {
	var e store.Execution
	err := scanExecution(q.queryRow(ctx, "SELECT "+executionCols+" FROM workflow_executions WHERE id = ?", id), &e)
	if err != nil {
		return nil, fmt.Errorf("getting execution %s: %w", id, rowErr(err))
	}
	return &e, nil
}

// ExecutionNames maps ids to their executions' names.
func (q querier) ExecutionNames(ctx context.Context, ids []string) (map[string]string, error) {
	names := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return names, nil
	}
	var c conds
	c.in("id", ids)
	type pair struct{ id, name string }
	rows, err := list(ctx, q, "SELECT id, name FROM workflow_executions"+c.sql(), c.args, func(r scanner, p *pair) error { return r.Scan(&p.id, &p.name) })
	if err != nil {
		return nil, fmt.Errorf("reading the names of %d executions: %w", len(ids), err)
	}
	for _, p := range rows {
		names[p.id] = p.name
	}
	return names, nil
}

func (q querier) executionConds(f store.ExecutionFilter) conds {
	var c conds
	c.eq("workflow_template_id", f.TemplateID)
	c.eq("workflow_template_version_id", f.VersionID)
	c.eq("status", string(f.Status))
	c.eq("runtime_status", string(f.RuntimeStatus))
	c.eq("parent_workflow_execution_id", f.ParentID)
	c.eq("root_workflow_execution_id", f.RootID)
	c.eq("parent_step_id", f.ParentStepID)
	if f.Search != "" {
		c.add("(id = ? OR root_workflow_execution_id = ? OR name "+q.d.ILike+` ? ESCAPE '\')`,
			f.Search, f.Search, likeContains(f.Search))
	}
	if f.StartedAfter != nil {
		c.add("started_at >= ?", q.bindTime(*f.StartedAfter))
	}
	if f.StartedBefore != nil {
		c.add("started_at < ?", q.bindTime(*f.StartedBefore))
	}
	if v := f.VisibleTo; v != nil {
		cond, args := visibleCond(v)
		c.add("COALESCE(root_workflow_execution_id, id) IN ("+cond+")", args...)
	}
	return c
}

// ListExecutions lists one page of executions.
func (q querier) ListExecutions(ctx context.Context, f store.ExecutionFilter) ([]store.Execution, error) {
	query, args := q.executionsQuery(f)
	es, err := list(ctx, q, query, args, scanExecution)
	if err != nil {
		return nil, fmt.Errorf("listing executions: %w", err)
	}
	return es, nil
}

func (q querier) executionsQuery(f store.ExecutionFilter) (string, []any) {
	return q.page("SELECT "+executionCols+" FROM workflow_executions", q.executionConds(f), f.Page)
}

// CountExecutions counts the executions f selects, ignoring its page.
func (q querier) CountExecutions(ctx context.Context, f store.ExecutionFilter) (int, error) {
	c := q.executionConds(f)
	var n int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM workflow_executions"+c.sql(), c.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting executions: %w", err)
	}
	return n, nil
}

// UpdateExecution writes the record status, the runtime projection and the context of e.
func (q querier) UpdateExecution(ctx context.Context, e *store.Execution) error {
	normRuntime(e)
	n, err := q.exec(ctx, "UPDATE workflow_executions SET status = ?, status_reason = ?, runtime_status = ?, "+
		"started_at = ?, completed_at = ?, failed_at = ?, last_activity_at = ?, context = ? WHERE id = ?",
		string(e.Status), e.StatusReason, string(e.RuntimeStatus), q.bindTimePtr(e.StartedAt),
		q.bindTimePtr(e.CompletedAt), q.bindTimePtr(e.FailedAt), q.bindTimePtr(e.LastActivityAt),
		bindJSON(e.Context), e.ID)
	if err != nil {
		return fmt.Errorf("updating execution %s: %w", e.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating execution %s: %w", e.ID, store.ErrNotFound)
	}
	return nil
}

// LockExecution locks the execution's row until the transaction ends.
func (q querier) LockExecution(ctx context.Context, id string) error {
	var got string
	err := q.queryRow(ctx, "SELECT id FROM workflow_executions WHERE id = ?"+q.d.LockSuffix, id).Scan(&got)
	if err != nil {
		return fmt.Errorf("locking execution %s: %w", id, rowErr(err))
	}
	return nil
}
