package api

import (
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
)

func TestLinks(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		a := e.createTemplate("A")
		b := e.createTemplate("B")
		var l Link
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": a.ID, "entityType": "SERVICE_CATALOG", "entityId": "inc-us"}), http.StatusCreated, &l)
		if l.WorkflowTemplateID != a.ID || l.EntityType != "SERVICE_CATALOG" || l.EntityID != "inc-us" {
			t.Fatalf("link = %+v", l)
		}
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": a.ID, "entityType": "PRODUCT", "entityId": "inc-us"}), http.StatusCreated, nil)
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": b.ID, "entityType": "PRODUCT", "entityId": "tax"}), http.StatusCreated, nil)

		refused := []struct {
			name   string
			body   map[string]any
			status int
			code   string
		}{
			{"same link twice", map[string]any{"workflowTemplateId": a.ID, "entityType": "SERVICE_CATALOG", "entityId": "inc-us"}, 409, "duplicate_link"},
			{"entity linked to another template", map[string]any{"workflowTemplateId": b.ID, "entityType": "SERVICE_CATALOG", "entityId": "inc-us"}, 409, "duplicate_link"},
			{"unknown template", map[string]any{"workflowTemplateId": id.New(), "entityType": "PRODUCT", "entityId": "x"}, 404, "not_found"},
			{"malformed template id", map[string]any{"workflowTemplateId": "../x", "entityType": "PRODUCT", "entityId": "x"}, 404, "not_found"},
			{"unknown entity type", map[string]any{"workflowTemplateId": a.ID, "entityType": "SHOE", "entityId": "x"}, 422, "invalid_request"},
			{"blank entity id", map[string]any{"workflowTemplateId": a.ID, "entityType": "PRODUCT", "entityId": " "}, 400, "invalid_request"},
			{"missing entity id", map[string]any{"workflowTemplateId": a.ID, "entityType": "PRODUCT"}, 422, "invalid_request"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do("POST", "/v1/links", tt.body), tt.status, tt.code)
			})
		}

		filters := []struct {
			query string
			want  int
		}{
			{"", 3},
			{"?templateId=" + a.ID, 2},
			{"?entityType=PRODUCT", 2},
			{"?entityId=inc-us", 2},
			{"?entityType=PRODUCT&entityId=tax", 1},
			{"?templateId=" + b.ID + "&entityType=SERVICE_CATALOG", 0},
		}
		for _, f := range filters {
			t.Run("filter"+f.query, func(t *testing.T) {
				e := e.at(t)
				var got listBody[Link]
				e.ok(e.do("GET", "/v1/links"+f.query, nil), http.StatusOK, &got)
				if len(got.Items) != f.want {
					t.Fatalf("%d links, want %d: %+v", len(got.Items), f.want, got.Items)
				}
			})
		}

		var got Link
		e.ok(e.do("GET", "/v1/links/"+l.ID, nil), http.StatusOK, &got)
		if !reflect.DeepEqual(got, l) {
			t.Fatalf("GET = %+v, want %+v", got, l)
		}
		e.ok(e.do("DELETE", "/v1/links/"+l.ID, nil), http.StatusNoContent, nil)
		e.problem(e.do("DELETE", "/v1/links/"+l.ID, nil), http.StatusNotFound, "not_found")
		e.problem(e.do("GET", "/v1/links/"+l.ID, nil), http.StatusNotFound, "not_found")
		// Once unlinked, the entity can start another template.
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": b.ID, "entityType": "SERVICE_CATALOG", "entityId": "inc-us"}), http.StatusCreated, nil)
	})
}

func TestConcurrentLinksOfOneEntity(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		const n = 8
		templates := make([]Template, n)
		for i := range templates {
			templates[i] = e.createTemplate("Racer")
		}
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				r, err := e.send("POST", "/v1/links", map[string]any{"workflowTemplateId": templates[i].ID, "entityType": "PRODUCT", "entityId": "contested"})
				if err != nil {
					t.Error(err)
					return
				}
				statuses[i] = r.status
			})
		}
		wg.Wait()
		created := 0
		for _, s := range statuses {
			switch s {
			case http.StatusCreated:
				created++
			case http.StatusConflict:
			default:
				t.Fatalf("statuses %v: want one 201 and the rest 409", statuses)
			}
		}
		var links listBody[Link]
		e.ok(e.do("GET", "/v1/links?entityId=contested", nil), http.StatusOK, &links)
		if created != 1 || len(links.Items) != 1 {
			t.Fatalf("%d created, %d stored; want exactly one", created, len(links.Items))
		}
	})
}

