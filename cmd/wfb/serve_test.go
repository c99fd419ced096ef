package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// startServe runs serve on a free port until the test ends and returns its base URL.
func startServe(t *testing.T, c config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, c, ln, &out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(time.Minute):
			t.Errorf("serve did not stop after its context ended")
		}
	})
	base := "http://" + ln.Addr().String()
	for i := 0; ; i++ {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("/healthz answered %d", res.StatusCode)
			}
			return base
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped before answering: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if i > 200 {
			t.Fatalf("serve does not answer /healthz: %v", err)
		}
	}
}

func TestServe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  func(t *testing.T) config
	}{
		{"sqlite in a new data directory", func(t *testing.T) config {
			return config{DataDir: filepath.Join(t.TempDir(), "nested", "data")}
		}},
		{"postgres", func(t *testing.T) config { return config{DB: storetest.PostgresURL(t)} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.cfg(t)
			base := startServe(t, c)
			res, err := http.Get(base + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"database":"ok"`) {
				t.Fatalf("/readyz = %d %s", res.StatusCode, body)
			}
			res, err = http.Post(base+"/v1/templates", "application/json", strings.NewReader(`{"name":"smoke"}`))
			if err != nil {
				t.Fatal(err)
			}
			var tpl struct{ ID string }
			_ = json.NewDecoder(res.Body).Decode(&tpl)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated || tpl.ID == "" {
				t.Fatalf("creating a template answered %d", res.StatusCode)
			}
			if c.DataDir != "" {
				if _, err := os.Stat(filepath.Join(c.DataDir, "wfb.db")); err != nil {
					t.Fatalf("no database in the data directory: %v", err)
				}
			}
		})
	}
}

func TestServeStopsOnSignalContext(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // already stopped: serve must open, migrate, and return cleanly
	var out bytes.Buffer
	if err := serve(ctx, config{DataDir: t.TempDir()}, ln, &out); err != nil {
		t.Fatalf("serve = %v", err)
	}
	if !strings.Contains(out.String(), "/docs") || !strings.Contains(out.String(), "/openapi.json") {
		t.Fatalf("serve did not print its URLs:\n%s", out.String())
	}
}

func TestServerCommands(t *testing.T) {
	t.Setenv("WFB_NO_AUTH", "maybe")
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"serve", "--no-such-flag"}, 2, "flag provided but not defined"},
		{[]string{"serve", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"serve", "-h"}, 0, "--temporal-port"},
		{[]string{"api", "-h"}, 0, "same code as serve"},
		{[]string{"migrate", "--addr", "x"}, 2, "WFB_NO_AUTH"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, nil, &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String()+stdout.String(), tt.out) {
			t.Errorf("wfb %v = %d\n%s%s\nwant %d and %q", tt.args, code, stdout.String(), stderr.String(), tt.code, tt.out)
		}
	}
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "fresh")
	for range 2 { // the second run finds nothing to do
		var stdout, stderr bytes.Buffer
		if code := run([]string{"migrate", "--data-dir", dir}, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("wfb migrate = %d: %s", code, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "wfb.db")); err != nil {
		t.Fatalf("migrate made no database: %v", err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"migrate", "--db", "mysql://x"}, nil, io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), "postgres://") {
		t.Fatalf("migrate with a non-PostgreSQL URL = %d %s", code, stderr.String())
	}
}
