package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// visibleCond is a subquery of the roots of the trees v may see: the trees holding a human task
// assigned to one of v's assignees, or claimed or completed by v's user.
func visibleCond(v *store.Visibility) (string, []any) {
	var ors []string
	var args []any
	if len(v.Assignees) > 0 {
		ors = append(ors, "t.assignee IN (?"+strings.Repeat(", ?", len(v.Assignees)-1)+")")
		for _, a := range v.Assignees {
			args = append(args, a)
		}
	}
	if v.User != "" {
		ors = append(ors, "t.claimed_by = ?", "t.completed_by = ?")
		args = append(args, v.User, v.User)
	}
	if len(ors) == 0 {
		ors = []string{"1 = 0"}
	}
	return "SELECT COALESCE(x.root_workflow_execution_id, x.id) FROM human_tasks t " +
		"JOIN workflow_executions x ON x.id = t.execution_id WHERE " + strings.Join(ors, " OR "), args
}

// ExecutionVisible reports whether v may see the execution's tree.
func (q querier) ExecutionVisible(ctx context.Context, executionID string, v store.Visibility) (bool, error) {
	cond, args := visibleCond(&v)
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM workflow_executions WHERE id = ? AND COALESCE(root_workflow_execution_id, id) IN ("+cond+")",
		append([]any{executionID}, args...)...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("checking who may see execution %s: %w", executionID, err)
	}
	return n > 0, nil
}

// AppendExecutionEvents numbers the events from their trees' counters and inserts them.
func (q querier) AppendExecutionEvents(ctx context.Context, events []store.ExecutionEvent) error {
	for i := range events {
		e := &events[i]
		e.At = norm(e.At)
		// An upsert that returns the new value: one statement, and the row stays locked (on
		// PostgreSQL) until the transaction ends.
		err := q.queryRow(ctx, "INSERT INTO execution_event_seqs (root_id, last_seq) VALUES (?, 1) "+
			"ON CONFLICT (root_id) DO UPDATE SET last_seq = execution_event_seqs.last_seq + 1 RETURNING last_seq", e.RootID).Scan(&e.Seq)
		if err != nil {
			return fmt.Errorf("numbering an event of execution %s: %w", e.ExecutionID, err)
		}
		_, err = q.exec(ctx, "INSERT INTO execution_events (root_id, seq, execution_id, parent_id, step_id, kind, status, attempt, at) "+
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.RootID, e.Seq, e.ExecutionID, e.ParentID, e.StepID, string(e.Kind), e.Status, e.Attempt, q.bindTime(e.At))
		if err != nil {
			return fmt.Errorf("recording an event of execution %s: %w", e.ExecutionID, q.writeErr(err))
		}
	}
	return nil
}

// ListExecutionEvents lists a tree's events after a seq.
func (q querier) ListExecutionEvents(ctx context.Context, rootID string, afterSeq int64, limit int) ([]store.ExecutionEvent, error) {
	if limit <= 0 {
		limit = 500
	}
	evs, err := list(ctx, q, "SELECT root_id, seq, execution_id, parent_id, step_id, kind, status, attempt, at FROM execution_events "+
		"WHERE root_id = ? AND seq > ? ORDER BY seq LIMIT ?", []any{rootID, afterSeq, limit},
		func(r scanner, e *store.ExecutionEvent) error {
			return r.Scan(&e.RootID, &e.Seq, &e.ExecutionID, &e.ParentID, &e.StepID, &e.Kind, &e.Status, &e.Attempt, timeCol{&e.At})
		})
	if err != nil {
		return nil, fmt.Errorf("listing the events of execution %s: %w", rootID, err)
	}
	return evs, nil
}

// CountChildren counts a step's children by runtime status.
func (q querier) CountChildren(ctx context.Context, parentID, stepID string) (map[store.RuntimeStatus]int, error) {
	rows, err := q.x.QueryContext(ctx, q.d.rebind("SELECT runtime_status, COUNT(*) FROM workflow_executions "+
		"WHERE parent_workflow_execution_id = ? AND parent_step_id = ? GROUP BY runtime_status"), parentID, stepID)
	if err != nil {
		return nil, fmt.Errorf("counting the children of step %s of %s: %w", stepID, parentID, err)
	}
	defer rows.Close()
	out := map[store.RuntimeStatus]int{}
	for rows.Next() {
		var s store.RuntimeStatus
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("counting the children of step %s of %s: %w", stepID, parentID, err)
		}
		out[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting the children of step %s of %s: %w", stepID, parentID, err)
	}
	return out, nil
}

const fileCols = "id, execution_id, step_id, key, name, size, sha256, content_type, blob_key, created_by, created_at"

func scanFile(r scanner, f *store.File) error {
	return r.Scan(&f.ID, &f.ExecutionID, &f.StepID, &f.Key, &f.Name, &f.Size, &f.SHA256, &f.ContentType, &f.BlobKey, &f.CreatedBy, timeCol{&f.CreatedAt})
}

// CreateFile inserts f.
func (q querier) CreateFile(ctx context.Context, f *store.File) error {
	f.CreatedAt = norm(f.CreatedAt)
	_, err := q.exec(ctx, "INSERT INTO files ("+fileCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		f.ID, f.ExecutionID, f.StepID, f.Key, f.Name, f.Size, f.SHA256, f.ContentType, f.BlobKey, f.CreatedBy, q.bindTime(f.CreatedAt))
	if err != nil {
		return fmt.Errorf("creating file %s: %w", f.ID, q.writeErr(err))
	}
	return nil
}

// GetFile reads one file.
func (q querier) GetFile(ctx context.Context, id string) (*store.File, error) {
	var f store.File
	if err := scanFile(q.queryRow(ctx, "SELECT "+fileCols+" FROM files WHERE id = ?", id), &f); err != nil {
		return nil, fmt.Errorf("getting file %s: %w", id, rowErr(err))
	}
	return &f, nil
}

// ListFiles lists one page of an execution's files.
func (q querier) ListFiles(ctx context.Context, f store.FileFilter) ([]store.File, error) {
	var c conds
	c.eq("execution_id", f.ExecutionID)
	c.eq("step_id", f.StepID)
	query, args := q.page("SELECT "+fileCols+" FROM files", c, f.Page)
	fs, err := list(ctx, q, query, args, scanFile)
	if err != nil {
		return nil, fmt.Errorf("listing files: %w", err)
	}
	return fs, nil
}

// DeleteFile deletes a file's row.
func (q querier) DeleteFile(ctx context.Context, id string) error {
	n, err := q.exec(ctx, "DELETE FROM files WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting file %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("deleting file %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// ListAbandonedFiles lists the files of steps whose tasks were all cancelled before `before`.
func (q querier) ListAbandonedFiles(ctx context.Context, before time.Time, limit int) ([]store.File, error) {
	fs, err := list(ctx, q, "SELECT "+fileCols+" FROM files f WHERE "+
		"EXISTS (SELECT 1 FROM human_tasks t WHERE t.execution_id = f.execution_id AND t.step_id = f.step_id AND t.status = 'CANCELLED' AND t.cancelled_at < ?) "+
		"AND NOT EXISTS (SELECT 1 FROM human_tasks t WHERE t.execution_id = f.execution_id AND t.step_id = f.step_id "+
		"AND (t.status <> 'CANCELLED' OR t.cancelled_at >= ?)) ORDER BY created_at, id LIMIT ?",
		[]any{q.bindTime(before), q.bindTime(before), limitOf(limit)}, scanFile)
	if err != nil {
		return nil, fmt.Errorf("listing abandoned files: %w", err)
	}
	return fs, nil
}
