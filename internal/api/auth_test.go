package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
)

// TestRefusedKeys checks every way a bearer token can be wrong: each is a 401 unauthorized
// problem with a Bearer challenge, and none reaches the handler.
func TestRefusedKeys(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	revoked, err := svc.CreateAPIKey(context.Background(), app.KeyInput{Name: "old", Role: store.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RevokeAPIKey(context.Background(), revoked.Key.ID); err != nil {
		t.Fatal(err)
	}
	// The admin's own prefix with another secret: found by prefix, refused by the comparison.
	prefix := e.token[:strings.LastIndexByte(e.token, '_')]
	secret := e.token[len(prefix)+1:]
	flipped := prefix + "_" + strings.Repeat("f", len(secret))
	if flipped == e.token {
		flipped = prefix + "_" + strings.Repeat("0", len(secret))
	}
	tests := []struct {
		name   string
		header string
	}{
		{"no header", ""},
		{"revoked key", "Bearer " + revoked.Token},
		{"right prefix, wrong secret", "Bearer " + flipped},
		{"unknown key", "Bearer wfb_0123456789abcdef_" + secret},
		{"malformed token", "Bearer not-a-key"},
		{"basic scheme", "Basic " + e.token},
		{"scheme without token", "Bearer "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := e.at(t).as("")
			var headers []string
			if tt.header != "" {
				headers = []string{"Authorization", tt.header}
			}
			r := c.do("POST", "/v1/templates", map[string]any{"name": "should not exist"}, headers...)
			c.problem(r, http.StatusUnauthorized, string(app.CodeUnauthorized))
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), `Bearer realm="wfb"`) {
				t.Fatalf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
			}
		})
	}
	var list listBody[Template]
	e.ok(e.do("GET", "/v1/templates", nil), http.StatusOK, &list)
	if len(list.Items) != 0 {
		t.Fatalf("refused requests created %d templates", len(list.Items))
	}
	// The scheme's name is case-insensitive.
	e.ok(e.as("").do("GET", "/v1/templates", nil, "Authorization", "bearer "+e.token), http.StatusOK, nil)
}

// TestActorReachesTheUseCases checks that the key's holder is who the app layer sees: the audit
// entry of a mutation names the agent's user, or the key.
func TestActorReachesTheUseCases(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	named := newToken(t, svc, app.KeyInput{Name: "grace's key", Role: store.RoleAdmin, UserID: "grace"})
	tpl := e.as(named).createTemplate("By Grace")
	var entries listBody[AuditEntry]
	e.ok(e.do("GET", "/v1/audit?targetId="+tpl.ID, nil), http.StatusOK, &entries)
	if len(entries.Items) != 1 || entries.Items[0].Actor != "grace" || entries.Items[0].Role != "admin" || entries.Items[0].Action != "template.create" {
		t.Fatalf("audit of the template: %+v", entries.Items)
	}
}

func TestNoAuth(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	srv := httptest.NewServer(New(svc, Options{NoAuth: true}))
	t.Cleanup(srv.Close)
	open := &env{t: t, url: srv.URL, store: e.store}
	tpl := open.createTemplate("Unauthenticated")
	var entries listBody[AuditEntry]
	open.ok(open.do("GET", "/v1/audit?targetId="+tpl.ID, nil), http.StatusOK, &entries)
	if len(entries.Items) != 1 || entries.Items[0].Actor != "system" || entries.Items[0].Role != "admin" {
		t.Fatalf("--no-auth mutations are not recorded as the system actor: %+v", entries.Items)
	}
	// The same database served with authentication still refuses a request without a key.
	e.as("").problem(e.as("").do("GET", "/v1/templates", nil), http.StatusUnauthorized, string(app.CodeUnauthorized))
}

// TestOpenAPISecurity checks that the document says who may call what.
func TestOpenAPISecurity(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	var doc struct {
		Components struct {
			SecuritySchemes map[string]struct{ Type, Scheme string } `json:"securitySchemes"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Security  []map[string][]string `json:"security"`
			Roles     []string              `json:"x-roles"`
			Responses map[string]any        `json:"responses"`
		} `json:"paths"`
	}
	e.ok(e.as("").do("GET", "/openapi.json", nil), http.StatusOK, &doc)
	if s := doc.Components.SecuritySchemes[bearerScheme]; s.Type != "http" || s.Scheme != "bearer" {
		t.Fatalf("securitySchemes %+v, want an http bearer scheme", doc.Components.SecuritySchemes)
	}
	for path, item := range doc.Paths {
		for method, op := range item {
			rule, _ := accessOf(strings.ToUpper(method), path)
			want := rule.roleNames()
			if rule.public {
				want = []string{"public"}
			}
			if strings.Join(op.Roles, ",") != strings.Join(want, ",") {
				t.Errorf("%s %s: x-roles %v, want %v", method, path, op.Roles, want)
			}
			protected := len(op.Security) == 1 && op.Security[0][bearerScheme] != nil
			if protected == rule.public {
				t.Errorf("%s %s: security %v, public %v", method, path, op.Security, rule.public)
			}
			if _, ok := op.Responses["401"]; protected && !ok {
				t.Errorf("%s %s documents no 401", method, path)
			}
		}
	}
}

func TestBearerToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"BEARER  abc ", "abc", true},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Token abc", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := bearerToken(tt.header); got != tt.token || ok != tt.ok {
			t.Errorf("bearerToken(%q) = %q, %v; want %q, %v", tt.header, got, ok, tt.token, tt.ok)
		}
	}
}
