package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

const humanTaskCols = "id, execution_id, step_id, attempt, type, name, assignee, status, due_at, " +
	"COALESCE(workflow_template_id, ''), created_at, claimed_at, claimed_by, completed_at, completed_by, " +
	"cancelled_at, output_data"

// humanTaskRawCols are the columns humanTaskCols and the inbox order read, as stored.
const humanTaskRawCols = "id, execution_id, step_id, attempt, type, name, assignee, status, due_at, " +
	"workflow_template_id, created_at, claimed_at, claimed_by, completed_at, completed_by, " +
	"cancelled_at, output_data, due_sort"

// noDue is where a task without a due date sorts: after every date. The migrations' due_sort
// column uses the same instant.
var noDue = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)

func scanHumanTask(r scanner, t *store.HumanTask) error {
	return r.Scan(&t.ID, &t.ExecutionID, &t.StepID, &t.Attempt, &t.Type, &t.Name, &t.Assignee, &t.Status,
		nullTimeCol{&t.DueAt}, &t.TemplateID, timeCol{&t.CreatedAt}, nullTimeCol{&t.ClaimedAt}, &t.ClaimedBy,
		nullTimeCol{&t.CompletedAt}, &t.CompletedBy, nullTimeCol{&t.CancelledAt}, nullJSONCol{&t.OutputData})
}

