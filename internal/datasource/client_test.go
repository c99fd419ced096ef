package datasource

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCallSuccess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		cfg       func(base string) Config
		params    map[string]any
		env       func(string) (string, bool)
		reply     string
		status    int
		wantReq   seen // Method, Path, Query, Body compared; Header entries checked one by one
		wantData  string
		wantNoHdr []string
	}{
		{
			name: "GET with path placeholders and unused params in the query",
			cfg: func(base string) Config {
				return Config{Method: "GET", URL: base + "/companies/{company.id}/directors?active=true"}
			},
			params: map[string]any{
				"company": map[string]any{"id": "a/b c"}, "limit": float64(10), "q": "é&=",
				"tags": []any{"x", "y"}, "gone": nil, "ratio": 0.25, "ok": true,
			},
			reply:    `{"items":[{"id":"d1"}]}`,
			wantReq:  seen{Method: "GET", Path: "/companies/a%2Fb%20c/directors", Query: "active=true&limit=10&ok=true&q=%C3%A9%26%3D&ratio=0.25&tags=x&tags=y"},
			wantData: `{"items":[{"id":"d1"}]}`,
		},
		{
			name: "POST without a body template sends the unused params",
			cfg: func(base string) Config {
				return Config{Method: "POST", URL: base + "/search/{kind}"}
			},
			params:   map[string]any{"kind": "directors", "name": "Ravi", "page": float64(2)},
			reply:    `[1,2]`,
			status:   201,
			wantReq:  seen{Method: "POST", Path: "/search/directors", Body: `{"name":"Ravi","page":2}`, Header: http.Header{"Content-Type": {"application/json"}}},
			wantData: `[1,2]`,
		},
		{
			name: "PUT with a body template keeps types of whole placeholders",
			cfg: func(base string) Config {
				return Config{Method: "PUT", URL: base + "/c/{id}",
					Body: []byte(`{"ids":"{ids}","note":"for {who.name}","fixed":1}`)}
			},
			params:   map[string]any{"id": float64(7), "ids": []any{1.0, 2.0}, "who": map[string]any{"name": "Ana"}, "unused": "x"},
			reply:    `{}`,
			wantReq:  seen{Method: "PUT", Path: "/c/7", Body: `{"fixed":1,"ids":[1,2],"note":"for Ana"}`},
			wantData: `{}`,
		},
		{
			name: "templated headers and a bearer secret from the environment",
			cfg: func(base string) Config {
				return Config{Method: "GET", URL: base + "/me",
					Headers: map[string]string{"X-Tenant": "{tenant}", "X-Static": "v1"},
					Auth:    &Auth{Type: AuthBearer, SecretEnv: "WFB_SECRET_CRM"}}
			},
			params: map[string]any{"tenant": "acme"},
			env:    env("WFB_SECRET_CRM", "s3cret"),
			reply:  `{"ok":true}`,
			wantReq: seen{Method: "GET", Path: "/me", Header: http.Header{
				"Authorization": {"Bearer s3cret"}, "X-Tenant": {"acme"}, "X-Static": {"v1"}, "Accept": {"application/json"}}},
			wantData: `{"ok":true}`,
		},
		{
			name: "a secret in a named header",
			cfg: func(base string) Config {
				return Config{Method: "DELETE", URL: base + "/x/{id}", Auth: &Auth{Type: AuthHeader, Header: "X-Api-Key", SecretEnv: "WFB_SECRET_K"}}
			},
			params:    map[string]any{"id": "1", "force": true},
			env:       env("WFB_SECRET_K", "k-123"),
			reply:     `null`,
			wantReq:   seen{Method: "DELETE", Path: "/x/1", Query: "force=true", Header: http.Header{"X-Api-Key": {"k-123"}}},
			wantData:  `null`,
			wantNoHdr: []string{"Authorization", "Content-Type"},
		},
		{
			name:     "an empty 204 is null data",
			cfg:      func(base string) Config { return Config{Method: "POST", URL: base + "/ping"} },
			status:   204,
			wantReq:  seen{Method: "POST", Path: "/ping", Body: `{}`},
			wantData: `null`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status := tt.status
			if status == 0 {
				status = 200
			}
			srv, rec := serve(t, func(w http.ResponseWriter, _ *http.Request, _ seen) { reply(w, status, tt.reply) })
			lookup := tt.env
			if lookup == nil {
				lookup = env()
			}
			res, err := NewClient(nil).Call(context.Background(), tt.cfg(srv.URL), tt.params, lookup)
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if res.Status != status {
				t.Errorf("status %d, want %d", res.Status, status)
			}
			if got := mustJSON(t, res.Data); got != tt.wantData {
				t.Errorf("data %s, want %s", got, tt.wantData)
			}
			reqs := rec.all()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Method != tt.wantReq.Method || got.Path != tt.wantReq.Path || got.Query != tt.wantReq.Query || got.Body != tt.wantReq.Body {
				t.Errorf("request %s %s ? %s body %s\nwant    %s %s ? %s body %s",
					got.Method, got.Path, got.Query, got.Body, tt.wantReq.Method, tt.wantReq.Path, tt.wantReq.Query, tt.wantReq.Body)
			}
			for k, v := range tt.wantReq.Header {
				if g := got.Header.Values(k); strings.Join(g, ",") != strings.Join(v, ",") {
					t.Errorf("header %s = %q, want %q", k, g, v)
				}
			}
			for _, k := range tt.wantNoHdr {
				if g := got.Header.Get(k); g != "" {
					t.Errorf("header %s = %q, want none", k, g)
				}
			}
		})
	}
}

