// Package webui embeds the web app's build output (web/, built by Vite into dist/) so that the
// one wfb binary serves it, with no Node.js on the machine that runs it. It only holds the
// files; internal/api serves them (routes, cache headers, the SPA fallback, the CSP).
//
// dist/ is generated: `npm run build` in web/ writes it (Vite's outDir), and the build output
// is committed so that `go run ./cmd/wfb serve` works from a clone. Do not edit it by hand.
package webui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files returns the built app: index.html at the root, content-hashed files under assets/.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("webui: the embedded dist folder is missing: " + err.Error()) // "dist" is a valid path; cannot happen.
	}
	return sub
}
