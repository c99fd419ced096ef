package api

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocs checks that /docs works offline: its page names no other origin, and every file it
// names is served by this process, with a policy that allows nothing from elsewhere.
func TestDocs(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	page := e.as("").do("GET", "/docs", nil)
	e.ok(page, http.StatusOK, nil)
	if ct := page.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("/docs Content-Type %q", ct)
	}
	if regexp.MustCompile(`(?i)(https?:)?//[a-z0-9]`).Match(page.body) {
		t.Fatalf("/docs names another origin:\n%s", page.body)
	}
	if !strings.Contains(string(page.body), `apiDescriptionUrl="/openapi.json"`) {
		t.Fatalf("/docs does not show /openapi.json:\n%s", page.body)
	}
	checkSameOriginPolicy(t, page.header.Get("Content-Security-Policy"))

	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllSubmatch(page.body, -1)
	wantTypes := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
	if len(refs) != len(wantTypes) {
		t.Fatalf("/docs names %d files, want the script and the stylesheet", len(refs))
	}
	for _, m := range refs {
		ref := string(m[1])
		r := e.as("").do("GET", ref, nil)
		e.ok(r, http.StatusOK, nil)
		ext := ref[strings.LastIndexByte(ref, '.'):]
		if ct := r.header.Get("Content-Type"); ct != wantTypes[ext] || len(r.body) < 100_000 {
			t.Errorf("%s: %s, %d bytes", ref, ct, len(r.body))
		}
		if cc := r.header.Get("Cache-Control"); cc != cacheImmutable {
			t.Errorf("%s: Cache-Control %q", ref, cc)
		}
	}
	tests := []struct{ name, path string }{
		{"an unknown file", docsAssetsPath + "nope.js"},
		{"an old version", "/docs/elements-0.0.1/web-components.min.js"},
		{"an escaped slash", docsAssetsPath + "..%2Fdocs.go"},
	}
	for _, tt := range tests {
		e.as("").problem(e.as("").do("GET", tt.path, nil), http.StatusNotFound, "not_found")
	}
}

// TestDocsVersion checks that the served version is the one in docsui/ (docsui/README.md says
// how to update it).
func TestDocsVersion(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("docsui/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Name, Version string }
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Name != "@stoplight/elements" || pkg.Version != elementsVersion {
		t.Fatalf("docsui/ holds %s %s; docs.go serves it as version %s", pkg.Name, pkg.Version, elementsVersion)
	}
	readme, err := os.ReadFile("docsui/README.md")
	if err != nil || !strings.Contains(string(readme), "**"+elementsVersion+"**") {
		t.Fatalf("docsui/README.md does not name version %s (%v)", elementsVersion, err)
	}
}

// checkSameOriginPolicy fails unless csp is a policy that names no other origin and has a
// default-src.
func checkSameOriginPolicy(t *testing.T, csp string) {
	t.Helper()
	directives := map[string]bool{}
	for _, d := range strings.Split(csp, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		directives[fields[0]] = true
		for _, src := range fields[1:] {
			if strings.Contains(src, "://") || src == "*" || strings.Contains(src, "*.") || (strings.HasSuffix(src, ":") && src != "data:" && src != "blob:") {
				t.Errorf("%s allows another origin: %s", fields[0], src)
			}
		}
	}
	for _, d := range []string{"default-src", "script-src", "connect-src", "frame-ancestors", "base-uri"} {
		if !directives[d] {
			t.Errorf("the policy has no %s: %q", d, csp)
		}
	}
}
