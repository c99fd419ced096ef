package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func strPtr(s string) *string { return &s }

func TestMe(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	srv := httptest.NewServer(New(svc, Options{NoAuth: true}))
	t.Cleanup(srv.Close)
	open := &env{t: t, url: srv.URL, store: e.store}
	agent, err := svc.CreateAPIKey(t.Context(), app.KeyInput{Name: "ada's key", Role: store.RoleAgent, UserID: "ada", Groups: []string{"ops", "kyc"}})
	if err != nil {
		t.Fatal(err)
	}
	service, err := svc.CreateAPIKey(t.Context(), app.KeyInput{Name: "crm", Role: store.RoleService})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		e    *env
		want Me
	}{
		{"agent", e.as(agent.Token), Me{KeyID: &agent.Key.ID, KeyName: strPtr("ada's key"), Role: store.RoleAgent, User: strPtr("ada"), Groups: []string{"kyc", "ops"}, Name: "ada"}},
		{"service", e.as(service.Token), Me{KeyID: &service.Key.ID, KeyName: strPtr("crm"), Role: store.RoleService, Groups: []string{}, Name: service.Key.ID}},
		{"no-auth: the system actor", open, Me{Role: store.RoleAdmin, User: strPtr("system"), Groups: []string{}, Name: "system", AuthDisabled: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.e.at(t).do("GET", "/v1/me", nil)
			tt.e.at(t).ok(r, http.StatusOK, nil)
			want, _ := json.Marshal(tt.want)
			if !jsonEqual(t, r.body, want) {
				t.Errorf("GET /v1/me = %s, want %s", r.body, want)
			}
		})
	}
	e.as("").problem(e.as("").do("GET", "/v1/me", nil), http.StatusUnauthorized, string(app.CodeUnauthorized))
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("decoding %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return bytes.Equal(xs, ys)
}

