package datasource

import (
	"errors"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		json       string
		wantFields []string // the fields Validate names, in order; nil for valid
		wantErr    string   // a decoding error contains this
		notInError string   // never echoed
	}{
		{name: "minimal GET", json: `{"method":"GET","url":"https://crm.example/api/companies/{id}"}`},
		{name: "everything", json: `{"method":"POST","url":"http://127.0.0.1:8081/x?v=1&id={id}","headers":{"X-Tenant":"{tenant}"},
			"body":{"q":"{q}"},"timeoutMs":2500,"maxResponseBytes":4096,
			"auth":{"type":"header","header":"X-Api-Key","secretEnv":"WFB_SECRET_CRM_KEY"}}`},
		{name: "unknown field", json: `{"method":"GET","url":"https://x/","timout":5}`, wantErr: `unknown field "timout"`},
		{name: "unknown auth field holding a secret", json: `{"method":"GET","url":"https://x/","auth":{"type":"bearer","secretEnv":"WFB_SECRET_A","token":"abc"}}`,
			wantErr: `unknown field "token"`},
		{name: "trailing data", json: `{"method":"GET","url":"https://x/"} {}`, wantErr: "after top-level value"},
		{name: "bad method and lower case", json: `{"method":"get","url":"https://x/"}`, wantFields: []string{"method"}},
		{name: "url that does not parse as a template", json: `{"method":"GET","url":"https://x/{id"}`, wantFields: []string{"url"}},
		{name: "url placeholder in the host", json: `{"method":"GET","url":"https://{tenant}.example/x"}`, wantFields: []string{"url"}},
		{name: "url placeholder right after the host", json: `{"method":"GET","url":"https://example{port}/x"}`, wantFields: []string{"url"}},
		{name: "relative url", json: `{"method":"GET","url":"/api/{id}"}`, wantFields: []string{"url"}},
		{name: "url with credentials", json: `{"method":"GET","url":"https://user:pw@x/"}`, wantFields: []string{"url"}, notInError: "pw@"},
		{name: "url with a fragment", json: `{"method":"GET","url":"https://x/a#frag"}`, wantFields: []string{"url"}},
		{name: "timeout too small", json: `{"method":"GET","url":"https://x/","timeoutMs":1}`, wantFields: []string{"timeoutMs"}},
		{name: "timeout too large", json: `{"method":"GET","url":"https://x/","timeoutMs":300001}`, wantFields: []string{"timeoutMs"}},
		{name: "negative cap", json: `{"method":"GET","url":"https://x/","maxResponseBytes":-1}`, wantFields: []string{"maxResponseBytes"}},
		{name: "credential header inline", json: `{"method":"GET","url":"https://x/","headers":{"authorization":"Bearer abc"}}`,
			wantFields: []string{"headers.authorization"}, notInError: "Bearer abc"},
		{name: "client header", json: `{"method":"GET","url":"https://x/","headers":{"Host":"evil"}}`, wantFields: []string{"headers.Host"}},
		{name: "bad header name and template", json: `{"method":"GET","url":"https://x/","headers":{"X A":"1"}}`, wantFields: []string{"headers.X A"}},
		{name: "header value template", json: `{"method":"GET","url":"https://x/","headers":{"X-A":"{a"}}`, wantFields: []string{"headers.X-A"}},
		{name: "body on GET", json: `{"method":"GET","url":"https://x/","body":{"a":1}}`, wantFields: []string{"body"}},
		{name: "body template", json: `{"method":"POST","url":"https://x/","body":{"a":"{}"}}`, wantFields: []string{"body"}},
		{name: "inline secret instead of an env name", json: `{"method":"GET","url":"https://x/","auth":{"type":"bearer","secretEnv":"sk_live_51Habc.def"}}`,
			wantFields: []string{"auth.secretEnv"}, notInError: "sk_live"},
		{name: "env name without the prefix", json: `{"method":"GET","url":"https://x/","auth":{"type":"bearer","secretEnv":"WFB_DB"}}`,
			wantFields: []string{"auth.secretEnv"}},
		{name: "auth type", json: `{"method":"GET","url":"https://x/","auth":{"type":"basic","secretEnv":"WFB_SECRET_A"}}`, wantFields: []string{"auth.type"}},
		{name: "header auth without a header", json: `{"method":"GET","url":"https://x/","auth":{"type":"header","secretEnv":"WFB_SECRET_A"}}`,
			wantFields: []string{"auth.header"}},
		{name: "header auth colliding with headers", json: `{"method":"GET","url":"https://x/","headers":{"x-api-key":"1"},"auth":{"type":"header","header":"X-Api-Key","secretEnv":"WFB_SECRET_A"}}`,
			wantFields: []string{"auth.header"}},
		{name: "bad headers are reported in name order", json: `{"method":"GET","url":"https://x/","headers":{"X-B":"{","Cookie":"a","X-A":"}"}}`,
			wantFields: []string{"headers.Cookie", "headers.X-A", "headers.X-B"}},
		{name: "several problems at once", json: `{"method":"FETCH","url":"x","timeoutMs":5}`, wantFields: []string{"method", "url", "timeoutMs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseConfig([]byte(tt.json))
			if tt.notInError != "" && err != nil && strings.Contains(err.Error(), tt.notInError) {
				t.Errorf("error echoes %q: %v", tt.notInError, err)
			}
			switch {
			case tt.wantErr != "":
				if e := asError(t, err); e.Kind != KindConfig || !strings.Contains(e.Message, tt.wantErr) {
					t.Errorf("error %v, want a %s containing %q", err, KindConfig, tt.wantErr)
				}
			case tt.wantFields == nil:
				if err != nil {
					t.Errorf("unexpected error: %v", err)
				}
			default:
				var ce *ConfigError
				if !errors.As(err, &ce) {
					t.Fatalf("error %v is not a *ConfigError", err)
				}
				var got []string
				for _, f := range ce.Fields {
					got = append(got, f.Field)
				}
				if strings.Join(got, ",") != strings.Join(tt.wantFields, ",") {
					t.Errorf("fields %q, want %q (%v)", got, tt.wantFields, err)
				}
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	var c Config
	if c.Timeout().Milliseconds() != DefaultTimeoutMs || c.ResponseCap() != DefaultMaxResponseBytes {
		t.Errorf("defaults %s, %d", c.Timeout(), c.ResponseCap())
	}
	c = Config{TimeoutMs: 250, MaxResponseBytes: 10}
	if c.Timeout().Milliseconds() != 250 || c.ResponseCap() != 10 {
		t.Errorf("configured %s, %d", c.Timeout(), c.ResponseCap())
	}
}

// A config survives the store: encoded, decoded strictly, equal.
func TestConfigRoundTrip(t *testing.T) {
	t.Parallel()
	in := Config{Method: "POST", URL: "https://h/{a}", Headers: map[string]string{"X-A": "{b}"},
		Body: []byte(`{"c":"{c}"}`), TimeoutMs: 1500, MaxResponseBytes: 2048,
		Auth: &Auth{Type: AuthBearer, SecretEnv: "WFB_SECRET_A"}}
	out, err := ParseConfig([]byte(mustJSON(t, in)))
	if err != nil {
		t.Fatal(err)
	}
	if mustJSON(t, out) != mustJSON(t, in) {
		t.Errorf("round trip %s, want %s", mustJSON(t, out), mustJSON(t, in))
	}
}
