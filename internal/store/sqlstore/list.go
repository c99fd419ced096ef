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
	return q.pageBy(sel, c, p, "created_at", "id")
}

// pageBy is page for a table whose list order is (timeCol, keyCol) rather than
// (created_at, id): the audit log (at) and service request types (their type key).
func (q querier) pageBy(sel string, c conds, p store.Page, timeCol, keyCol string) (string, []any) {
	op, dir := ">", ""
	if p.Desc {
		op, dir = "<", " DESC"
	}
	if p.After != nil {
		c.add("("+timeCol+", "+keyCol+") "+op+" (?, ?)", q.bindTime(p.After.CreatedAt), p.After.ID)
	}
	query := sel + c.sql() + " ORDER BY " + timeCol + dir + ", " + keyCol + dir + " LIMIT " + strconv.Itoa(limitOf(p.Limit))
	return query, c.args
}

// limitOf is the page size a filter's Limit asks for.
func limitOf(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return n
}

// in adds "col IN (?, ...)" when vs is not empty; one value is "col = ?", which lets an index
// on (col, ...) return its rows already in order.
func (c *conds) in(col string, vs []string) {
	switch len(vs) {
	case 0:
	case 1:
		c.add(col+" = ?", vs[0])
	default:
		args := make([]any, len(vs))
		for i, v := range vs {
			args[i] = v
		}
		c.add(col+" IN (?"+strings.Repeat(", ?", len(vs)-1)+")", args...)
	}
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
