package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// syncBuffer is a log destination the server's goroutines and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes the JSON log lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for l := range strings.SplitSeq(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// observedEnv is an admin env over SQLite whose access log goes, as JSON, to log.
func observedEnv(t *testing.T) (*env, *syncBuffer, store.Store) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	svc := app.New(s, nil)
	srv := httptest.NewServer(New(svc, Options{Logger: slog.New(slog.NewJSONHandler(log, nil))}))
	t.Cleanup(srv.Close)
	e := &env{t: t, url: srv.URL, store: s, token: newToken(t, svc, app.KeyInput{Name: "admin", Role: store.RoleAdmin})}
	return e, log, s
}

// TestRequestID checks that every answer carries an id, that a sane incoming one is kept and any
// other replaced, and that the id reaches the access log and the audit entry of the request.
func TestRequestID(t *testing.T) {
	t.Parallel()
	e, log, s := observedEnv(t)
	long := strings.Repeat("a", maxRequestID+1)
	tests := []struct {
		name   string
		method string
		path   string
		sent   string
		kept   bool
	}{
		{"none sent", "GET", "/healthz", "", false},
		{"a sane one is kept", "GET", "/healthz", "edge-7f3a:01/x.y_z", true},
		{"one with spaces is replaced", "GET", "/healthz", "a b", false},
		{"a too long one is replaced", "GET", "/healthz", long, false},
		{"on a problem too", "GET", "/v1/templates/" + id.New(), "req-404", true},
		{"on an unknown route", "GET", "/nowhere", "req-unmatched", true},
		{"on a refused key", "GET", "/v1/templates", "req-401", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.at(t)
			if tt.name == "on a refused key" {
				c = c.as("wfb_nope_nope")
			}
			var headers []string
			if tt.sent != "" {
				headers = []string{RequestIDHeader, tt.sent}
			}
			r := c.do(tt.method, tt.path, nil, headers...)
			got := r.header.Get(RequestIDHeader)
			switch {
			case tt.kept && got != tt.sent:
				t.Errorf("X-Request-Id %q, want %q", got, tt.sent)
			case !tt.kept && (got == tt.sent || !id.Valid(got)):
				t.Errorf("X-Request-Id %q, want a new id", got)
			}
		})
	}

	// A mutation's audit entry and its access log line carry the request's id.
	r := e.do("POST", "/v1/templates", map[string]any{"name": "T"}, RequestIDHeader, "req-create")
	var tpl Template
	e.ok(r, http.StatusCreated, &tpl)
	entries, err := s.ListAudit(context.Background(), store.AuditFilter{TargetID: tpl.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].RequestID == nil || *entries[0].RequestID != "req-create" {
		t.Errorf("audit entries %+v, want one with request id req-create", entries)
	}
	var line map[string]any
	for _, l := range log.lines(t) {
		if l["request_id"] == "req-create" {
			line = l
		}
	}
	if line == nil || line["msg"] != "request" || line["method"] != "POST" || line["route"] != "/v1/templates" ||
		line["status"] != float64(http.StatusCreated) || line["path"] != "/v1/templates" {
		t.Errorf("access log line %v", line)
	}
}

// TestLogHandler checks that any record logged with a request's context names the request.
func TestLogHandler(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(LogHandler(slog.NewJSONHandler(&buf, nil))).With("component", "x")
	if LogHandler(log.Handler()) != log.Handler() {
		t.Error("wrapping twice adds request_id twice")
	}
	log.InfoContext(app.WithRequestID(context.Background(), "r-1"), "inside")
	log.InfoContext(context.Background(), "outside")
	got := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(got) != 2 || !strings.Contains(got[0], `"request_id":"r-1"`) || !strings.Contains(got[0], `"component":"x"`) ||
		strings.Contains(got[1], "request_id") {
		t.Errorf("log lines %q", got)
	}
}

