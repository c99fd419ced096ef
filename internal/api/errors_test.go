package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
)

func TestEveryCodeHasAStatus(t *testing.T) {
	t.Parallel()
	for _, c := range app.Codes {
		s := statusOf[c]
		// The server-side conditions: Temporal or the database did not answer. They say when to
		// retry.
		if c == app.CodeEngineUnavailable || c == app.CodeDatabaseUnavailable {
			if s != 503 {
				t.Errorf("code %s maps to status %d, want 503", c, s)
			}
			continue
		}
		if s < 400 || s > 499 {
			t.Errorf("code %s maps to status %d, want a 4xx", c, s)
		}
	}
	if len(statusOf) != len(app.Codes) {
		t.Errorf("statusOf has %d codes, app.Codes %d", len(statusOf), len(app.Codes))
	}
}

// TestBadInput sends what clients get wrong. Each answer must be a 4xx problem with a code, and
// none may write anything.
func TestBadInput(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Target")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		tag := etag(v.UpdatedAt)
		huge := `{"name":"` + strings.Repeat("x", int(MaxBody)) + `"}`
		hugeDef := `{"version":"9.9.9","definition":{"pad":"` + strings.Repeat("x", int(MaxDefinitionBody)) + `"}}`

		cases := []struct {
			name, method, path string
			body               any
			headers            []string
			status             int
			code               string
		}{
			{"malformed JSON", "POST", "/v1/templates", `{"name": "x"`, nil, 400, "invalid_request"},
			{"trailing garbage", "POST", "/v1/templates", `{"name": "x"} {}`, nil, 400, "invalid_request"},
			{"not an object", "POST", "/v1/templates", `["x"]`, nil, 400, "invalid_request"},
			{"wrong type", "POST", "/v1/templates", `{"name": 42}`, nil, 422, "invalid_request"},
			{"null name", "POST", "/v1/templates", `{"name": null}`, nil, 422, "invalid_request"},
			{"unknown field", "POST", "/v1/templates", `{"name": "x", "colour": "blue"}`, nil, 422, "invalid_request"},
			{"missing body", "POST", "/v1/templates", nil, nil, 400, "invalid_request"},
			{"oversize body", "POST", "/v1/templates", huge, nil, 413, "body_too_large"},
			{"oversize definition", "POST", "/v1/templates/" + tpl.ID + "/versions", hugeDef, nil, 413, "body_too_large"},
			{"unknown field in a version", "POST", "/v1/templates/" + tpl.ID + "/versions", `{"version": "2.0.0", "status": "PUBLISHED"}`, nil, 422, "invalid_request"},
			{"wrong type in a patch", "PATCH", "/v1/versions/" + v.ID, `{"versionNote": ["a"]}`, []string{"If-Match", tag}, 422, "invalid_request"},
			{"unknown field in a patch", "PATCH", "/v1/versions/" + v.ID, `{"status": "PUBLISHED"}`, []string{"If-Match", tag}, 422, "invalid_request"},
			{"bad updatedAt", "PATCH", "/v1/versions/" + v.ID, `{"updatedAt": "yesterday"}`, nil, 422, "invalid_request"},
			{"bad link entity type", "POST", "/v1/links", `{"workflowTemplateId": "` + tpl.ID + `", "entityType": 1, "entityId": "x"}`, nil, 422, "invalid_request"},
			{"bad template id", "GET", "/v1/templates/%00", nil, nil, 404, "not_found"},
			{"overlong id", "GET", "/v1/versions/" + strings.Repeat("c", 300), nil, nil, 404, "not_found"},
			{"bad version id", "POST", "/v1/versions/DROP%20TABLE/publish", nil, nil, 404, "not_found"},
			{"bad link id", "DELETE", "/v1/links/-1", nil, nil, 404, "not_found"},
			{"unknown route", "GET", "/v1/nothing", nil, nil, 404, "not_found"},
			{"unknown root route", "GET", "/favicon.ico", nil, nil, 404, "not_found"},
			{"wrong method", "PUT", "/v1/templates", `{}`, nil, 405, "method_not_allowed"},
			{"wrong method on an item", "POST", "/v1/versions/" + v.ID, nil, nil, 405, "method_not_allowed"},
		}
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				p := e.problem(e.do(tt.method, tt.path, tt.body, tt.headers...), tt.status, tt.code)
				if tt.status == 422 && len(p.Errors) == 0 {
					t.Fatalf("a validation problem lists no errors: %+v", p)
				}
			})
		}

		r := e.do("PUT", "/v1/templates/"+tpl.ID, nil)
		if allow := r.header.Values("Allow"); strings.Join(allow, ",") != "GET,PATCH,DELETE" {
			t.Fatalf("Allow = %v, want GET, PATCH, DELETE", allow)
		}

		var list listBody[Template]
		e.ok(e.do("GET", "/v1/templates", nil), http.StatusOK, &list)
		if len(list.Items) != 1 {
			t.Fatalf("%d templates after the refused requests, want 1", len(list.Items))
		}
		var versions listBody[Version]
		e.ok(e.do("GET", "/v1/templates/"+tpl.ID+"/versions", nil), http.StatusOK, &versions)
		if len(versions.Items) != 1 || !versions.Items[0].UpdatedAt.Equal(v.UpdatedAt) {
			t.Fatalf("the version changed or multiplied: %+v", versions.Items)
		}
	})
}

func TestEveryProblemListsEveryError(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		p := e.problem(e.do("POST", "/v1/links", `{"workflowTemplateId": 1, "entityType": "SHOE", "extra": true}`), 422, "invalid_request")
		if len(p.Errors) < 4 { // wrong type, bad enum, unknown field, missing entityId
			t.Fatalf("problem lists %d errors, want every one: %+v", len(p.Errors), p.Errors)
		}
	})
}
