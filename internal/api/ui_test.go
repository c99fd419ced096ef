package api

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/workflowbuilder/wfb/internal/webui"
)

// testApp is a build of the web app as Vite lays it out.
var testApp = fstest.MapFS{
	"index.html":                {Data: []byte(`<!doctype html><script type="module" src="/assets/index-AbCd1234.js"></script>`)},
	"assets/index-AbCd1234.js":  {Data: []byte(`console.log("app")`)},
	"assets/index-EfGh5678.css": {Data: []byte(`body{margin:0}`)},
	"favicon.svg":               {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
}

// TestUIRoutes checks which requests the web app answers, with what, and that the server's own
// paths keep their answers (an unknown /v1 path stays a 404 problem, never the app's page).
func TestUIRoutes(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	srv := httptest.NewServer(New(svc, Options{UI: testApp}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	index := testApp["index.html"].Data

	tests := []struct {
		name, method, path string
		status             int
		contentType        string
		cache              string
		body               []byte // nil: not checked
		csp                bool
	}{
		{"root is the app", "GET", "/", 200, "text/html; charset=utf-8", cacheRevalidate, index, true},
		{"index.html itself", "GET", "/index.html", 200, "text/html; charset=utf-8", cacheRevalidate, index, true},
		{"a deep link falls back to the app", "GET", "/templates/c123/versions", 200, "text/html; charset=utf-8", cacheRevalidate, index, true},
		{"a path with dots falls back too", "GET", "/templates/c1/versions/1.0.0", 200, "text/html; charset=utf-8", cacheRevalidate, index, true},
		{"a hashed script is immutable", "GET", "/assets/index-AbCd1234.js", 200, "text/javascript; charset=utf-8", cacheImmutable, testApp["assets/index-AbCd1234.js"].Data, true},
		{"a hashed stylesheet is immutable", "GET", "/assets/index-EfGh5678.css", 200, "text/css; charset=utf-8", cacheImmutable, nil, true},
		{"a root file is revalidated", "GET", "/favicon.svg", 200, "image/svg+xml", cacheRevalidate, testApp["favicon.svg"].Data, true},
		{"a missing asset is a 404, not the page", "GET", "/assets/index-Gone0000.js", 404, "application/problem+json", "", nil, true},
		{"the assets folder is not listed", "GET", "/assets/", 404, "application/problem+json", "", nil, true},
		{"dot segments cannot leave the build", "GET", "/assets/../../go.mod", 200, "text/html; charset=utf-8", cacheRevalidate, index, true},
		{"HEAD of a page", "HEAD", "/templates", 200, "text/html; charset=utf-8", cacheRevalidate, nil, true},
		{"an unknown /v1 path stays a problem", "GET", "/v1/nothing", 404, "application/problem+json", "", nil, false},
		{"/v1 itself stays a problem", "GET", "/v1", 404, "application/problem+json", "", nil, false},
		{"an unknown /docs path stays a problem", "GET", "/docs/nothing", 404, "application/problem+json", "", nil, false},
		{"a wrong method on an app path is a problem", "POST", "/templates", 404, "application/problem+json", "", nil, false},
		{"the OpenAPI document", "GET", "/openapi.json", 200, "application/openapi+json", "", nil, false},
		{"liveness", "GET", "/healthz", 200, "application/json", "", nil, false},
		{"readiness", "GET", "/readyz", 200, "application/json", "", nil, false},
		{"metrics", "GET", "/metrics", 200, "text/plain; version=0.0.4; charset=utf-8; escaping=underscores", "", nil, false},
		{"an API route", "GET", "/v1/me", 200, "application/json", "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := e.at(t).do(tt.method, tt.path, nil)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d; body %.200s", r.status, tt.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != tt.contentType {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			if cc := r.header.Get("Cache-Control"); tt.cache != "" && cc != tt.cache {
				t.Errorf("Cache-Control %q, want %q", cc, tt.cache)
			}
			if tt.body != nil && !bytes.Equal(r.body, tt.body) {
				t.Errorf("body %.200s, want %.200s", r.body, tt.body)
			}
			if got := r.header.Get("Content-Security-Policy"); (got == UIContentSecurityPolicy) != tt.csp {
				t.Errorf("Content-Security-Policy %q; want the app's: %v", got, tt.csp)
			}
			if tt.csp && r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", r.header.Get("X-Content-Type-Options"))
			}
		})
	}

	// index.html is revalidated: its ETag answers 304.
	first := e.do("GET", "/", nil)
	etag := first.header.Get("ETag")
	if etag == "" {
		t.Fatal("index.html has no ETag")
	}
	if r := e.do("GET", "/templates", nil, "If-None-Match", etag); r.status != http.StatusNotModified {
		t.Fatalf("If-None-Match of the current ETag answered %d", r.status)
	}
}

// TestUIPolicy pins what the app's Content-Security-Policy allows: nothing from another origin.
func TestUIPolicy(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self' 'unsafe-inline'",
		"img-src":         "'self' data:",
		"connect-src":     "'self'",
		"object-src":      "'none'",
		"base-uri":        "'self'",
		"frame-ancestors": "'none'",
	}
	checkSameOriginPolicy(t, UIContentSecurityPolicy)
	got := map[string]string{}
	for _, d := range strings.Split(UIContentSecurityPolicy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		got[name] = value
	}
	for name, value := range want {
		if got[name] != value {
			t.Errorf("%s is %q, want %q", name, got[name], value)
		}
	}
}

func TestNewUIWithoutIndex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files fs.FS
		ok    bool
	}{
		{"a build", testApp, true},
		{"the embedded build", webui.Files(), true},
		{"no index.html", fstest.MapFS{"assets/a.js": {Data: []byte("x")}}, false},
	}
	for _, tt := range tests {
		if _, err := newUI(tt.files); (err == nil) != tt.ok {
			t.Errorf("%s: newUI error %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

// TestEmbeddedUI serves the build embedded in the binary and follows index.html to its script.
func TestEmbeddedUI(t *testing.T) {
	t.Parallel()
	e, svc := sqliteEnv(t)
	srv := httptest.NewServer(New(svc, Options{UI: webui.Files()}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	page := e.do("GET", "/", nil)
	e.ok(page, http.StatusOK, nil)
	i := bytes.Index(page.body, []byte(`src="/assets/`))
	if i < 0 {
		t.Fatalf("the embedded index.html names no script under /assets/: %s", page.body)
	}
	src := page.body[i+len(`src="`):]
	src = src[:bytes.IndexByte(src, '"')]
	script := e.do("GET", string(src), nil)
	e.ok(script, http.StatusOK, nil)
	if script.header.Get("Cache-Control") != cacheImmutable {
		t.Fatalf("%s: Cache-Control %q", src, script.header.Get("Cache-Control"))
	}
}