// TestMetricsAfterTraffic checks the HTTP series by route pattern and status (an unknown path
// is one "unmatched" route, not one per path), and the open-task gauges.
func TestMetricsAfterTraffic(t *testing.T) {
	t.Parallel()
	e, _, _ := observedEnv(t)
	e.createTemplate("T")
	for range 3 {
		e.do("GET", "/v1/templates/"+id.New(), nil)
	}
	e.do("GET", "/a/b", nil)
	e.do("GET", "/c", nil)
	m := e.scrape()
	for series, want := range map[string]float64{
		`wfb_http_request_duration_seconds_count{method="POST",route="/v1/templates",status="201"}`:     1,
		`wfb_http_request_duration_seconds_count{method="GET",route="/v1/templates/{id}",status="404"}`: 3,
		`wfb_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}`:          2,
		`wfb_executions_total{outcome="started"}`:                                                       0,
		`wfb_human_tasks_open{status="OPEN"}`:                                                           0,
		`wfb_human_tasks_open{status="CLAIMED"}`:                                                        0,
		`wfb_human_tasks_overdue`:                                                                       0,
	} {
		if got, ok := m[series]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	if _, ok := m["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
}

// TestReadyzFailsWhenTheDatabaseIsClosed checks /readyz against a closed database.
func TestReadyzFailsWhenTheDatabaseIsClosed(t *testing.T) {
	t.Parallel()
	e, _, s := observedEnv(t)
	e.ok(e.do("GET", "/readyz", nil), http.StatusOK, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	p := e.problem(e.do("GET", "/readyz", nil), http.StatusServiceUnavailable, codeNotReady)
	if len(p.Errors) != 1 || p.Errors[0].Location != "database" {
		t.Errorf("errors %+v, want the database", p.Errors)
	}
	// The open-task gauges cannot be counted either; the rest of /metrics is still served.
	m := e.scrape()
	if _, ok := m[`wfb_human_tasks_open{status="OPEN"}`]; ok {
		t.Error("open-task gauge served without a database")
	}
	if _, ok := m[`wfb_http_request_duration_seconds_count{method="GET",route="/readyz",status="503"}`]; !ok {
		t.Error("HTTP series missing")
	}
}

// TestServeDrainsInFlightRequests stops a real server while a request is running: the request
// finishes with its answer, new connections are refused, and Serve returns once it is done. A
// request outliving the grace period makes Serve report it.
func TestServeDrainsInFlightRequests(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		grace   time.Duration
		release bool // let the request finish during the grace period
		wantErr bool
	}{
		{"finishes in time", 10 * time.Second, true, false},
		{"outlives the grace period", 100 * time.Millisecond, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			entered, release := make(chan struct{}), make(chan struct{})
			t.Cleanup(func() { close(release) })
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(entered)
				select {
				case <-release:
				case <-time.After(30 * time.Second):
				}
				_, _ = io.WriteString(w, "done")
			}), ReadHeaderTimeout: time.Second}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := "http://" + ln.Addr().String()
			ctx, stop := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- Serve(ctx, srv, ln, tt.grace) }()

			type answer struct {
				body string
				err  error
			}
			answered := make(chan answer, 1)
			go func() {
				res, err := http.Get(addr + "/slow")
				if err != nil {
					answered <- answer{err: err}
					return
				}
				defer res.Body.Close()
				b, err := io.ReadAll(res.Body)
				answered <- answer{string(b), err}
			}()
			<-entered
			stop()
			select {
			case err := <-served:
				t.Fatalf("Serve returned (%v) with a request in flight", err)
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := (&net.Dialer{Timeout: time.Second}).Dial("tcp", ln.Addr().String()); err == nil {
				t.Error("a new connection was accepted while shutting down")
			}
			if tt.release {
				release <- struct{}{}
				if a := <-answered; a.err != nil || a.body != "done" {
					t.Errorf("in-flight answer %q, %v; want done", a.body, a.err)
				}
			}
			select {
			case err := <-served:
				if (err != nil) != tt.wantErr {
					t.Errorf("Serve: %v, want error %v", err, tt.wantErr)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("Serve did not return")
			}
		})
	}
}
