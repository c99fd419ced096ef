package api

import (
	"net/http"
	"reflect"
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
