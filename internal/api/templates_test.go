package api

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
)

func TestTemplates(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		var created Template
		r := e.do("POST", "/v1/templates", map[string]any{"name": "  Incorporation ", "description": "US companies"})
		e.ok(r, http.StatusCreated, &created)
		if created.Name != "Incorporation" || created.Description == nil || *created.Description != "US companies" || !id.Valid(created.ID) || created.ActiveVersionID != nil {
			t.Fatalf("created = %+v", created)
		}
		if got := e.getTemplate(created.ID); !reflect.DeepEqual(got, created) {
			t.Fatalf("GET = %+v, want %+v", got, created)
		}

		var renamed Template
		e.ok(e.do("PATCH", "/v1/templates/"+created.ID, map[string]any{"name": "Incorporation (US)"}), http.StatusOK, &renamed)
		if renamed.Name != "Incorporation (US)" || renamed.Description == nil || !renamed.UpdatedAt.After(created.UpdatedAt) {
			t.Fatalf("renamed = %+v", renamed)
		}
		var cleared Template
		e.ok(e.do("PATCH", "/v1/templates/"+created.ID, map[string]any{"description": ""}), http.StatusOK, &cleared)
		if cleared.Description != nil || cleared.Name != renamed.Name {
			t.Fatalf("cleared = %+v", cleared)
		}

		refused := []struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{
			{"blank name", "POST", "/v1/templates", map[string]any{"name": "   "}, 400, "invalid_request"},
			{"empty name", "POST", "/v1/templates", map[string]any{"name": ""}, 422, "invalid_request"},
			{"NUL in name", "POST", "/v1/templates", map[string]any{"name": "a\x00b"}, 400, "invalid_request"},
			{"blank new name", "PATCH", "/v1/templates/" + created.ID, map[string]any{"name": " "}, 400, "invalid_request"},
			{"unknown template", "GET", "/v1/templates/" + id.New(), nil, 404, "not_found"},
			{"malformed id", "GET", "/v1/templates/not-an-id", nil, 404, "not_found"},
			{"patch unknown", "PATCH", "/v1/templates/" + id.New(), map[string]any{"name": "x"}, 404, "not_found"},
			{"delete unknown", "DELETE", "/v1/templates/" + id.New(), nil, 404, "not_found"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do(tt.method, tt.path, tt.body), tt.status, tt.code)
			})
		}
	})
}

func TestDeleteTemplate(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Doomed")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		e.publish(v.ID)
		e.activate(v.ID)
		var l Link
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": tpl.ID, "entityType": "PRODUCT", "entityId": "doomed"}), http.StatusCreated, &l)

		e.ok(e.do("DELETE", "/v1/templates/"+tpl.ID, nil), http.StatusNoContent, nil)
		e.problem(e.do("GET", "/v1/templates/"+tpl.ID, nil), http.StatusNotFound, "not_found")
		e.problem(e.do("GET", "/v1/versions/"+v.ID, nil), http.StatusNotFound, "not_found")
		e.problem(e.do("GET", "/v1/links/"+l.ID, nil), http.StatusNotFound, "not_found")

		ran := e.createTemplate("Has history")
		rv := e.createVersion(ran.ID, "1.0.0", validDefinition)
		e.publish(rv.ID)
		e.addExecution(rv.ID)
		e.problem(e.do("DELETE", "/v1/templates/"+ran.ID, nil), http.StatusConflict, "template_has_executions")
		e.getTemplate(ran.ID)
		e.getVersion(rv.ID)
	})
}

func TestListTemplates(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		var want []string
		for i := range 7 {
			want = append(want, e.createTemplate(fmt.Sprintf("Paged %d", i)).ID)
		}
		e.createTemplate("Something else")

		walk := func(query string) []string {
			t.Helper()
			var got []string
			cursor := ""
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatalf("pagination does not end")
				}
				q := query + "&limit=3"
				if cursor != "" {
					q += "&cursor=" + url.QueryEscape(cursor)
				}
				var page listBody[Template]
				e.ok(e.do("GET", "/v1/templates?"+q, nil), http.StatusOK, &page)
				if len(page.Items) > 3 {
					t.Fatalf("page of %d items with limit=3", len(page.Items))
				}
				for _, tpl := range page.Items {
					got = append(got, tpl.ID)
				}
				if page.NextCursor == "" {
					return got
				}
				cursor = page.NextCursor
			}
		}
		if got := walk("name=Paged"); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("ascending pages = %v, want %v", got, want)
		}
		var reversed []string
		for i := len(want) - 1; i >= 0; i-- {
			reversed = append(reversed, want[i])
		}
		if got := walk("name=Paged&order=desc"); fmt.Sprint(got) != fmt.Sprint(reversed) {
			t.Fatalf("descending pages = %v, want %v", got, reversed)
		}
		var all listBody[Template]
		e.ok(e.do("GET", "/v1/templates", nil), http.StatusOK, &all)
		if len(all.Items) != 8 || all.NextCursor != "" {
			t.Fatalf("default page has %d items, cursor %q; want all 8 and no cursor", len(all.Items), all.NextCursor)
		}

		for _, q := range []string{"limit=0", "limit=201", "limit=x", "order=sideways", "cursor=%21%21", "cursor=eyJ0IjoxfQ", "colour=blue"} {
			t.Run(q, func(t *testing.T) {
				e := e.at(t)
				r := e.do("GET", "/v1/templates?"+q, nil)
				if r.status != 400 && r.status != 422 {
					t.Fatalf("status %d for %s, want 400 or 422", r.status, q)
				}
				e.problem(r, r.status, "invalid_request")
			})
		}
	})
}