// UpsertHumanTask inserts t as an OPEN task, or refreshes the open task of its step attempt,
// and reads the stored row back into t.
func (q querier) UpsertHumanTask(ctx context.Context, t *store.HumanTask) error {
	_, err := q.exec(ctx, "INSERT INTO human_tasks (id, execution_id, step_id, attempt, type, name, assignee, status, "+
		"due_at, workflow_template_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, "+
		"(SELECT workflow_template_id FROM workflow_executions WHERE id = ?), ?) "+
		"ON CONFLICT (execution_id, step_id, attempt) DO UPDATE SET type = excluded.type, name = excluded.name, "+
		"assignee = excluded.assignee, due_at = excluded.due_at WHERE human_tasks.status = 'OPEN'",
		t.ID, t.ExecutionID, t.StepID, t.Attempt, t.Type, t.Name, t.Assignee, q.bindTimePtr(t.DueAt),
		t.ExecutionID, q.bindTime(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("upserting the human task of step %s attempt %d of execution %s: %w",
			t.StepID, t.Attempt, t.ExecutionID, q.writeErr(err))
	}
	got, err := q.GetHumanTaskByStep(ctx, t.ExecutionID, t.StepID, t.Attempt)
	if err != nil {
		return fmt.Errorf("reading back an upserted human task: %w", err)
	}
	*t = *got
	return nil
}

// GetHumanTask reads one task.
func (q querier) GetHumanTask(ctx context.Context, id string) (*store.HumanTask, error) {
	var t store.HumanTask
	err := scanHumanTask(q.queryRow(ctx, "SELECT "+humanTaskCols+" FROM human_tasks WHERE id = ?", id), &t)
	if err != nil {
		return nil, fmt.Errorf("getting human task %s: %w", id, rowErr(err))
	}
	return &t, nil
}

// GetHumanTaskByStep reads the task of one step attempt.
func (q querier) GetHumanTaskByStep(ctx context.Context, executionID, stepID string, attempt int) (*store.HumanTask, error) {
	var t store.HumanTask
	err := scanHumanTask(q.queryRow(ctx, "SELECT "+humanTaskCols+
		" FROM human_tasks WHERE execution_id = ? AND step_id = ? AND attempt = ?", executionID, stepID, attempt), &t)
	if err != nil {
		return nil, fmt.Errorf("getting the human task of step %s attempt %d of execution %s: %w",
			stepID, attempt, executionID, rowErr(err))
	}
	return &t, nil
}

// transition runs one conditional UPDATE ... RETURNING on a task: the row it returns is the
// task after the change, and no row means the task is missing or not in a state the change
// allows. RETURNING (SQLite 3.35+, PostgreSQL) makes the change and the read one statement.
func (q querier) transition(ctx context.Context, what, id, set, cond string, args ...any) (*store.HumanTask, error) {
	args = append(args, id)
	var t store.HumanTask
	err := scanHumanTask(q.queryRow(ctx, "UPDATE human_tasks SET "+set+" WHERE ("+cond+") AND id = ? RETURNING "+humanTaskCols, args...), &t)
	if err == nil {
		return &t, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s human task %s: %w", what, id, q.writeErr(err))
	}
	return nil, fmt.Errorf("%s human task %s: %w", what, id, q.missOrWrongState(ctx, "human_tasks", id))
}

// ClaimHumanTask claims an open task for by; claiming one's own claim again changes nothing.
func (q querier) ClaimHumanTask(ctx context.Context, id, by string, at time.Time) (*store.HumanTask, error) {
	return q.transition(ctx, "claiming", id,
		"claimed_at = CASE WHEN status = 'OPEN' THEN ? ELSE claimed_at END, status = 'CLAIMED', claimed_by = ?",
		"status = 'OPEN' OR (status = 'CLAIMED' AND claimed_by = ?)", q.bindTime(at), by, by)
}

// UnclaimHumanTask opens a claimed task again.
func (q querier) UnclaimHumanTask(ctx context.Context, id string) (*store.HumanTask, error) {
	return q.transition(ctx, "unclaiming", id, "status = 'OPEN', claimed_at = NULL, claimed_by = NULL", "status = 'CLAIMED'")
}

// CompleteHumanTask completes an open or claimed task.
func (q querier) CompleteHumanTask(ctx context.Context, id, by string, at time.Time, output json.RawMessage) (*store.HumanTask, error) {
	return q.transition(ctx, "completing", id,
		"status = 'COMPLETED', completed_at = ?, completed_by = ?, output_data = ?",
		"status IN ('OPEN', 'CLAIMED')", q.bindTime(at), by, bindNullJSON(output))
}

// CancelHumanTasks cancels the open tasks of an execution.
func (q querier) CancelHumanTasks(ctx context.Context, executionID string, at time.Time) (int, error) {
	n, err := q.exec(ctx, "UPDATE human_tasks SET status = 'CANCELLED', cancelled_at = ? "+
		"WHERE execution_id = ? AND status IN ('OPEN', 'CLAIMED')", q.bindTime(at), executionID)
	if err != nil {
		return 0, fmt.Errorf("cancelling the human tasks of execution %s: %w", executionID, err)
	}
	return int(n), nil
}

// CancelStepHumanTasks cancels the open tasks of a step's attempts up to throughAttempt (the
// (execution_id, step_id, attempt) unique index finds them).
func (q querier) CancelStepHumanTasks(ctx context.Context, executionID, stepID string, throughAttempt int, at time.Time) (int, error) {
	n, err := q.exec(ctx, "UPDATE human_tasks SET status = 'CANCELLED', cancelled_at = ? "+
		"WHERE execution_id = ? AND step_id = ? AND attempt <= ? AND status IN ('OPEN', 'CLAIMED')",
		q.bindTime(at), executionID, stepID, throughAttempt)
	if err != nil {
		return 0, fmt.Errorf("cancelling the human tasks of step %s of execution %s: %w", stepID, executionID, err)
	}
	return int(n), nil
}

// ListInbox lists one page of the inbox.
func (q querier) ListInbox(ctx context.Context, f store.InboxFilter) ([]store.HumanTask, error) {
	query, args := q.inboxQuery(f)
	ts, err := list(ctx, q, query, args, scanHumanTask)
	if err != nil {
		return nil, fmt.Errorf("listing the inbox: %w", err)
	}
	return ts, nil
}

// inboxQuery orders by (due_sort, created_at, id), the tail of every human_tasks index the
// filters lead with: assignee and status (human_tasks_inbox), template (human_tasks_template_due),
// or status alone (human_tasks_status_due).
//
// An inbox of several assignees or statuses (an agent and their groups, OPEN or CLAIMED) is,
// up to Dialect.InboxArms arms, a UNION ALL of one arm per (assignee, status) pair, each
// reading at most a page from an index already in order, and the outer query orders only
// those rows. As one "assignee IN (...) AND status IN (...)" query, both databases instead
// fetch every matching row and sort them all, so a group holding thousands of open tasks
// would make every page of every member's inbox read all of them.
func (q querier) inboxQuery(f store.InboxFilter) (string, []any) {
	statuses := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		statuses[i] = string(s)
	}
	order := " ORDER BY due_sort, created_at, id LIMIT " + strconv.Itoa(limitOf(f.Limit))
	// An arm per (assignee, status); a filter left empty is one arm that does not filter on it
	// (conds.eq skips an empty value).
	assignees, sts := orAny(f.Assignees), orAny(statuses)
	arms := len(assignees) * len(sts)
	if arms <= 1 || arms > q.d.InboxArms {
		c := q.inboxConds(f)
		c.in("assignee", f.Assignees)
		c.in("status", statuses)
		return "SELECT " + humanTaskCols + " FROM human_tasks" + c.sql() + order, c.args
	}
	var b strings.Builder
	var args []any
	arm := 0
	for _, a := range assignees {
		for _, st := range sts {
			c := q.inboxConds(f)
			if len(f.Assignees) > 0 {
				// Not c.eq: "" is an assignee here (the shared queue), not "no filter".
				c.add("assignee = ?", a)
			}
			c.eq("status", st)
			if arm > 0 {
				b.WriteString(" UNION ALL ")
			}
			// Each arm is a subquery so that it may have its own ORDER BY and LIMIT.
			fmt.Fprintf(&b, "SELECT * FROM (SELECT %s FROM human_tasks%s%s) AS arm%d", humanTaskRawCols, c.sql(), order, arm)
			args = append(args, c.args...)
			arm++
		}
	}
	return "SELECT " + humanTaskCols + " FROM (" + b.String() + ") AS inbox" + order, args
}

