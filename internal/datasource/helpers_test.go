package datasource

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// seen is one request as the server received it.
type seen struct {
	Method  string
	Path    string // escaped, as sent
	Query   string // raw, as sent
	Header  http.Header
	Body    string
	Attempt int
}

// recorder records every request a test server receives.
type recorder struct {
	mu   sync.Mutex
	reqs []seen
}

func (r *recorder) record(req *http.Request) seen {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	s := seen{Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.RawQuery,
		Header: req.Header.Clone(), Body: string(b), Attempt: len(r.reqs) + 1}
	r.reqs = append(r.reqs, s)
	return s
}

func (r *recorder) all() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

// serve starts a real HTTP server whose handler sees each request after it is recorded.
func serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request, s seen)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, rec.record(r))
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// reply writes a status and a body.
func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// env is a fake environment for lookupEnv.
func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// asError asserts err is an *Error and returns it.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *datasource.Error", err, err)
	}
	return e
}

// mustJSON encodes v or fails the test.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
