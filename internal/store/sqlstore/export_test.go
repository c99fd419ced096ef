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
	case store.ServiceRequestFilter:
		query, args = db.requestsQuery(f)
	case RequestTypePage:
		query, args = db.requestTypesQuery(store.Page(f))
	case store.DataSourceFilter:
		query, args = db.dataSourcesQuery(f)
	case store.InboxFilter:
		query, args = db.inboxQuery(f)
	case store.AuditFilter:
		query, args = db.auditQuery(f)
	case store.APIKeyFilter:
		query, args = db.apiKeysQuery(f)
	default:
		panic(fmt.Sprintf("no list query for %T", f))
	}
	return db.d.rebind(query), args
}

// RequestTypePage is the page of ListServiceRequestTypes, whose only filter is its page.
type RequestTypePage store.Page
