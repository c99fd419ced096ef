package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
)

func TestAuditLog(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		svc := app.New(e.store, nil)
		ada := e.as(newToken(t, svc, app.KeyInput{Name: "ada", Role: store.RoleAdmin, UserID: "ada"}))
		bob := e.as(newToken(t, svc, app.KeyInput{Name: "bob", Role: store.RoleAdmin, UserID: "bob"}))

		first := ada.createTemplate("First")
		time.Sleep(2 * time.Millisecond) // entries in distinct milliseconds, so since/until can split them
		mid := time.Now().UTC()
		time.Sleep(2 * time.Millisecond)
		second := bob.createTemplate("Second")
		v := bob.createVersion(second.ID, "1.0.0", validDefinition)
		bob.publish(v.ID)
		var link Link
		ada.ok(ada.do("POST", "/v1/links", map[string]any{"workflowTemplateId": second.ID, "entityType": "PRODUCT", "entityId": "p1"}), http.StatusCreated, &link)
		ada.ok(ada.do("DELETE", "/v1/links/"+link.ID, nil), http.StatusNoContent, nil)

		list := func(query string) []AuditEntry {
			t.Helper()
			var out listBody[AuditEntry]
			e.ok(e.do("GET", "/v1/audit"+query, nil), http.StatusOK, &out)
			return out.Items
		}
		actions := func(es []AuditEntry) string {
			var a []string
			for _, x := range es {
				a = append(a, x.Action)
			}
			return strings.Join(a, " ")
		}
		// The keys created above are audited too; filter them out by target type where needed.
		tests := []struct {
			name, query, want string
		}{
			{"actor", "?actor=ada", "template.create link.create link.delete"},
			{"action", "?action=version.publish", "version.publish"},
			{"target type", "?targetType=template", "template.create template.create"},
			{"one target", "?targetType=template&targetId=" + first.ID, "template.create"},
			{"target id alone", "?targetId=" + v.ID, "version.create version.publish"},
			{"since", "?targetType=template&since=" + url.QueryEscape(mid.Format(time.RFC3339Nano)), "template.create"},
			{"until", "?targetType=template&until=" + url.QueryEscape(mid.Format(time.RFC3339Nano)), "template.create"},
			{"newest first", "?actor=bob&order=desc", "version.publish version.create template.create"},
		}
		for _, tt := range tests {
			if got := actions(list(tt.query)); got != tt.want {
				t.Errorf("%s: %s = %q, want %q", tt.name, tt.query, got, tt.want)
			}
		}
		if es := list("?targetId=" + first.ID); len(es) != 1 || es[0].Actor != "ada" || !strings.Contains(string(es[0].After), `"First"`) || string(es[0].Before) != "null" {
			t.Errorf("the entry of the first template: %+v", es)
		}
		if es := list("?action=link.delete"); len(es) != 1 || !strings.Contains(string(es[0].Before), `"p1"`) {
			t.Errorf("the entry of the link's deletion: %+v", es)
		}

		// Cursor pagination walks every entry once.
		all := list("?limit=200")
		var walked []string
		cursor := ""
		for range len(all) + 1 {
			var page listBody[AuditEntry]
			e.ok(e.do("GET", "/v1/audit?limit=2&cursor="+cursor, nil), http.StatusOK, &page)
			for _, x := range page.Items {
				walked = append(walked, x.ID)
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if len(walked) != len(all) || len(all) < 8 {
			t.Fatalf("pages of 2 walked %d entries, one page of 200 has %d", len(walked), len(all))
		}
		for i := range all {
			if walked[i] != all[i].ID {
				t.Fatalf("entry %d: pages give %s, one page %s", i, walked[i], all[i].ID)
			}
		}

		e.problem(e.do("GET", "/v1/audit?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", nil), http.StatusBadRequest, string(app.CodeInvalidRequest))
		e.problem(e.do("GET", "/v1/audit?since=yesterday", nil), http.StatusUnprocessableEntity, string(app.CodeInvalidRequest))
	})
}
