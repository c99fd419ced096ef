package api

import (
	"bytes"
	"embed"
	"net/http"
	"sync"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
)

// elementsVersion is the version of Stoplight Elements in docsui/ (see docsui/README.md). The
// assets' URLs carry it, so that they can be cached for good and an update still reaches browsers.
const elementsVersion = "9.0.25"

//go:embed docsui/web-components.min.js docsui/styles.min.css
var docsAssets embed.FS

// docsAssetsPath is where the viewer's files are served.
const docsAssetsPath = "/docs/elements-" + elementsVersion + "/"

// docsContentSecurityPolicy lets the viewer load its own script and styles and the document from
// this server, and nothing from anywhere else. Elements sets style attributes, hence
// 'unsafe-inline' for styles (not for scripts); its icons are inline SVG and data: images.
const docsContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
	"frame-ancestors 'none'"

// docsPage is /docs: the viewer over /openapi.json, both served by this process.
var docsPage = []byte(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="referrer" content="no-referrer">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Workflow Builder API Reference</title>
    <link rel="stylesheet" href="` + docsAssetsPath + `styles.min.css">
    <script src="` + docsAssetsPath + `web-components.min.js"></script>
  </head>
  <body style="height: 100vh;">
    <elements-api apiDescriptionUrl="/openapi.json" router="hash" layout="sidebar" tryItCredentialsPolicy="same-origin"></elements-api>
  </body>
</html>
`)

// registerDocs serves /docs and its viewer's files from the binary (huma's own /docs loads the
// viewer from a CDN, which fails offline and trusts another origin).
func registerDocs(mux *http.ServeMux) {
	mux.HandleFunc("GET /docs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", docsContentSecurityPolicy)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", cacheRevalidate)
		http.ServeContent(w, r, "docs.html", time.Time{}, bytes.NewReader(docsPage))
	})
	mux.HandleFunc("GET "+docsAssetsPath+"{file}", func(w http.ResponseWriter, r *http.Request) {
		f, ok := docsFiles()[r.PathValue("file")]
		if !ok {
			writeProblem(w, &Problem{
				Status: http.StatusNotFound, Title: http.StatusText(http.StatusNotFound),
				Detail: "no file " + r.URL.Path, Code: string(app.CodeNotFound),
			})
			return
		}
		w.Header().Set("Content-Security-Policy", docsContentSecurityPolicy)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", cacheImmutable)
		f.serve(w, r)
	})
}

// docsFiles are the viewer's files by name, read once per process (they are the same for every
// server, so their gzip is made once too).
var docsFiles = sync.OnceValue(func() map[string]*staticFile {
	files := map[string]*staticFile{}
	entries, err := docsAssets.ReadDir("docsui")
	if err != nil {
		panic("reading the embedded docs viewer: " + err.Error()) // embedded at build time
	}
	for _, e := range entries {
		b, err := docsAssets.ReadFile("docsui/" + e.Name())
		if err != nil {
			panic("reading the embedded docs viewer: " + err.Error())
		}
		files[e.Name()] = newStaticFile(e.Name(), b)
	}
	return files
})