// orAny is vs, or one empty value (no filter) when vs is empty.
func orAny(vs []string) []string {
	if len(vs) == 0 {
		return []string{""}
	}
	return vs
}

// inboxConds are the conditions of f other than assignee and status.
func (q querier) inboxConds(f store.InboxFilter) conds {
	var c conds
	c.eq("workflow_template_id", f.TemplateID)
	if f.DueBefore != nil {
		c.add("due_sort < ?", q.bindTime(*f.DueBefore))
	}
	if a := f.After; a != nil {
		due := noDue
		if a.DueAt != nil {
			due = *a.DueAt
		}
		c.add("(due_sort, created_at, id) > (?, ?, ?)", q.bindTime(due), q.bindTime(a.CreatedAt), a.ID)
	}
	return c
}

// CountOpenHumanTasks counts the open tasks in one query that finds them through
// human_tasks_status_due (status, due_sort, ...), so closed tasks, however many, cost nothing.
func (q querier) CountOpenHumanTasks(ctx context.Context, at time.Time) (store.OpenTaskCounts, error) {
	var c store.OpenTaskCounts
	err := q.queryRow(ctx, "SELECT COALESCE(SUM(CASE WHEN status = 'OPEN' THEN 1 ELSE 0 END), 0), "+
		"COALESCE(SUM(CASE WHEN status = 'CLAIMED' THEN 1 ELSE 0 END), 0), "+
		"COALESCE(SUM(CASE WHEN due_sort < ? THEN 1 ELSE 0 END), 0) "+
		"FROM human_tasks WHERE status IN ('OPEN', 'CLAIMED')", q.bindTime(at)).Scan(&c.Open, &c.Claimed, &c.Overdue)
	if err != nil {
		return store.OpenTaskCounts{}, fmt.Errorf("counting open human tasks: %w", err)
	}
	return c, nil
}

// GetLatestHumanTaskByStep finds the task of the step's latest attempt.
func (q querier) GetLatestHumanTaskByStep(ctx context.Context, executionID, stepID string) (*store.HumanTask, error) {
	var t store.HumanTask
	err := scanHumanTask(q.queryRow(ctx, "SELECT "+humanTaskCols+" FROM human_tasks WHERE execution_id = ? AND step_id = ? "+
		"ORDER BY attempt DESC LIMIT 1", executionID, stepID), &t)
	if err != nil {
		return nil, fmt.Errorf("getting the task of step %s of execution %s: %w", stepID, executionID, rowErr(err))
	}
	return &t, nil
}

// CountInbox counts the open tasks of each of an agent's queues in one query over the open rows.
func (q querier) CountInbox(ctx context.Context, f store.InboxCountFilter) (store.InboxCounts, error) {
	var c store.InboxCounts
	groups := make([]any, len(f.Groups))
	for i, g := range f.Groups {
		groups[i] = g
	}
	inGroups := "1 = 0"
	if len(groups) > 0 {
		inGroups = "assignee IN (?" + strings.Repeat(", ?", len(groups)-1) + ")"
	}
	args := []any{f.User}
	args = append(args, groups...)
	args = append(args, q.bindTime(f.At), f.User)
	args = append(args, groups...)
	err := q.queryRow(ctx, "SELECT COALESCE(SUM(CASE WHEN assignee = ? THEN 1 ELSE 0 END), 0), "+
		"COALESCE(SUM(CASE WHEN "+inGroups+" THEN 1 ELSE 0 END), 0), "+
		"COALESCE(SUM(CASE WHEN assignee = '' THEN 1 ELSE 0 END), 0), "+
		"COALESCE(SUM(CASE WHEN due_sort < ? THEN 1 ELSE 0 END), 0) "+
		"FROM human_tasks WHERE status IN ('OPEN', 'CLAIMED') AND (assignee = ? OR assignee = ''"+
		strings.Replace(" OR "+inGroups, " OR 1 = 0", "", 1)+")", args...).Scan(&c.Mine, &c.Groups, &c.Shared, &c.Breached)
	if err != nil {
		return store.InboxCounts{}, fmt.Errorf("counting the inbox of %s: %w", f.User, err)
	}
	return c, nil
}
