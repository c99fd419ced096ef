package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// lister is one list method seen through its page and its records' cursor.
type lister struct {
	name string
	// create makes a record created at the given time and returns its cursor.
	create func(t *testing.T, at time.Time) store.Cursor
	// list returns the cursors of one page.
	list func(p store.Page) ([]store.Cursor, error)
}

func cursors[T any](rs []T, err error, key func(T) store.Cursor) ([]store.Cursor, error) {
	out := make([]store.Cursor, len(rs))
	for i, r := range rs {
		out[i] = key(r)
	}
	return out, err
}

func testPagination(t *testing.T, s store.Store) {
	ctx := context.Background()
	parent := newTemplate(t, s, "owner")
	version := newVersion(t, s, parent.ID, "1.0.0", store.VersionPublished)
	n := 0
	requestType := ""
	listers := []lister{
		{
			name: "templates",
			create: func(t *testing.T, at time.Time) store.Cursor {
				tpl := &store.Template{ID: id.New(), Name: "p", CreatedAt: at, UpdatedAt: at}
				wantErr(t, "CreateTemplate", s.CreateTemplate(ctx, tpl), nil)
				return store.Cursor{CreatedAt: tpl.CreatedAt, ID: tpl.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				// The filter leaves out the owner of the other rows.
				rs, err := s.ListTemplates(ctx, store.TemplateFilter{Page: p, NameContains: "p"})
				return cursors(rs, err, func(x store.Template) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "versions",
			create: func(t *testing.T, at time.Time) store.Cursor {
				n++
				v := versionRecord(parent.ID, fmt.Sprintf("2.0.%d", n), store.VersionDraft)
				v.CreatedAt = at
				wantErr(t, "CreateVersion", s.CreateVersion(ctx, v), nil)
				return store.Cursor{CreatedAt: v.CreatedAt, ID: v.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListVersions(ctx, store.VersionFilter{Page: p, Status: store.VersionDraft})
				return cursors(rs, err, func(x store.Version) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "links",
			create: func(t *testing.T, at time.Time) store.Cursor {
				l := &store.Link{ID: id.New(), TemplateID: parent.ID, EntityType: store.EntityProduct, EntityID: id.New(), CreatedAt: at}
				wantErr(t, "CreateLink", s.CreateLink(ctx, l), nil)
				return store.Cursor{CreatedAt: l.CreatedAt, ID: l.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListLinks(ctx, store.LinkFilter{Page: p})
				return cursors(rs, err, func(x store.Link) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "executions",
			create: func(t *testing.T, at time.Time) store.Cursor {
				e := executionRecord(version.ID, nil)
				e.CreatedAt, e.Context = at, json.RawMessage(`{}`)
				wantErr(t, "CreateExecution", s.CreateExecution(ctx, e), nil)
				return store.Cursor{CreatedAt: e.CreatedAt, ID: e.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListExecutions(ctx, store.ExecutionFilter{Page: p})
				return cursors(rs, err, func(x store.Execution) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "service request types",
			create: func(t *testing.T, at time.Time) store.Cursor {
				rt := requestTypeRecord(id.New())
				rt.CreatedAt = at
				wantErr(t, "CreateServiceRequestType", s.CreateServiceRequestType(ctx, rt), nil)
				return store.Cursor{CreatedAt: rt.CreatedAt, ID: rt.Type}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListServiceRequestTypes(ctx, p)
				return cursors(rs, err, func(x store.ServiceRequestType) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.Type} })
			},
		},
		{
			name: "service requests",
			create: func(t *testing.T, at time.Time) store.Cursor {
				if requestType == "" {
					requestType = id.New()
					wantErr(t, "CreateServiceRequestType", s.CreateServiceRequestType(ctx, requestTypeRecord(requestType)), nil)
				}
				r := requestRecord(requestType)
				r.CreatedAt = at
				wantErr(t, "CreateServiceRequest", s.CreateServiceRequest(ctx, r), nil)
				return store.Cursor{CreatedAt: r.CreatedAt, ID: r.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListServiceRequests(ctx, store.ServiceRequestFilter{Page: p})
				return cursors(rs, err, func(x store.ServiceRequest) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "data sources",
			create: func(t *testing.T, at time.Time) store.Cursor {
				d := dataSourceRecord(id.New())
				d.CreatedAt = at
				wantErr(t, "CreateDataSource", s.CreateDataSource(ctx, d), nil)
				return store.Cursor{CreatedAt: d.CreatedAt, ID: d.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListDataSources(ctx, store.DataSourceFilter{Page: p})
				return cursors(rs, err, func(x store.DataSource) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "api keys",
			create: func(t *testing.T, at time.Time) store.Cursor {
				k := apiKeyRecord(store.RoleService)
				k.CreatedAt = at
				wantErr(t, "CreateAPIKey", s.CreateAPIKey(ctx, k), nil)
				return store.Cursor{CreatedAt: k.CreatedAt, ID: k.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListAPIKeys(ctx, store.APIKeyFilter{Page: p})
				return cursors(rs, err, func(x store.APIKey) store.Cursor { return store.Cursor{CreatedAt: x.CreatedAt, ID: x.ID} })
			},
		},
		{
			name: "audit log",
			create: func(t *testing.T, at time.Time) store.Cursor {
				e := auditRecord("k", "a", "t", "x")
				e.At = at
				wantErr(t, "AppendAudit", s.AppendAudit(ctx, e), nil)
				return store.Cursor{CreatedAt: e.At, ID: e.ID}
			},
			list: func(p store.Page) ([]store.Cursor, error) {
				rs, err := s.ListAudit(ctx, store.AuditFilter{Page: p})
				return cursors(rs, err, func(x store.AuditEntry) store.Cursor { return store.Cursor{CreatedAt: x.At, ID: x.ID} })
			},
		},
	}
	// Several rows share a created_at: only the id orders them, and a page may end inside a tie.
	base := tick()
	offsets := []int{3, 0, 0, 1, 0, 1, 2, 0, 3, 2, 1}
	for _, l := range listers {
		var want []store.Cursor
		for _, off := range offsets {
			want = append(want, l.create(t, base.Add(time.Duration(off)*time.Millisecond)))
		}
		slices.SortFunc(want, func(a, b store.Cursor) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		})
		for _, size := range []int{1, 3, 4, len(want), len(want) + 1} {
			walk(t, fmt.Sprintf("%s ascending by %d", l.name, size), l.list, size, false, want)
			walk(t, fmt.Sprintf("%s descending by %d", l.name, size), l.list, size, true, reversed(want))
		}
	}
}

// walk pages through a list, each page starting after the last row of the one before, and
// checks it yields want in order.
func walk(t *testing.T, name string, list func(store.Page) ([]store.Cursor, error), size int, desc bool, want []store.Cursor) {
	t.Helper()
	var got []store.Cursor
	p := store.Page{Limit: size, Desc: desc}
	for range len(want) + 2 {
		page, err := list(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(page) > size {
			t.Fatalf("%s: page of %d rows, limit %d", name, len(page), size)
		}
		got = append(got, page...)
		if len(page) < size {
			break
		}
		last := page[len(page)-1]
		p.After = &last
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: got\n%v\nwant\n%v", name, got, want)
	}
}

func reversed[T any](s []T) []T {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}
