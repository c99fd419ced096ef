package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeEvalFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunEval(t *testing.T) {
	t.Parallel()
	input := writeEvalFile(t, "in.json", `{"b": 2, "a": {"x": [1, 2, 3]}}`)
	bindings := writeEvalFile(t, "vars.json", `{"factor": 10}`)
	tests := []struct {
		name        string
		args        []string
		stdin       string
		code        int
		out, errOut string
	}{
		{"literal", []string{"1 + 2"}, "", 0, "3\n", ""},
		{"input file keeps key order", []string{"--input", input, "$"}, "", 0, "{\n  \"b\": 2,\n  \"a\": {\n    \"x\": [\n      1,\n      2,\n      3\n    ]\n  }\n}\n", ""},
		{"flags after the expression", []string{"$sum(a.x) * $factor", "--input", input, "--bindings", bindings}, "", 0, "60\n", ""},
		{"stdin input", []string{"--input", "-", "name"}, `{"name": "ada"}`, 0, "\"ada\"\n", ""},
		{"undefined prints nothing", []string{"--input", input, "missing"}, "", 0, "", ""},
		{"syntax error", []string{"(1"}, "", 1, "", "S0203 at position 2"},
		{"evaluation error", []string{`1 + "a"`}, "", 1, "", "T2002 at position 3"},
		{"no expression", nil, "", 2, "", "usage"},
		{"missing input file", []string{"--input", "/nonexistent/x.json", "1"}, "", 2, "", "reading input"},
		{"bad bindings", []string{"--bindings", input + "x", "1"}, "", 2, "", "reading bindings"},
		{"bad input JSON", []string{"--input", "-", "1"}, "{", 2, "", "input -"},
		{"standard input without --input", []string{"a + 1"}, `{"a": 1}`, 0, "2\n", ""},
		{"blank standard input is no input", []string{"$exists($)"}, " \n", 0, "false\n", ""},
		{"bad standard input", []string{"1"}, "{", 2, "", "standard input"},
		{"bindings from standard input", []string{"--bindings", "-", "$factor * 2"}, `{"factor": 21}`, 0, "42\n", ""},
		{"the README's example", []string{"$sum(items.(price * qty))", "--input", filepath.Join("..", "..", "examples", "data", "order.json")}, "", 0, "610\n", ""},
		{"the depth limit", []string{"($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))"}, "", 1, "", "U1002"},
		// A tail recursion never ends: the step limit stops it, as it would in a workflow.
		{"the step limit", []string{"($f := function($n) { $f($n + 1) }; $f(0))"}, "", 1, "", "U1004"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			code := runEval(tc.args, strings.NewReader(tc.stdin), &out, &errOut)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, errOut.String())
			}
			if out.String() != tc.out {
				t.Errorf("stdout %q, want %q", out.String(), tc.out)
			}
			if !strings.Contains(errOut.String(), tc.errOut) {
				t.Errorf("stderr %q, want it to contain %q", errOut.String(), tc.errOut)
			}
		})
	}
}
