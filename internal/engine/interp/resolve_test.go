package interp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

func TestResolveParams(t *testing.T) {
	t.Parallel()
	ev := expr.New(expr.Options{})
	tests := []struct {
		name    string
		params  string // "" for none
		scope   expr.Scope
		want    string
		wantErr string
	}{
		{name: "no params is an empty object", want: `{}`},
		{name: "a missing field is left out", params: `{"a":{"type":"field","ref":{"source":"CONTEXT","path":"nope"}},"b":1}`, want: `{"b":1}`},
		{name: "__each__ outside a batch is no value", params: `{"a":{"type":"field","ref":{"source":"EACH","path":"id"}}}`, want: `{}`},
		{name: "params must be an object", params: `{"type":"const","value":[1]}`, wantErr: "params must resolve to an object, got an array"},
		{name: "an expression error is reported", params: `{"a":{"type":"expr","expr":{"src":"$error('no')"}}}`, wantErr: "resolving data source params"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p *definition.ParamValue
			if tt.params != "" {
				p = new(definition.ParamValue)
				if err := json.Unmarshal([]byte(tt.params), p); err != nil {
					t.Fatal(err)
				}
			}
			got, err := ResolveParams(context.Background(), ev, p, tt.scope)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := mustJSON(t, got); g != tt.want {
				t.Errorf("got %s, want %s", g, tt.want)
			}
		})
	}
}

func TestSelectResult(t *testing.T) {
	t.Parallel()
	ev := expr.New(expr.Options{})
	data := map[string]any{"data": []any{map[string]any{"n": 1.0}, map[string]any{"n": 2.0}}}
	tests := []struct {
		name string
		sel  *definition.Expr
		want string
	}{
		{name: "no select keeps the data", want: `{"data":[{"n":1},{"n":2}]}`},
		{name: "select reads the raw result", sel: &definition.Expr{Src: `$sum(data.n)`}, want: `3`},
		{name: "no value is null", sel: &definition.Expr{Src: `nope`}, want: `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := SelectResult(context.Background(), ev, tt.sel, data)
			if err != nil {
				t.Fatal(err)
			}
			if g := mustJSON(t, got); g != tt.want {
				t.Errorf("got %s, want %s", g, tt.want)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
