package datasource

import (
	"strings"
	"testing"
)

func TestParseTemplateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"/a/{id", "'{' at offset 3 is not closed"},
		{"/a/{i{d}", "'{' at offset 3 is not closed"},
		{"/a/}", "unmatched '}' at offset 3"},
		{"/a/{}", "empty placeholder"},
		{"/a/{a..b}", "empty path segment"},
		{"/a/{.a}", "empty path segment"},
		{"/a/{a b}", `' ' is not allowed`},
		{"/a/{é}", `'é' is not allowed`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			_, err := parseTemplate(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestBuildRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cfg      Config
		params   map[string]any
		wantURL  string
		wantBody string // "" for no body
		wantErr  string
	}{
		{name: "reserved characters are escaped in path and query",
			cfg:     Config{Method: "GET", URL: "https://h/p/{a}?x={a}"},
			params:  map[string]any{"a": "a b/c?d#e&f=g~h+i%"},
			wantURL: "https://h/p/a%20b%2Fc%3Fd%23e%26f%3Dg~h%2Bi%25?x=a%20b%2Fc%3Fd%23e%26f%3Dg~h%2Bi%25"},
		{name: "numbers and booleans have one text form",
			cfg:     Config{Method: "GET", URL: "https://h/{i}/{f}/{big}/{huge}/{neg}/{b}"},
			params:  map[string]any{"i": 1e6, "f": 2.5, "big": 9007199254740991.0, "huge": 1e21, "neg": -3.0, "b": false},
			wantURL: "https://h/1000000/2.5/9007199254740991/1e%2B21/-3/false"},
		{name: "a numeric segment indexes an array",
			cfg:     Config{Method: "GET", URL: "https://h/{ids.1}/{o.list.0.k}"},
			params:  map[string]any{"ids": []any{"a", "b"}, "o": map[string]any{"list": []any{map[string]any{"k": "v"}}}},
			wantURL: "https://h/b/v"},
		{name: "an index out of range is missing",
			cfg: Config{Method: "GET", URL: "https://h/{ids.2}"}, params: map[string]any{"ids": []any{"a"}},
			wantErr: `param "ids.2" is missing`},
		{name: "a dotted placeholder uses its whole top-level param",
			cfg:     Config{Method: "GET", URL: "https://h/{c.id}"},
			params:  map[string]any{"c": map[string]any{"id": "1", "name": "n"}, "z": "last", "a": "first"},
			wantURL: "https://h/1?a=first&z=last"},
		{name: "unused params follow the template's own query",
			cfg:     Config{Method: "DELETE", URL: "https://h/x?keep=1"},
			params:  map[string]any{"b": "2", "a": []any{1.0, "s"}},
			wantURL: "https://h/x?keep=1&a=1&a=s&b=2"},
		{name: "an array with an object in the query names the item",
			cfg: Config{Method: "GET", URL: "https://h/"}, params: map[string]any{"a": []any{map[string]any{}}},
			wantErr: `param "a.0" is an object`},
		{name: "a header placeholder uses its param",
			cfg:     Config{Method: "GET", URL: "https://h/", Headers: map[string]string{"X-T": "t-{t}"}},
			params:  map[string]any{"t": "1", "q": "2"},
			wantURL: "https://h/?q=2"},
		{name: "PATCH sends unused params as the body",
			cfg:     Config{Method: "PATCH", URL: "https://h/{id}"},
			params:  map[string]any{"id": "1", "patch": map[string]any{"a": nil}},
			wantURL: "https://h/1", wantBody: `{"patch":{"a":null}}`},
		{name: "a body template drops unused params",
			cfg:     Config{Method: "POST", URL: "https://h/", Body: []byte(`{"a":["{x}","n={n}"],"b":{"{x}":true}}`)},
			params:  map[string]any{"x": map[string]any{"deep": 1.0}, "n": 3.0, "unused": 1.0},
			wantURL: "https://h/", wantBody: `{"a":[{"deep":1},"n=3"],"b":{"{x}":true}}`},
		{name: "a body text placeholder needs a scalar",
			cfg: Config{Method: "POST", URL: "https://h/", Body: []byte(`{"a":"n={n}"}`)}, params: map[string]any{"n": []any{}},
			wantErr: `param "n" is an array`},
		{name: "a body placeholder may be missing too",
			cfg: Config{Method: "POST", URL: "https://h/", Body: []byte(`"{who}"`)}, params: map[string]any{},
			wantErr: `param "who" is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.cfg.Validate(); err != nil {
				t.Fatalf("config: %v", err)
			}
			r, err := buildRequest(tt.cfg, tt.params, "")
			if tt.wantErr != "" {
				if e := asError(t, err); e.Kind != KindParams || !strings.Contains(e.Message, tt.wantErr) {
					t.Errorf("error %v, want %s containing %q", err, KindParams, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.url.String(); got != tt.wantURL {
				t.Errorf("url %s\nwant %s", got, tt.wantURL)
			}
			if got := string(r.body); got != tt.wantBody {
				t.Errorf("body %s, want %s", got, tt.wantBody)
			}
		})
	}
}