func TestUpdateLink(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		a := e.createTemplate("A")
		b := e.createTemplate("B")
		var l, taken Link
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": a.ID, "entityType": "SERVICE_CATALOG", "entityId": "inc-us"}), http.StatusCreated, &l)
		e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": b.ID, "entityType": "PRODUCT", "entityId": "tax"}), http.StatusCreated, &taken)

		changes := []struct {
			name string
			body map[string]any
			want Link
		}{
			{"template", map[string]any{"workflowTemplateId": b.ID}, Link{WorkflowTemplateID: b.ID, EntityType: "SERVICE_CATALOG", EntityID: "inc-us"}},
			{"entity", map[string]any{"entityType": "PRODUCT", "entityId": "inc-uk"}, Link{WorkflowTemplateID: b.ID, EntityType: "PRODUCT", EntityID: "inc-uk"}},
			{"all at once", map[string]any{"workflowTemplateId": a.ID, "entityType": "SERVICE_CATALOG", "entityId": "inc-us"}, Link{WorkflowTemplateID: a.ID, EntityType: "SERVICE_CATALOG", EntityID: "inc-us"}},
			{"nothing", map[string]any{}, Link{WorkflowTemplateID: a.ID, EntityType: "SERVICE_CATALOG", EntityID: "inc-us"}},
		}
		for _, c := range changes {
			var got Link
			e.ok(e.do("PATCH", "/v1/links/"+l.ID, c.body), http.StatusOK, &got)
			c.want.ID, c.want.CreatedAt = l.ID, l.CreatedAt
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("%s: PATCH = %+v, want %+v", c.name, got, c.want)
			}
		}

		refused := []struct {
			name   string
			path   string
			body   map[string]any
			status int
			code   string
		}{
			{"an entity another link has", l.ID, map[string]any{"entityType": "PRODUCT", "entityId": "tax"}, 409, "duplicate_link"},
			{"unknown template", l.ID, map[string]any{"workflowTemplateId": id.New()}, 404, "not_found"},
			{"malformed template id", l.ID, map[string]any{"workflowTemplateId": "../x"}, 404, "not_found"},
			{"unknown link", id.New(), map[string]any{"entityId": "x"}, 404, "not_found"},
			{"unknown entity type", l.ID, map[string]any{"entityType": "SHOE"}, 422, "invalid_request"},
			{"blank entity id", l.ID, map[string]any{"entityId": " "}, 400, "invalid_request"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do("PATCH", "/v1/links/"+tt.path, tt.body), tt.status, tt.code)
			})
		}
		var got Link
		e.ok(e.do("GET", "/v1/links/"+l.ID, nil), http.StatusOK, &got)
		if got.WorkflowTemplateID != a.ID || got.EntityType != "SERVICE_CATALOG" || got.EntityID != "inc-us" {
			t.Fatalf("after the refused edits the link is %+v; want it unchanged", got)
		}

		// Three edits changed something, so three entries; the no-op wrote none.
		var audit listBody[AuditEntry]
		e.ok(e.do("GET", "/v1/audit?action=link.update&targetId="+l.ID, nil), http.StatusOK, &audit)
		if len(audit.Items) != 3 {
			t.Fatalf("%d link.update entries, want 3: %+v", len(audit.Items), audit.Items)
		}
		first := audit.Items[0]
		if !strings.Contains(string(first.Before), a.ID) || !strings.Contains(string(first.After), b.ID) || first.TargetType != "link" {
			t.Fatalf("the first link.update entry: before %s, after %s, target %s", first.Before, first.After, first.TargetType)
		}
	})
}
