package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestWfbTest(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "testdata")
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"scenarios pass", []string{filepath.Join(root, "scenarios")}, 0, []string{"ok ", "0 failed, 0 invalid"}},
		{"invalid files fail the run", []string{filepath.Join(root, "scenarios-invalid")}, 1, []string{"INVALID", "/script/steps/reveiw", `did you mean "review"`}},
		{"missing path", []string{filepath.Join(root, "nope")}, 2, nil},
		{"no path", nil, 2, nil},
		{"unknown flag", []string{"--jsn", root}, 2, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			var out, errOut bytes.Buffer
			if code := run(append([]string{"test"}, tc.args...), strings.NewReader(""), &out, &errOut); code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out.String(), errOut.String())
			}
			for _, w := range tc.wants {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
	var out bytes.Buffer
	if code := run([]string{"test", "--json", filepath.Join(root, "scenarios-invalid", "unknown-step.json")}, strings.NewReader(""), &out, &bytes.Buffer{}); code != 1 {
		t.Fatalf("--json exit %d", code)
	}
	var doc struct {
		Invalid   int `json:"invalid"`
		Scenarios []struct {
			File     string `json:"file"`
			Problems []struct {
				Pointer string `json:"pointer"`
			} `json:"problems"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || doc.Invalid != 1 || doc.Scenarios[0].Problems[0].Pointer != "/script/steps/reveiw" {
		t.Fatalf("--json = %s (%v)", out.String(), err)
	}
}
