package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// env is one API server over one real, migrated store. Requests carry token (an admin key's,
// unless a test switches it) as their bearer token; authentication stays on in tests.
type env struct {
	t     *testing.T
	url   string
	store store.Store
	token string
}

// eachBackend runs fn once against SQLite and once against PostgreSQL, each with its own fresh
// database and its own server over the real handler.
func eachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	backends := []struct {
		name string
		open func(t *testing.T) store.Store
	}{
		{"sqlite", func(t *testing.T) store.Store {
			s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t))
			if err != nil {
				t.Fatalf("opening sqlite: %v", err)
			}
			return s
		}},
		{"postgres", func(t *testing.T) store.Store {
			s, err := postgres.Open(context.Background(), storetest.PostgresURL(t))
			if err != nil {
				t.Fatalf("opening postgres: %v", err)
			}
			return s
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			s := b.open(t)
			t.Cleanup(func() { _ = s.Close() })
			if err := s.Migrate(context.Background()); err != nil {
				t.Fatalf("migrating: %v", err)
			}
			fn(t, serveAsAdmin(t, app.New(s, nil), s))
		})
	}
}

// serveAsAdmin serves the API over svc with authentication on, and returns an env whose requests
// carry a new admin key.
func serveAsAdmin(t *testing.T, svc *app.Service, s store.Store) *env {
	t.Helper()
	srv := httptest.NewServer(New(svc, Options{}))
	t.Cleanup(srv.Close)
	return &env{t: t, url: srv.URL, store: s, token: newToken(t, svc, app.KeyInput{Name: "test admin", Role: store.RoleAdmin})}
}

// newToken creates an API key and returns its token.
func newToken(t testing.TB, svc *app.Service, in app.KeyInput) string {
	t.Helper()
	k, err := svc.CreateAPIKey(context.Background(), in)
	if err != nil {
		t.Fatalf("creating API key %q: %v", in.Name, err)
	}
	return k.Token
}

// as returns e sending token instead (an empty token sends no Authorization header).
func (e *env) as(token string) *env {
	c := *e
	c.token = token
	return &c
}

// at returns e reporting to t, for subtests: a helper must fail the test that called it.
func (e *env) at(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// resp is a response read to the end.
type resp struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request and fails the test if it cannot. body is sent as is when it is a string or
// []byte, else marshaled to JSON; headers are name, value pairs.
func (e *env) do(method, path string, body any, headers ...string) *resp {
	e.t.Helper()
	r, err := e.send(method, path, body, headers...)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// send is do for goroutines other than the test's, which must not call t.Fatal.
func (e *env) send(method, path string, body any, headers ...string) (*resp, error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("marshaling request body: %w", err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", method, path, err)
	}
	return &resp{status: res.StatusCode, header: res.Header, body: b}, nil
}

// ok checks the status and decodes the body into v (when v is not nil).
func (e *env) ok(r *resp, status int, v any) {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			e.t.Fatalf("decoding %s: %v", r.body, err)
		}
	}
}

// problem checks that r is a problem with this status and code, and returns it.
func (e *env) problem(r *resp, status int, code string) Problem {
	e.t.Helper()
	var p Problem
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		e.t.Fatalf("Content-Type %q, want application/problem+json; status %d body %s", ct, r.status, r.body)
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		e.t.Fatalf("decoding problem %s: %v", r.body, err)
	}
	if r.status != status || p.Code != code || p.Status != status {
		e.t.Fatalf("got %d %q (body status %d), want %d %q; body: %s", r.status, p.Code, p.Status, status, code, r.body)
	}
	return p
}

func (e *env) createTemplate(name string) Template {
	e.t.Helper()
	var tpl Template
	e.ok(e.do("POST", "/v1/templates", map[string]any{"name": name}), http.StatusCreated, &tpl)
	return tpl
}

// validDefinition is a definition with no validation errors: start → confirm → end.
const validDefinition = `{"id":"wf","name":"Onboarding","steps":[` +
	`{"id":"start","type":"start","name":"Start"},` +
	`{"id":"confirm","type":"human.confirm","name":"Confirm"},` +
	`{"id":"end","type":"end","name":"End"}],"stepTransitions":[` +
	`{"id":"t1","fromStepId":"start","toStepId":"confirm"},` +
	`{"id":"t2","fromStepId":"confirm","toStepId":"end"}]}`

func (e *env) createVersion(templateID, version string, def string) SavedVersion {
	e.t.Helper()
	body := map[string]any{"version": version}
	if def != "" {
		body["definition"] = json.RawMessage(def)
	}
	var v SavedVersion
	e.ok(e.do("POST", "/v1/templates/"+templateID+"/versions", body), http.StatusCreated, &v)
	return v
}

func (e *env) publish(versionID string) Version {
	e.t.Helper()
	var v Version
	e.ok(e.do("POST", "/v1/versions/"+versionID+"/publish", nil), http.StatusOK, &v)
	return v
}

func (e *env) activate(versionID string) Version {
	e.t.Helper()
	var v Version
	e.ok(e.do("POST", "/v1/versions/"+versionID+"/activate", nil), http.StatusOK, &v)
	return v
}

func (e *env) getVersion(versionID string) (Version, string) {
	e.t.Helper()
	var v Version
	r := e.do("GET", "/v1/versions/"+versionID, nil)
	e.ok(r, http.StatusOK, &v)
	return v, r.header.Get("ETag")
}

func (e *env) getTemplate(templateID string) Template {
	e.t.Helper()
	var tpl Template
	e.ok(e.do("GET", "/v1/templates/"+templateID, nil), http.StatusOK, &tpl)
	return tpl
}
