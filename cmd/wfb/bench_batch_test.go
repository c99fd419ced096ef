package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestBenchBatch runs `wfb bench batch` with a tiny batch on its own embedded server, on each
// store that server can keep its state in: the table, and the JSON line with both sides
// measured and the history figures read back. No time is asserted.
func TestBenchBatch(t *testing.T) {
	t.Parallel()
	for _, store := range []string{benchStoreSQLite, benchStorePostgres} {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run([]string{"bench", "batch", "--items", "6", "--max-concurrency", "2", "--store", store, "--json"}, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("wfb bench batch exited %d: %s\n%s", code, stderr.String(), stdout.String())
			}
			out := stdout.String()
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`(?m)^bare +6 +2 +[0-9.]+ +[0-9.]+$`),
				regexp.MustCompile(`(?m)^engine +6 +2 +[0-9.]+ +[0-9.]+$`),
				regexp.MustCompile(`(?m)^engine/bare +[0-9.]+x`),
				regexp.MustCompile(`(?m)^engine side on the server: 8 workflows`), // the parent, its coordinator, 6 children
			} {
				if !want.MatchString(out) {
					t.Errorf("output has no line matching %s:\n%s", want, out)
				}
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			var r struct {
				Items          int `json:"items"`
				MaxConcurrency int `json:"maxConcurrency"`
				Engine, Bare   struct {
					Seconds, ChildrenPerSecond float64
				}
				Ratio            float64 `json:"ratio"`
				MaxPayloadBytes  int     `json:"maxPayloadBytes"`
				MaxHistoryEvents int     `json:"maxHistoryEvents"`
			}
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
				t.Fatalf("last line is not the JSON report: %v\n%s", err, out)
			}
			if r.Items != 6 || r.MaxConcurrency != 2 || r.Engine.Seconds <= 0 || r.Bare.Seconds <= 0 || r.Ratio <= 0 ||
				r.MaxPayloadBytes <= 0 || r.MaxHistoryEvents <= 0 {
				t.Errorf("report = %+v", r)
			}
		})
	}
}

func TestBenchBatchFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{}, 2, "--items and --max-concurrency must be at least 1"},
		{[]string{"--items", "5", "--max-concurrency", "0"}, 2, "--items and --max-concurrency must be at least 1"},
		{[]string{"--items", "5", "--store", "mysql"}, 2, `--store must be sqlite or postgres, not "mysql"`},
		{[]string{"--items", "5", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-h"}, 0, "Usage: wfb bench batch"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"bench", "batch"}, tt.args...), nil, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

// TestBenchBatchEngineOnly runs the engine side alone: no bare row, no ratio, and the process's
// peak memory reported.
func TestBenchBatchEngineOnly(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "batch", "--items", "3", "--max-concurrency", "2", "--engine-only", "--json"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("wfb bench batch exited %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	out := stdout.String()
	if regexp.MustCompile(`(?m)^(bare|engine/bare) `).MatchString(out) {
		t.Errorf("an engine-only run printed the bare side:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^engine +3 +2 +[0-9.]+ +[0-9.]+$`).MatchString(out) || !strings.Contains(out, "--engine-only\n") {
		t.Errorf("output lacks the engine row or the rerun line:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var r struct {
		Engine, Bare struct{ Seconds float64 }
		Ratio        float64 `json:"ratio"`
		PeakRSSBytes int64   `json:"peakRSSBytes"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("last line is not the JSON report: %v\n%s", err, out)
	}
	if r.Engine.Seconds <= 0 || r.Bare.Seconds != 0 || r.Ratio != 0 || r.PeakRSSBytes <= 0 {
		t.Errorf("report = %+v; want the engine measured, no bare side, the peak memory", r)
	}
}