// TestAPIKeysOverHTTP checks creating, listing and revoking keys through the API: the rules are
// wfb keys' (the app's), the token shows once, the audit log records the admin who did it, and a
// revoked key is refused on its next request.
func TestAPIKeysOverHTTP(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		doc := e.do("GET", "/openapi.json", nil)
		var parsed openAPIDoc
		e.ok(doc, http.StatusOK, &parsed)
		schemas := compileResponses(t, doc.body, parsed)
		conforms(t, schemas, "GET /v1/me 200", e.do("GET", "/v1/me", nil).body)

		creates := []struct {
			name   string
			body   string
			status int
			code   string
		}{
			{"admin", `{"name": "deployer", "role": "admin"}`, http.StatusCreated, ""},
			{"agent with user and groups", `{"name": "ada", "role": "agent", "user": "ada", "groups": ["ops", "finance"]}`, http.StatusCreated, ""},
			{"service", `{"name": "crm", "role": "service"}`, http.StatusCreated, ""},
			{"agent without user", `{"name": "nobody", "role": "agent"}`, http.StatusBadRequest, "invalid_request"},
			{"unknown role", `{"name": "x", "role": "root"}`, http.StatusUnprocessableEntity, "invalid_request"},
			{"blank name", `{"name": "  ", "role": "admin"}`, http.StatusBadRequest, "invalid_request"},
			{"group with a comma", `{"name": "g", "role": "agent", "user": "u", "groups": ["a,b"]}`, http.StatusBadRequest, "invalid_request"},
			{"a token cannot be chosen", `{"name": "t", "role": "admin", "token": "wfb_x"}`, http.StatusUnprocessableEntity, "invalid_request"},
		}
		created := map[string]CreatedAPIKey{}
		for _, tt := range creates {
			r := e.do("POST", "/v1/api-keys", tt.body)
			if tt.code != "" {
				e.problem(r, tt.status, tt.code)
				continue
			}
			var k CreatedAPIKey
			e.ok(r, tt.status, &k)
			conforms(t, schemas, "POST /v1/api-keys 201", r.body)
			if !strings.HasPrefix(k.Token, "wfb_"+k.Prefix+"_") || !id.Valid(k.ID) || k.RevokedAt != nil {
				t.Fatalf("%s: created %+v", tt.name, k)
			}
			created[tt.name] = k
		}
		if g := created["agent with user and groups"]; *g.User != "ada" || strings.Join(g.Groups, ",") != "finance,ops" {
			t.Fatalf("agent key %+v: want user ada, groups sorted", g)
		}

		// The list shows every key, never a token or a hash.
		list := e.do("GET", "/v1/api-keys?limit=200", nil)
		var keys listBody[APIKey]
		e.ok(list, http.StatusOK, &keys)
		conforms(t, schemas, "GET /v1/api-keys 200", list.body)
		if len(keys.Items) != 4 { // the test's own admin key and the three created
			t.Fatalf("%d keys listed, want 4: %s", len(keys.Items), list.body)
		}
		for _, k := range created {
			secret := k.Token[strings.LastIndexByte(k.Token, '_')+1:]
			if bytes.Contains(list.body, []byte(secret)) {
				t.Fatalf("the list shows a secret: %s", list.body)
			}
		}
		if bytes.Contains(list.body, []byte(`"token"`)) || bytes.Contains(list.body, []byte(`"hash"`)) {
			t.Fatalf("the list has a token or hash field: %s", list.body)
		}
		var agents listBody[APIKey]
		e.ok(e.do("GET", "/v1/api-keys?role=agent", nil), http.StatusOK, &agents)
		if len(agents.Items) != 1 || agents.Items[0].Name != "ada" {
			t.Fatalf("role=agent listed %+v", agents.Items)
		}

		// A created key works; revoked, it is refused on its next request.
		svcKey := created["service"]
		e.ok(e.as(svcKey.Token).do("GET", "/v1/me", nil), http.StatusOK, nil)
		e.ok(e.do("DELETE", "/v1/api-keys/"+svcKey.ID, nil), http.StatusNoContent, nil)
		e.problem(e.as(svcKey.Token).do("GET", "/v1/me", nil), http.StatusUnauthorized, "unauthorized")

		revokes := []struct {
			name, id string
			status   int
			code     string
		}{
			{"twice", svcKey.ID, http.StatusConflict, "conflict"},
			{"unknown", id.New(), http.StatusNotFound, "not_found"},
			{"malformed", "nope", http.StatusNotFound, "not_found"},
		}
		for _, tt := range revokes {
			e.problem(e.do("DELETE", "/v1/api-keys/"+tt.id, nil), tt.status, tt.code)
		}
		var after APIKey
		for _, k := range func() []APIKey {
			var l listBody[APIKey]
			e.ok(e.do("GET", "/v1/api-keys?role=service", nil), http.StatusOK, &l)
			return l.Items
		}() {
			after = k
		}
		if after.ID != svcKey.ID || after.RevokedAt == nil {
			t.Fatalf("the revoked key is listed as %+v", after)
		}

		// The audit log names the admin who made each change, as wfb keys' entries do.
		var me Me
		e.ok(e.do("GET", "/v1/me", nil), http.StatusOK, &me)
		var entries listBody[AuditEntry]
		e.ok(e.do("GET", "/v1/audit?targetType=api_key&limit=200", nil), http.StatusOK, &entries)
		actions := map[string]int{}
		for _, a := range entries.Items {
			if a.Actor == me.Name && a.Role == "admin" {
				actions[a.Action+" "+a.TargetID]++
			}
		}
		for _, k := range created {
			if actions["apikey.create "+k.ID] != 1 {
				t.Errorf("no apikey.create entry by %s for %s: %+v", me.Name, k.Name, entries.Items)
			}
		}
		if actions["apikey.revoke "+svcKey.ID] != 1 {
			t.Errorf("no single apikey.revoke entry for %s: %+v", svcKey.ID, entries.Items)
		}
	})
}
