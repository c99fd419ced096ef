package api

import (
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/workflowbuilder/wfb/internal/app"
)

// UIContentSecurityPolicy is the policy of every page and file of the web app: nothing from
// another origin, no plugins, no framing. Styles allow 'unsafe-inline' because the component
// library (Mantine) and the editor's canvas set style attributes and inject their CSS variables
// in <style> elements; scripts do not (Vite's build has no inline script), so injected markup
// still cannot run code.
const UIContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Cache policies. Vite names every file under assets/ after a hash of its content, so a name
// never changes meaning and browsers may keep it for good; index.html names the current assets,
// so it is revalidated on every load (cheap: an ETag answers 304).
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// ui serves the web app's files (an fs.FS holding index.html and assets/): existing files as
// they are, any other page path as index.html so that the app's own routes (deep links, reload)
// work. A missing file under assets/ is a 404 problem rather than index.html: a browser asking
// for a script must not get HTML.
type ui struct {
	files map[string]*staticFile // by name, read once at start
}

// newUI reads files once, at start: each one's ETag is computed then, its gzip on first use.
func newUI(files fs.FS) (*ui, error) {
	u := &ui{files: map[string]*staticFile{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		u.files[name] = newStaticFile(name, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("indexing the web app's files: %w", err)
	}
	if _, ok := u.files["index.html"]; !ok {
		return nil, fmt.Errorf("the web app's files have no index.html")
	}
	return u, nil
}

// isAPIPath reports whether a path belongs to the server rather than the app: an unknown path
// there stays a 404 problem instead of becoming the app's page.
func isAPIPath(p string) bool {
	for _, prefix := range []string{"/v1", "/docs", "/schemas"} {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	switch p {
	case "/metrics", "/healthz", "/readyz":
		return true
	}
	return strings.HasPrefix(p, "/openapi")
}

// serves reports whether the app answers r: a GET or HEAD outside the server's own paths.
func (u *ui) serves(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && !isAPIPath(r.URL.Path)
}

func (u *ui) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", UIContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")

	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	asset := name == "assets" || strings.HasPrefix(name, "assets/")
	f, ok := u.files[name]
	switch {
	case ok && asset:
		h.Set("Cache-Control", cacheImmutable)
	case ok:
		h.Set("Cache-Control", cacheRevalidate)
	case asset:
		writeProblem(w, &Problem{
			Status: http.StatusNotFound, Title: http.StatusText(http.StatusNotFound),
			Detail: "no file " + r.URL.Path + " in this build of the web app", Code: string(app.CodeNotFound),
		})
		return
	default:
		f = u.files["index.html"]
		h.Set("Cache-Control", cacheRevalidate)
	}
	f.serve(w, r)
}
