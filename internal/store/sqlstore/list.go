package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/workflowbuilder/wfb/internal/store"
)

// DefaultLimit is the page size when a filter leaves Page.Limit at 0.
const DefaultLimit = 50

// conds collects the WHERE conditions of a list query and their arguments.
type conds struct {
	where []string
	args  []any
}

func (c *conds) add(cond string, args ...any) {
	c.where = append(c.where, cond)
	c.args = append(c.args, args...)
}

// eq adds "col = v" when v is set (an empty filter field does not filter).
func (c *conds) eq(col, v string) {
	if v != "" {
		c.add(col+" = ?", v)
	}
}

func (c *conds) sql() string {
	if len(c.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.where, " AND ")
}

// page adds the keyset condition, order and limit of p to a SELECT of table's rows matching c.
func (q querier) page(sel string, c conds, p store.Page) (string, []any) {
	op, dir := ">", ""
	if p.Desc {
		op, dir = "<", " DESC"
	}
	if p.After != nil {
		c.add("(created_at, id) "+op+" (?, ?)", q.bindTime(p.After.CreatedAt), p.After.ID)
	}
	limit := p.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	query := sel + c.sql() + " ORDER BY created_at" + dir + ", id" + dir + " LIMIT " + strconv.Itoa(limit)
	return query, c.args
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// list runs query and scans each row with scan.
func list[T any](ctx context.Context, q querier, query string, args []any, scan func(scanner, *T) error) ([]T, error) {
	rows, err := q.x.QueryContext(ctx, q.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// likeContains is the LIKE pattern matching s anywhere, with LIKE's wildcards in s escaped
// (the queries say ESCAPE '\').
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}
