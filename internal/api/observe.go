package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/metrics"
)

// RequestIDHeader carries a request's id: taken from the request when it is sane, else made up,
// and always sent back, so that a client, a proxy and our logs can name the same request.
const RequestIDHeader = "X-Request-Id"

// maxRequestID bounds an incoming request id: it goes into every log line and audit entry.
const maxRequestID = 128

// saneRequestID reports whether an incoming id may be reused: 1 to 128 characters from a set
// that needs no quoting in logs or headers (letters, digits and - _ . : /). Anything else is
// replaced rather than cleaned, so that a log never carries a client's arbitrary bytes.
func saneRequestID(s string) bool {
	if s == "" || len(s) > maxRequestID {
		return false
	}
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune("-_.:/", c):
		default:
			return false
		}
	}
	return true
}

// observe is the outermost layer of the handler: it gives every request an id (in the
// X-Request-Id response header and, through app.WithRequestID, in the context every log line
// and audit entry of the request reads it from), then times the request and records it in the
// HTTP metrics and in one access log line. The route is the ServeMux pattern the request
// matches ("/v1/tasks/{id}"), so that metrics have one series per route, not per id.
func observe(next http.Handler, mux *http.ServeMux, m *metrics.Metrics, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get(RequestIDHeader)
		if !saneRequestID(rid) {
			rid = id.New()
		}
		w.Header().Set(RequestIDHeader, rid)
		r = r.WithContext(app.WithRequestID(r.Context(), rid))
		rec := &recorder{ResponseWriter: w}
		defer func() {
			// Runs on a panic too (the recoverer re-panics http.ErrAbortHandler): the request
			// is still counted and logged, with the status the client saw, if any.
			d := time.Since(start)
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			route := routeOf(mux, r)
			method := methodLabel(r.Method)
			m.ObserveRequest(method, route, status, d)
			log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
				slog.Int("status", status), slog.Int64("bytes", rec.bytes),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("remote", r.RemoteAddr))
		}()
		next.ServeHTTP(rec, r)
	})
}

// routeOf is the pattern r matches without its method ("/v1/tasks/{id}"), or "unmatched".
func routeOf(mux *http.ServeMux, r *http.Request) string {
	_, pattern := mux.Handler(r)
	if _, path, ok := strings.Cut(pattern, " "); ok {
		pattern = path
	}
	if pattern == "" || pattern == "/" {
		return "unmatched"
	}
	return pattern
}

// methodLabel keeps the method label to the methods the API has, so that a client sending made
// up methods cannot create series.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// recorder remembers the status and the size of a response. Unwrap lets http.ResponseController
// reach the connection's own writer (flush, deadlines).
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush forwards to the writer when it can flush (huma streams nothing today; a proxy may).
func (r *recorder) Flush() { _ = http.NewResponseController(r.ResponseWriter).Flush() }

// LogHandler wraps h so that every record logged with a request's context (slog.InfoContext and
// the like) carries the request's id as request_id. The process's default logger is made of
// it, so code below the API needs nothing but the context to log the request id.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(requestIDHandler); ok {
		return h
	}
	return requestIDHandler{h}
}

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, rec slog.Record) error {
	if rid := app.RequestIDFrom(ctx); rid != "" {
		rec.AddAttrs(slog.String("request_id", rid))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// Serve serves srv on ln until ctx ends, then shuts down gracefully: it stops accepting
// connections, lets the requests in flight finish for up to grace, and returns. A request still
// running after grace is cut off and reported in the error. It owns ln.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return errors.Join(fmt.Errorf("draining in-flight requests: %w", err), srv.Close())
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
	}
	return nil
}
