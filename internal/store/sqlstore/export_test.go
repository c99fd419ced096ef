package sqlstore

import (
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

// ListQuery returns the SQL (with the dialect's placeholders) and arguments a list method of
// db runs for filter f, so tests can ask the database how it would run it.
func ListQuery(db *DB, f any) (string, []any) {
	var query string
	var args []any
	switch f := f.(type) {
	case store.TemplateFilter:
		query, args = db.templatesQuery(f)
	case store.VersionFilter:
		query, args = db.versionsQuery(f)
	case store.LinkFilter:
		query, args = db.linksQuery(f)
	case store.ExecutionFilter:
		query, args = db.executionsQuery(f)
	default:
		panic(fmt.Sprintf("no list query for %T", f))
	}
	return db.d.rebind(query), args
}
