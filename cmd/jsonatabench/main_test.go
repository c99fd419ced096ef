package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/workflowbuilder/wfb/jsonata"
)

// TestCasesEvaluate checks that every benchmark expression compiles and
// produces a value on the benchmark scope, so the comparison measures real
// work rather than an early error or an undefined result.
func TestCasesEvaluate(t *testing.T) {
	t.Parallel()
	doc, err := jsonata.ParseJSON([]byte(scopeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	in, err := jsonata.NewInput(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range benchCases {
		res, err := jsonata.MustCompile(c.expr).Evaluate(context.Background(), in)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if b, _ := json.Marshal(res); len(b) == 0 || string(b) == "null" {
			t.Errorf("%s: empty result %s", c.name, b)
		}
	}
}

func TestSameJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, true},
		{`[1,2]`, `[2,1]`, false},
		{`1`, `1.0`, true},
		{`"x"`, `null`, false},
	}
	for _, tc := range tests {
		if got := sameJSON(tc.a, json.RawMessage(tc.b)); got != tc.want {
			t.Errorf("sameJSON(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}