func TestCallFailures(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 2000) // two bytes each: a cut at 512 must not split one
	tests := []struct {
		name       string
		status     int
		body       string
		header     map[string]string
		cfg        func(base string) Config
		params     map[string]any
		env        func(string) (string, bool)
		wantKind   Kind
		wantStatus int
		retryable  bool
		excerpt    string // the excerpt contains this
		message    string // the message contains this
		noSend     bool   // the server must not be called
	}{
		{name: "404 is not retryable and carries status and excerpt", status: 404, body: `{"error":"no such company"}`,
			wantKind: KindStatus, wantStatus: 404, excerpt: "no such company", message: "answered 404"},
		{name: "400 is not retryable", status: 400, body: `bad`, wantKind: KindStatus, wantStatus: 400, excerpt: "bad"},
		{name: "500 is retryable", status: 500, body: `boom`, wantKind: KindStatus, wantStatus: 500, retryable: true, excerpt: "boom"},
		{name: "503 is retryable", status: 503, wantKind: KindStatus, wantStatus: 503, retryable: true},
		{name: "429 is retryable", status: 429, body: `slow down`, wantKind: KindStatus, wantStatus: 429, retryable: true, excerpt: "slow down"},
		{name: "408 is retryable", status: 408, wantKind: KindStatus, wantStatus: 408, retryable: true},
		{name: "a non-JSON 2xx body is not retryable", status: 200, body: `<html>oops</html>`,
			wantKind: KindNotJSON, wantStatus: 200, excerpt: "<html>oops</html>"},
		{name: "a 2xx body over the cap is refused", status: 200, body: `"` + strings.Repeat("a", 200) + `"`,
			cfg:      func(base string) Config { return Config{Method: "GET", URL: base + "/", MaxResponseBytes: 100} },
			wantKind: KindTooLarge, wantStatus: 200, message: "more than maxResponseBytes (100 bytes)"},
		{name: "a long error body is cut to a valid UTF-8 excerpt", status: 502, body: long,
			wantKind: KindStatus, wantStatus: 502, retryable: true, excerpt: "éé"},
		{name: "a secret echoed by the server is redacted", status: 401, body: `token s3cret is wrong`,
			cfg: func(base string) Config {
				return Config{Method: "GET", URL: base + "/", Auth: &Auth{Type: AuthBearer, SecretEnv: "WFB_SECRET_X"}}
			},
			env: env("WFB_SECRET_X", "s3cret"), wantKind: KindStatus, wantStatus: 401, excerpt: "token [REDACTED] is wrong"},
		{name: "a missing param names it", cfg: func(base string) Config { return Config{Method: "GET", URL: base + "/c/{company.id}"} },
			params: map[string]any{"company": map[string]any{}}, wantKind: KindParams, message: `param "company.id" is missing`, noSend: true},
		{name: "an object param has no query form", cfg: func(base string) Config { return Config{Method: "GET", URL: base + "/"} },
			params: map[string]any{"filter": map[string]any{"a": 1.0}}, wantKind: KindParams, message: `param "filter" is an object`, noSend: true},
		{name: "a null path param is an error", cfg: func(base string) Config { return Config{Method: "GET", URL: base + "/{id}"} },
			params: map[string]any{"id": nil}, wantKind: KindParams, message: `param "id" is null`, noSend: true},
		{name: "an absent secret is a clear error", cfg: func(base string) Config {
			return Config{Method: "GET", URL: base + "/", Auth: &Auth{Type: AuthBearer, SecretEnv: "WFB_SECRET_NOPE"}}
		}, wantKind: KindSecret, message: "WFB_SECRET_NOPE is not set", noSend: true},
		{name: "an empty secret is absent", cfg: func(base string) Config {
			return Config{Method: "GET", URL: base + "/", Auth: &Auth{Type: AuthBearer, SecretEnv: "WFB_SECRET_E"}}
		}, env: env("WFB_SECRET_E", ""), wantKind: KindSecret, noSend: true},
		{name: "a header param with a newline is refused", cfg: func(base string) Config {
			return Config{Method: "GET", URL: base + "/", Headers: map[string]string{"X-A": "{a}"}}
		}, params: map[string]any{"a": "x\r\nEvil: 1"}, wantKind: KindParams, noSend: true},
		{name: "an invalid config is refused before sending", cfg: func(base string) Config { return Config{Method: "GET", URL: "ftp://x/"} },
			wantKind: KindConfig, message: "url: scheme must be http or https", noSend: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := serve(t, func(w http.ResponseWriter, _ *http.Request, _ seen) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				reply(w, tt.status, tt.body)
			})
			cfg := Config{Method: "GET", URL: srv.URL + "/"}
			if tt.cfg != nil {
				cfg = tt.cfg(srv.URL)
			}
			lookup := tt.env
			if lookup == nil {
				lookup = env()
			}
			_, err := NewClient(nil).Call(context.Background(), cfg, tt.params, lookup)
			e := asError(t, err)
			if e.Kind != tt.wantKind || e.Status != tt.wantStatus || e.Retryable() != tt.retryable {
				t.Errorf("got kind %s status %d retryable %v, want %s %d %v (%v)",
					e.Kind, e.Status, e.Retryable(), tt.wantKind, tt.wantStatus, tt.retryable, err)
			}
			if !strings.Contains(e.Excerpt, tt.excerpt) {
				t.Errorf("excerpt %q does not contain %q", e.Excerpt, tt.excerpt)
			}
			if len(e.Excerpt) > MaxExcerpt || !utf8.ValidString(e.Excerpt) {
				t.Errorf("excerpt is %d bytes (max %d), valid UTF-8 %v", len(e.Excerpt), MaxExcerpt, utf8.ValidString(e.Excerpt))
			}
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("message %q does not contain %q", e.Message, tt.message)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error echoes the secret: %v", err)
			}
			if n := len(rec.all()); tt.noSend && n != 0 || !tt.noSend && n != 1 {
				t.Errorf("server saw %d requests (noSend %v)", n, tt.noSend)
			}
		})
	}
}

