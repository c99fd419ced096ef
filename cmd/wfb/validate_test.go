package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func validateExamplesDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("WFB_EXAMPLES_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "examples")
}

func validateExamples(t *testing.T) (valid, invalid []string) {
	t.Helper()
	dir := validateExamplesDir(t)
	valid, _ = filepath.Glob(filepath.Join(dir, "*.json")) // every file at the top level is a definition
	invalid, _ = filepath.Glob(filepath.Join(dir, "invalid", "*.json"))
	if len(valid) == 0 || len(invalid) == 0 {
		t.Fatalf("no examples under %s (set WFB_EXAMPLES_DIR)", dir)
	}
	return valid, invalid
}

func runValidateCapture(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runValidate(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func validateWriteTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateExitCodes(t *testing.T) {
	t.Parallel()
	valid, invalid := validateExamples(t)
	notJSON := validateWriteTemp(t, "broken.json", `{"id": `)
	missing := filepath.Join(t.TempDir(), "missing.json")
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"valid examples", valid, 0},
		{"one invalid", append([]string{valid[0]}, invalid[0]), 1},
		{"all invalid as json", append([]string{"--json"}, invalid...), 1},
		{"not JSON", []string{notJSON}, 2},
		{"unreadable beats invalid", []string{invalid[0], missing}, 2},
		{"no files", nil, 2},
		{"unknown flag", []string{"--yaml", valid[0]}, 2},
		{"help", []string{"-h"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if code, out, errOut := runValidateCapture(t, tc.args...); code != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, out, errOut)
			}
		})
	}
}

func TestValidateHumanOutputNamesFilePathAndRule(t *testing.T) {
	t.Parallel()
	_, invalid := validateExamples(t)
	f := filepath.Join(filepath.Dir(invalid[0]), "self-loop.json")
	code, out, _ := runValidateCapture(t, f)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := f + ":/stepTransitions/3/toStepId: ERROR NO_SELF_LOOPS: "
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(out, "(step b, transition t9)") {
		t.Errorf("output lacks the step and transition ids:\n%s", out)
	}
}

func TestValidateJSONOutputOneLinePerFile(t *testing.T) {
	t.Parallel()
	valid, invalid := validateExamples(t)
	notJSON := validateWriteTemp(t, "broken.json", `[1,`)
	files := append(append(append([]string{}, valid...), invalid...), notJSON)
	code, out, _ := runValidateCapture(t, append([]string{"--json"}, files...)...)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var r struct {
			File   string            `json:"file"`
			Valid  *bool             `json:"valid"`
			Issues []json.RawMessage `json:"issues"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", n, err, sc.Text())
		}
		if r.File != files[n] || r.Valid == nil || r.Issues == nil {
			t.Errorf("line %d: %s", n, sc.Text())
		}
		wantValid := n < len(valid)
		if *r.Valid != wantValid {
			t.Errorf("%s: valid=%v, want %v", r.File, *r.Valid, wantValid)
		}
		n++
	}
	if n != len(files) {
		t.Errorf("%d lines for %d files", n, len(files))
	}
	if !strings.Contains(out, `"expression \"__context__.amount > \" does not compile`) {
		t.Errorf("expressions in messages should be written without HTML escaping:\n%s", out)
	}
}
