package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/workflowbuilder/wfb/internal/store"
)

// batchInsertRows is how many items one INSERT carries: few statements for a page of items,
// well under either database's limit of bound parameters.
const batchInsertRows = 200

// PutBatchItems inserts the items in multi-row statements; rows that exist are kept.
func (q querier) PutBatchItems(ctx context.Context, items []store.BatchItem) error {
	for len(items) > 0 {
		chunk := items[:min(len(items), batchInsertRows)]
		items = items[len(chunk):]
		var sb strings.Builder
		sb.WriteString("INSERT INTO batch_items (batch_id, idx, execution_id, name, input) VALUES ")
		args := make([]any, 0, 5*len(chunk))
		for i, it := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, it.BatchID, it.Index, it.ExecutionID, it.Name, bindJSON(it.Input))
		}
		sb.WriteString(" ON CONFLICT (batch_id, idx) DO NOTHING")
		if _, err := q.exec(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("writing %d items of batch %s: %w", len(chunk), chunk[0].BatchID, q.writeErr(err))
		}
	}
	return nil
}

// BatchItems reads items from..to-1 of a batch.
func (q querier) BatchItems(ctx context.Context, batchID string, from, to int) ([]store.BatchItem, error) {
	rows, err := q.x.QueryContext(ctx, q.d.rebind("SELECT idx, execution_id, name, input, child_id, result FROM batch_items "+
		"WHERE batch_id = ? AND idx >= ? AND idx < ? ORDER BY idx"), batchID, from, to)
	if err != nil {
		return nil, fmt.Errorf("reading items %d-%d of batch %s: %w", from, to, batchID, err)
	}
	defer rows.Close()
	out := make([]store.BatchItem, 0, max(to-from, 0))
	for rows.Next() {
		it := store.BatchItem{BatchID: batchID}
		var input string
		var child, result sql.NullString
		if err := rows.Scan(&it.Index, &it.ExecutionID, &it.Name, &input, &child, &result); err != nil {
			return nil, fmt.Errorf("reading items of batch %s: %w", batchID, err)
		}
		it.Input, it.ChildID = []byte(input), child.String
		if result.Valid {
			it.Result = []byte(result.String)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading items of batch %s: %w", batchID, err)
	}
	return out, nil
}

// SetBatchChild sets child_id where it is unset, then reads back the one that holds.
func (q querier) SetBatchChild(ctx context.Context, batchID string, index int, childID string) (string, error) {
	if _, err := q.exec(ctx, "UPDATE batch_items SET child_id = ? WHERE batch_id = ? AND idx = ? AND child_id IS NULL",
		childID, batchID, index); err != nil {
		return "", fmt.Errorf("recording the child of item %d of batch %s: %w", index, batchID, q.writeErr(err))
	}
	var got sql.NullString
	err := q.queryRow(ctx, "SELECT child_id FROM batch_items WHERE batch_id = ? AND idx = ?", batchID, index).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("recording the child of item %d of batch %s: %w", index, batchID, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("recording the child of item %d of batch %s: %w", index, batchID, err)
	}
	return got.String, nil
}

// SetBatchResults writes each item's result.
func (q querier) SetBatchResults(ctx context.Context, items []store.BatchItem) error {
	for _, it := range items {
		n, err := q.exec(ctx, "UPDATE batch_items SET result = ? WHERE batch_id = ? AND idx = ?",
			bindJSON(it.Result), it.BatchID, it.Index)
		if err != nil {
			return fmt.Errorf("writing the result of item %d of batch %s: %w", it.Index, it.BatchID, q.writeErr(err))
		}
		if n == 0 {
			return fmt.Errorf("writing the result of item %d of batch %s: %w", it.Index, it.BatchID, store.ErrNotFound)
		}
	}
	return nil
}