func TestCallRetryAfter(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, func(w http.ResponseWriter, _ *http.Request, _ seen) {
		w.Header().Set("Retry-After", "7")
		reply(w, 429, "")
	})
	_, err := NewClient(nil).Call(context.Background(), Config{Method: "GET", URL: srv.URL}, nil, env())
	if e := asError(t, err); e.RetryAfter.Seconds() != 7 {
		t.Errorf("RetryAfter %s, want 7s", e.RetryAfter)
	}
}

// The server holds the request until the client gives up; the test takes about the timeout.
func TestCallTimeout(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, func(_ http.ResponseWriter, r *http.Request, _ seen) { <-r.Context().Done() })
	_, err := NewClient(nil).Call(context.Background(), Config{Method: "GET", URL: srv.URL + "/slow", TimeoutMs: 50}, nil, env())
	e := asError(t, err)
	if e.Kind != KindTimeout || !e.Retryable() || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v (kind %s, retryable %v), want a retryable timeout", err, e.Kind, e.Retryable())
	}
	if !strings.Contains(e.Message, "did not answer within 50ms") {
		t.Errorf("message %q does not name the timeout", e.Message)
	}
}

func TestCallCanceledByCaller(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, _ := serve(t, func(_ http.ResponseWriter, r *http.Request, _ seen) {
		cancel() // the caller gives up while the server is working
		<-r.Context().Done()
	})
	_, err := NewClient(nil).Call(ctx, Config{Method: "GET", URL: srv.URL}, nil, env())
	if e := asError(t, err); e.Kind != KindCanceled || e.Retryable() {
		t.Errorf("got %v, want a non-retryable cancellation", err)
	}
}

func TestCallNetworkError(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, func(w http.ResponseWriter, _ *http.Request, _ seen) { reply(w, 200, "{}") })
	srv.Close() // nothing listens any more
	_, err := NewClient(nil).Call(context.Background(), Config{Method: "GET", URL: srv.URL}, nil, env())
	if e := asError(t, err); e.Kind != KindNetwork || !e.Retryable() {
		t.Errorf("got %v, want a retryable network error", err)
	}
}

// The caller's own deadline (an activity's StartToCloseTimeout) shorter than timeoutMs is a
// timeout too: the next attempt gets a fresh deadline.
func TestCallCallerDeadline(t *testing.T) {
	t.Parallel()
	srv, _ := serve(t, func(_ http.ResponseWriter, r *http.Request, _ seen) { <-r.Context().Done() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := NewClient(nil).Call(ctx, Config{Method: "GET", URL: srv.URL}, nil, env())
	if e := asError(t, err); e.Kind != KindTimeout || !e.Retryable() || !strings.Contains(e.Message, "caller's deadline") {
		t.Errorf("got %v, want a retryable timeout naming the caller's deadline", err)
	}
}
