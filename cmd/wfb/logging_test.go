package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/app"
)

// TestConfigureLogging checks each format, the level floor, the request id on lines logged with
// a request's context, and the refusal of unknown settings. It replaces the default logger, so
// it does not run in parallel and puts the old one back.
func TestConfigureLogging(t *testing.T) {
	old := slog.Default()
	t.Cleanup(func() { slog.SetDefault(old) })
	ctx := app.WithRequestID(context.Background(), "r-9")
	tests := []struct {
		format, level string
		want          []string // substrings of the output
		wantErr       bool
	}{
		{"text", "info", []string{`level=INFO msg=hello request_id=r-9`, `level=WARN msg="sdk warning"`}, false},
		{"json", "info", []string{`{"time":`, `"msg":"hello","request_id":"r-9"}`, `"msg":"sdk warning"`}, false},
		{"JSON", "warn", []string{`"msg":"sdk warning"`}, false},
		{"xml", "info", nil, true},
		{"text", "loud", nil, true},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := configureLogging(config{LogFormat: tt.format, LogLevel: tt.level}, &buf)
		if (err != nil) != tt.wantErr {
			t.Fatalf("%s/%s: error %v, want error %v", tt.format, tt.level, err, tt.wantErr)
		}
		if err != nil {
			continue
		}
		slog.InfoContext(ctx, "hello")
		sdk := newLogger()
		sdk.Info("sdk chatter")
		sdk.Warn("sdk warning")
		out := buf.String()
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s/%s: output lacks %q:\n%s", tt.format, tt.level, w, out)
			}
		}
		if strings.Contains(out, "sdk chatter") || (tt.level == "warn" && strings.Contains(out, "hello")) {
			t.Errorf("%s/%s: below the level floor got through:\n%s", tt.format, tt.level, out)
		}
	}
}
