// Package api is Workflow Builder's REST API (SPEC §10): huma operations over the app layer,
// served by net/http's ServeMux, with an OpenAPI 3.1 document generated from the operations at
// /openapi.json and browsable docs at /docs.
//
// Every error, including huma's request validation, unknown routes and wrong methods, is an
// application/problem+json body with a stable code (see Problem and docs/api.md).
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/metrics"
)

// ReadyCheck is one dependency /readyz checks besides the database (Temporal, for a process that
// runs the engine).
type ReadyCheck struct {
	Name  string
	Check func(context.Context) error
}

// Options configure the handler.
type Options struct {
	// Version is the build's version, shown in the OpenAPI document.
	Version string
	// Ready lists what /readyz checks besides the app's database.
	Ready []ReadyCheck
	// NoAuth turns authentication off: every request acts as app.SystemActor, an administrator.
	// For local experiments only (wfb serve --no-auth); see docs/auth.md.
	NoAuth bool
	// Metrics records the HTTP, execution and task metrics served at /metrics; nil makes a
	// fresh set for this handler.
	Metrics *metrics.Metrics
	// Logger writes the access log (one line per request); nil means slog.Default().
	Logger *slog.Logger
	// UI is the web app's build (index.html, assets/), served at / with the app's routes
	// falling back to index.html (see ui.go); nil serves no app.
	UI fs.FS
}

type server struct {
	app     *app.Service
	ready   []ReadyCheck
	metrics *metrics.Metrics
}

var setErrorType sync.Once

// New returns the HTTP handler of the API over svc.
func New(svc *app.Service, opts Options) http.Handler {
	h, _ := build(svc, opts)
	return h
}

func build(svc *app.Service, opts Options) (http.Handler, huma.API) {
	// huma builds its error bodies with a package-level constructor; ours adds the stable code.
	// Every API in the process wants the same, so setting it once is safe.
	setErrorType.Do(func() { huma.NewError = newProblem })

	if opts.Version == "" {
		opts.Version = "dev"
	}
	cfg := huma.DefaultConfig("Workflow Builder API", opts.Version)
	cfg.Info.Description = "Templates, versions, links and executions of Workflow Builder. Errors are RFC 9457 problems with a stable `code`; see docs/api.md."
	// The default hook adds a $schema field to every response body; SPEC §10 wants the object itself.
	cfg.CreateHooks = nil
	cfg.RejectUnknownQueryParameters = true
	cfg.DocsPath = "" // served from the binary by registerDocs, not from huma's CDN page

	mux := http.NewServeMux()
	hapi := humago.New(mux, cfg)
	if opts.Metrics == nil {
		opts.Metrics = metrics.New()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.Metrics.CountTasks(svc.OpenTaskCounts)
	opts.Metrics.CountBacklog(svc.Backlog)
	s := &server{app: svc, ready: append([]ReadyCheck{{Name: "database", Check: svc.Ping}}, opts.Ready...), metrics: opts.Metrics}
	// Access control must be in place before the first operation registers: huma takes an
	// operation's middlewares, and calls the OpenAPI hooks, when the operation is registered.
	if opts.NoAuth {
		slog.Warn("authentication is off (--no-auth): every request acts as an administrator")
	}
	auth := &authenticator{api: hapi, app: svc, noAuth: opts.NoAuth}
	hapi.OpenAPI().OnAddOperation = append(hapi.OpenAPI().OnAddOperation, documentAccess, noBodyDeadline)
	hapi.UseMiddleware((&door{api: hapi}).middleware, auth.middleware)
	s.registerHealth(hapi)
	s.registerTemplates(hapi)
	s.registerVersions(hapi)
	s.registerLinks(hapi)
	s.registerValidation(hapi)
	s.registerExpressions(hapi)
	s.registerExecutions(hapi)
	s.registerRuns(hapi)
	s.registerEvents(hapi)
	s.registerRequestTypes(hapi)
	s.registerServiceRequests(hapi)
	s.registerDataSources(hapi)
	s.registerAudit(hapi)
	s.registerTasks(hapi)
	s.registerKeys(hapi)
	s.registerExamples(hapi)
	s.registerSimulations(hapi)
	mux.Handle("GET /metrics", opts.Metrics.Handler())
	registerDocs(mux)
	var webApp *ui
	if opts.UI != nil {
		var err error
		if webApp, err = newUI(opts.UI); err != nil {
			slog.Error("not serving the web app", "err", err)
		}
	}
	mux.Handle("/", fallback(mux, webApp))
	return observe(recoverer(mux), mux, opts.Metrics, slog.New(LogHandler(opts.Logger.Handler()))), hapi
}

// fallback answers what no operation matched: the web app's pages and files (when webApp is
// not nil) for a GET outside the server's own paths, else 405 with Allow when the path exists under
// other methods, 404 otherwise, both as problems. (ServeMux's own 404/405 bodies are plain text.)
func fallback(mux *http.ServeMux, webApp *ui) http.Handler {
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if webApp != nil && webApp.serves(r) {
			webApp.ServeHTTP(w, r)
			return
		}
		var allowed []string
		for _, m := range methods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			for _, m := range allowed {
				w.Header().Add("Allow", m)
			}
			writeProblem(w, &Problem{
				Status: http.StatusMethodNotAllowed, Title: http.StatusText(http.StatusMethodNotAllowed),
				Detail: r.Method + " is not allowed on " + r.URL.Path, Code: codeMethodNotAllowed,
			})
			return
		}
		writeProblem(w, &Problem{
			Status: http.StatusNotFound, Title: http.StatusText(http.StatusNotFound),
			Detail: "no route " + r.URL.Path, Code: string(app.CodeNotFound),
		})
	})
}

// recoverer answers a panic with a 500 problem instead of a dropped connection, and logs it.
func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeProblem(w, &Problem{
					Status: http.StatusInternalServerError, Title: http.StatusText(http.StatusInternalServerError),
					Detail: "internal error; see the server log", Code: codeInternal,
				})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
