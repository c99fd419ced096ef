package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/workflowbuilder/wfb/internal/app"
)

// Document returns the OpenAPI document a server of this build serves at /openapi.json, byte
// for byte, without a database or Temporal: the document is generated from the operations as
// they register, which needs neither. It is read through the real handler rather than rebuilt,
// so that `wfb openapi` (and the web app's generated client) can never differ from what a
// server answers. version is what Options.Version would be.
func Document(version string) ([]byte, error) {
	h := New(app.New(nil, nil), Options{Version: version, Logger: slog.New(slog.DiscardHandler)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("reading the OpenAPI document: status %d: %s", rec.Code, rec.Body.Bytes())
	}
	return rec.Body.Bytes(), nil
}
