package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// wfb bench with tiny sizes on its own embedded server: both sides are measured, the ratios
// are printed, the BATCH ran, and the rerun line repeats the flags. No time is asserted.
func TestBench(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "-n", "5", "-c", "2", "-batch", "10,3"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("wfb bench exited %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	out := stdout.String()
	num := `[0-9.]+(ns|µs|ms|s|m[0-9.]+s)`
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^bare +5 +2 +` + num + ` +[0-9.]+ +` + num + ` +` + num + `$`),
		regexp.MustCompile(`(?m)^engine +5 +2 +` + num + ` +[0-9.]+ +` + num + ` +` + num + `$`),
		regexp.MustCompile(`(?m)^engine/bare +[0-9.]+x +[0-9.]+x +[0-9.]+x$`),
		regexp.MustCompile(`(?m)^engine: .*bare: `),
		regexp.MustCompile(`(?m)^BATCH children +wall +children/s$`),
		regexp.MustCompile(`(?m)^10 +` + num + ` +[0-9.]+$`),
		regexp.MustCompile(`(?m)^3 +` + num + ` +[0-9.]+$`),
		regexp.MustCompile(`(?m)^rerun: wfb bench -n 5 -c 2 -batch "10,3"$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output has no line matching %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, " 0.00x") {
		t.Errorf("a ratio is zero (a side measured nothing):\n%s", out)
	}
}

func TestBenchFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"-batch", "10,0"}, 2, `"0" is not a positive number`},
		{[]string{"-batch", "ten"}, 2, `"ten" is not a positive number`},
		{[]string{"-n", "0"}, 2, "-n and -c must be at least 1"},
		{[]string{"-c", "-1"}, 2, "-n and -c must be at least 1"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-h"}, 0, "Usage: wfb bench"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"bench"}, tt.args...), nil, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestSizeList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []int
	}{
		{"1000", []int{1000}},
		{"1000,10000", []int{1000, 10000}},
		{" 5 , 6 ", []int{5, 6}},
		{"", []int{}},
	}
	for _, tt := range tests {
		var s sizeList
		if err := s.Set(tt.in); err != nil || !slices.Equal(s, tt.want) || s == nil {
			t.Errorf("Set(%q) = %v, %v; want %v", tt.in, s, err, tt.want)
		}
		if got := s.String(); got != strings.Join(strings.Fields(strings.ReplaceAll(tt.in, ",", " ")), ",") {
			t.Errorf("String() after Set(%q) = %q", tt.in, got)
		}
	}
}
