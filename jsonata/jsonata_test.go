package jsonata

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func mustEval(t *testing.T, src string, input any, opts ...Option) (any, error) {
	t.Helper()
	e, err := Compile(src)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	return e.Evaluate(context.Background(), input, opts...)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

func TestEvaluateResults(t *testing.T) {
	t.Parallel()
	input := map[string]any{
		"__context__": map[string]any{"customer": map[string]any{"type": "premium"}, "amount": 1200.0},
		"__steps__":   map[string]any{"verify": map[string]any{"approved": true}},
	}
	tests := []struct {
		name, expr, want string
	}{
		{"condition", `__context__.customer.type = "premium" and __steps__.verify.approved = true`, `true`},
		{"arithmetic", `__context__.amount * 2 + 1`, `2401`},
		{"object keeps construction order", `{"z": 1, "a": 2, "m": 3}`, `{"z":1,"a":2,"m":3}`},
		{"map input iterates in sorted key order", `$keys(__context__)`, `["amount","customer"]`},
		{"null", `null`, `null`},
		{"string", `$uppercase(__context__.customer.type)`, `"PREMIUM"`},
		{"array", `[1..3].($ * 2)`, `[2,4,6]`},
		{"coalescing", `__context__.missing ?? "default"`, `"default"`},
		{"elvis", `__context__.missing ?: "fallback"`, `"fallback"`},
		{"grouping", `[{"k":"a","v":1},{"k":"b","v":2},{"k":"a","v":3}]{k: $sum(v)}`, `{"a":4,"b":2}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := mustEval(t, tc.expr, input)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if s := jsonOf(t, got); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}
}

func TestUndefinedIsDistinctFromNull(t *testing.T) {
	t.Parallel()
	_, err := mustEval(t, `nothing.here`, map[string]any{"a": 1.0})
	if !errors.Is(err, ErrUndefined) {
		t.Errorf("missing path: got err %v, want ErrUndefined", err)
	}
	v, err := mustEval(t, `a`, map[string]any{"a": nil})
	if err != nil || v != nil {
		t.Errorf("null field: got %v, %v; want nil, nil", v, err)
	}
}

func TestParseJSONKeepsKeyOrder(t *testing.T) {
	t.Parallel()
	in, err := ParseJSON([]byte(`{"b": 1, "a": {"y": true, "x": null}, "c": [3, 2]}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := mustEval(t, `$`, in)
	if err != nil {
		t.Fatal(err)
	}
	if s := jsonOf(t, got); s != `{"b":1,"a":{"y":true,"x":null},"c":[3,2]}` {
		t.Errorf("got %s", s)
	}
	keys, err := mustEval(t, `$keys($)`, in)
	if err != nil {
		t.Fatal(err)
	}
	if s := jsonOf(t, keys); s != `["b","a","c"]` {
		t.Errorf("keys: got %s", s)
	}
}

func TestBindingsAndGoFunctions(t *testing.T) {
	t.Parallel()
	double, err := NewFunction("double", "<n:n>", func(args []any) (any, error) {
		return args[0].(float64) * 2, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := mustEval(t, `$double($x) & "/" & $name`, nil, WithBindings(map[string]any{"x": 21, "name": "n", "double": double}))
	if err != nil {
		t.Fatal(err)
	}
	if got != "42/n" {
		t.Errorf("got %v", got)
	}
	_, err = mustEval(t, `$double("a")`, nil, WithBindings(map[string]any{"double": double}))
	var je *Error
	if !errors.As(err, &je) || je.Code != "T0410" {
		t.Errorf("bad argument: got %v, want T0410", err)
	}
}

func TestClockAndRandomFromCaller(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	opts := []Option{WithClock(func() time.Time { return at }), WithRandom(func() float64 { return 0.25 })}
	got, err := mustEval(t, `[$now(), $millis(), $random()]`, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if s := jsonOf(t, got); s != `["2024-03-01T12:30:00.000Z",1709296200000,0.25]` {
		t.Errorf("got %s", s)
	}
}

func TestErrorsCarryCodeAndPosition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr, code string
		pos        int
	}{
		{`1 + "a"`, "T2002", 3},
		{`"a" + 1`, "T2001", 5},
		{`(1`, "S0203", 2},
		{`$undefinedFn()`, "T1006", 13},
	}
	for _, tc := range tests {
		e, err := Compile(tc.expr)
		if err == nil {
			_, err = e.Evaluate(context.Background(), nil)
		}
		var je *Error
		if !errors.As(err, &je) {
			t.Errorf("%s: got %v, want *Error", tc.expr, err)
			continue
		}
		if je.Code != tc.code || je.Position != tc.pos {
			t.Errorf("%s: got %s at %d, want %s at %d", tc.expr, je.Code, je.Position, tc.code, tc.pos)
		}
		if !strings.HasPrefix(je.Error(), tc.code+" at position ") {
			t.Errorf("%s: message %q", tc.expr, je.Error())
		}
	}
}

func TestMapInputIsDeterministic(t *testing.T) {
	t.Parallel()
	input := map[string]any{"z": 1, "a": map[string]any{"y": 2, "b": 3}, "m": []any{map[string]any{"q": 1, "c": 2}}}
	tests := []struct{ expr, want string }{
		{`$string($)`, `"{\"a\":{\"b\":3,\"y\":2},\"m\":[{\"c\":2,\"q\":1}],\"z\":1}"`},
		{`*`, `[{"b":3,"y":2},{"c":2,"q":1},1]`},
		{`$each(a, function($v, $k){ $k })`, `["b","y"]`},
		{`$spread(a)`, `[{"b":3},{"y":2}]`},
		{`**.*`, `[{"b":3,"y":2},{"c":2,"q":1},1,3,2,2,1]`},
	}
	for _, tc := range tests {
		for i := 0; i < 20; i++ {
			got, err := mustEval(t, tc.expr, input)
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if s := jsonOf(t, got); s != tc.want {
				t.Fatalf("%s: got %s, want %s", tc.expr, s, tc.want)
			}
		}
	}
}

func TestJSONNumberAndGoIntegerInputs(t *testing.T) {
	t.Parallel()
	dec := json.NewDecoder(strings.NewReader(`{"a": 1.5, "b": [2, 3]}`))
	dec.UseNumber()
	var in any
	if err := dec.Decode(&in); err != nil {
		t.Fatal(err)
	}
	got, err := mustEval(t, `a + $sum(b) + $n`, in, WithBindings(map[string]any{"n": int64(10)}))
	if err != nil {
		t.Fatal(err)
	}
	if got != 16.5 {
		t.Errorf("got %v, want 16.5", got)
	}
}

func TestCyclicInputFailsCleanly(t *testing.T) {
	t.Parallel()
	m := map[string]any{}
	m["self"] = m
	if _, err := mustEval(t, `self`, m); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Fatalf("got %v, want a nesting error", err)
	}
}

func TestErrorPositionsCountUTF16Units(t *testing.T) {
	t.Parallel()
	// "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
	_, err := Compile(`"é😀" + `)
	var je *Error
	if !errors.As(err, &je) || je.Code != "S0207" || je.Position != 8 {
		t.Fatalf("got %v, want S0207 at position 8 (as jsonata-js)", err)
	}
}

func TestPartialBuiltinWithWrongArgumentIsUndefined(t *testing.T) {
	t.Parallel()
	// As jsonata-js, which does not validate partially applied built-ins.
	_, err := mustEval(t, `$map($, $substring(?, 0, 2))`, map[string]any{"a": 1})
	if !errors.Is(err, ErrUndefined) {
		t.Fatalf("got %v, want ErrUndefined", err)
	}
	got, err := mustEval(t, `$map(["abc", "de"], $substring(?, 0, 2))`, nil)
	if err != nil || jsonOf(t, got) != `["ab","de"]` {
		t.Fatalf("got %v, %v", got, err)
	}
}
