package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// TestDatabaseDown checks what clients see when the database is gone: a bare 500 problem that
// names no internals, and a failing /readyz, while /healthz still answers.
func TestDatabaseDown(t *testing.T) {
	t.Parallel()
	s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := serveAsAdmin(t, app.New(s, nil), s)
	tpl := e.createTemplate("Before the outage")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	p := e.problem(e.do("GET", "/v1/templates/"+tpl.ID, nil), http.StatusInternalServerError, "internal")
	if strings.Contains(p.Detail, "sql") || len(p.Errors) > 0 {
		t.Fatalf("a 500 leaks internals: %+v", p)
	}
	e.problem(e.do("POST", "/v1/templates", map[string]any{"name": "during"}), http.StatusInternalServerError, "internal")
	p = e.problem(e.do("GET", "/readyz", nil), http.StatusServiceUnavailable, "not_ready")
	if len(p.Errors) != 1 || p.Errors[0].Location != "database" {
		t.Fatalf("/readyz problem %+v, want the database named", p)
	}
	e.ok(e.do("GET", "/healthz", nil), http.StatusOK, nil)
}

func TestPanicIsAProblem(t *testing.T) {
	t.Parallel()
	h := recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusInternalServerError || rec.Header().Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(rec.Body.String(), `"code":"internal"`) || strings.Contains(rec.Body.String(), "boom") {
		t.Fatalf("a panic answered %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
}
