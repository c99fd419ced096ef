package api

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// sqliteEnv is one API server (authentication on, requests as an admin) over a fresh SQLite
// database, for the tests whose subject does not depend on the database kind.
func sqliteEnv(t *testing.T) (*env, *app.Service) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	svc := app.New(s, nil)
	return serveAsAdmin(t, svc, s), svc
}

// registeredRoutes lists "METHOD /path" of every operation the API registers.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	_, hapi := build(app.New(nil, nil), Options{})
	var out []string
	for path, item := range hapi.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{
			"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete,
		} {
			if op != nil {
				out = append(out, method+" "+path)
			}
		}
	}
	return out
}

func TestEveryOperationHasAnAccessRule(t *testing.T) {
	t.Parallel()
	routes := registeredRoutes(t)
	if len(routes) < 20 {
		t.Fatalf("found only %d operations; the walk over the document is broken", len(routes))
	}
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if _, ok := accessOf(method, path); !ok {
			t.Errorf("%s has no entry in accessRules (internal/api/roles.go): every operation needs one", r)
		}
	}
}

func TestRouteKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ method, path, want string }{
		{"GET", "/v1/templates/{id}", "GET /v1/templates/{}"},
		{"GET", "/v1/service-request-types/{type}", "GET /v1/service-request-types/{}"},
		{"POST", "/v1/executions/{id}/steps/{stepId}/complete", "POST /v1/executions/{}/steps/{}/complete"},
		{"GET", "/healthz", "GET /healthz"},
		{"GET", "/odd/{}", "GET /odd/{}"},
	}
	for _, tt := range tests {
		if got := routeKey(tt.method, tt.path); got != tt.want {
			t.Errorf("routeKey(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestRoles sends every registered operation with a key of every role, and without one, and
// checks the answer against the operation's rule in accessRules: refused callers get 401 or 403
// problems, allowed ones reach the handler (whatever it then answers).
func TestRoles(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	tokens := map[store.Role]string{
		store.RoleAdmin:   e.token,
		store.RoleAgent:   newToken(t, svc, app.KeyInput{Name: "agent", Role: store.RoleAgent, UserID: "ada", Groups: []string{"ops"}}),
		store.RoleService: newToken(t, svc, app.KeyInput{Name: "service", Role: store.RoleService}),
	}
	for _, route := range registeredRoutes(t) {
		method, pattern, _ := strings.Cut(route, " ")
		rule, _ := accessOf(method, pattern)
		path := pathParam.ReplaceAllStringFunc(pattern, func(string) string { return id.New() })
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			for role, token := range tokens {
				r := e.at(t).as(token).do(method, path, nil)
				refused := r.status == http.StatusForbidden && problemCode(r) == string(app.CodeForbidden)
				if refused == rule.allows(role) || r.status == http.StatusUnauthorized {
					t.Errorf("role %s: %d %s; rule allows it: %v", role, r.status, r.body, rule.allows(role))
				}
			}
			r := e.at(t).as("").do(method, path, nil)
			switch {
			case rule.public && r.status == http.StatusUnauthorized:
				t.Errorf("public operation without a key: %d %s", r.status, r.body)
			case !rule.public:
				e.at(t).problem(r, http.StatusUnauthorized, string(app.CodeUnauthorized))
				if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without a Bearer challenge: %q", r.header.Get("WWW-Authenticate"))
				}
			}
		})
	}
}

func problemCode(r *resp) string {
	var p Problem
	_ = json.Unmarshal(r.body, &p)
	return p.Code
}

// TestPolicy pins the decisions of docs/auth.md, so that a change to accessRules is a visible
// change to this list too.
func TestPolicy(t *testing.T) {
	t.Parallel()
	const (
		admin   = "admin"
		agent   = "admin,agent"
		service = "admin,service"
		both    = "admin,agent,service"
		public  = "public"
	)
	tests := []struct{ route, who string }{
		{"GET /healthz", public},
		{"GET /readyz", public},
		{"POST /v1/templates", admin},
		{"POST /v1/versions/{id}/publish", admin},
		{"POST /v1/executions", admin},
		{"GET /v1/executions", both},
		{"GET /v1/executions/{id}", both},
		{"GET /v1/executions/{id}/tree", both},
		{"GET /v1/executions/{id}/events", both},
		{"GET /v1/executions/{id}/steps/{stepId}/children", both},
		{"GET /v1/executions/{id}/files", both},
		{"POST /v1/files", agent},
		{"GET /v1/files/{id}", both},
		{"POST /v1/executions/{id}/cancel", admin},
		{"POST /v1/executions/{id}/steps/{stepId}/complete", agent},
		{"POST /v1/executions/{id}/steps/{stepId}/retry", admin},
		{"GET /v1/tasks", agent},
		{"POST /v1/tasks/{id}/complete", agent},
		{"POST /v1/events", service},
		{"POST /v1/service-requests", service},
		{"POST /v1/service-requests/{id}/tasks/{taskId}/complete", service},
		{"PUT /v1/service-request-types/{type}", admin},
		{"DELETE /v1/data-sources/{id}", admin},
		{"GET /v1/audit", admin},
		{"GET /v1/me", both},
		{"POST /v1/api-keys", admin},
		{"GET /v1/api-keys", admin},
		{"DELETE /v1/api-keys/{id}", admin},
		{"GET /v1/examples", admin},
	}
	for _, tt := range tests {
		method, path, _ := strings.Cut(tt.route, " ")
		rule, ok := accessOf(method, path)
		got := strings.Join(rule.roleNames(), ",")
		if rule.public {
			got = public
		}
		if !ok || got != tt.who {
			t.Errorf("%s: %q (rule found: %v), want %q", tt.route, got, ok, tt.who)
		}
	}
}
