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
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// startRole runs a server role ("serve" or "api") on a free port and returns its base URL and a
// function that stops it (as SIGINT would) and returns what it printed. The test fails if it
// does not stop cleanly.
func startRole(t *testing.T, role string, c config) (base string, stop func() string) {
	t.Helper()
	base, stop, _ = startRoleOut(t, role, c)
	return base, stop
}

// startRoleOut is startRole that also returns what the server prints, readable while it runs.
func startRoleOut(t *testing.T, role string, c config) (base string, stop func() string, out *syncBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, role, c, ln, out) }()
	stopped := false
	stop = func() string {
		t.Helper()
		if stopped {
			return out.String()
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(time.Minute):
			t.Errorf("serve did not stop after its context ended")
		}
		return out.String()
	}
	t.Cleanup(func() { stop() })
	base = "http://" + ln.Addr().String()
	for i := 0; ; i++ {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("/healthz answered %d", res.StatusCode)
			}
			return base, stop, out
		}
		select {
		case err := <-done:
			stopped = true
			t.Fatalf("serve stopped before answering: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if i > 200 {
			t.Fatalf("serve does not answer /healthz: %v", err)
		}
	}
}

// runAsWFB set to 1 makes this test binary run as the wfb command (main's run), so that a test
// can start `wfb serve` as a process of its own and kill it.
const runAsWFB = "WFB_TEST_RUN_AS_WFB"

// TestMain lets this test binary play the embedded Temporal server's child process, which
// serve starts by re-executing its own executable with the hidden command.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == temporalDevServerCommand || os.Getenv(runAsWFB) == "1") {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestServe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  func(t *testing.T) config
	}{
		{"sqlite in a new data directory, UI on a fixed port", func(t *testing.T) config {
			port, err := devserver.FreePort()
			if err != nil {
				t.Fatal(err)
			}
			return config{DataDir: filepath.Join(t.TempDir(), "nested", "data"), TemporalUIPort: port}
		}},
		{"postgres", func(t *testing.T) config {
			return config{DB: storetest.PostgresURL(t), DataDir: t.TempDir(), TemporalNamespace: "wfb-test"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.cfg(t)
			base, stop, out := startRoleOut(t, "serve", c)
			// Readiness is polled, as an orchestrator does: serve is ready once its worker has
			// polled the task queue, a moment after it answers /healthz.
			var (
				status int
				body   []byte
			)
			for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
				res, err := http.Get(base + "/readyz")
				if err != nil {
					t.Fatal(err)
				}
				status = res.StatusCode
				body, _ = io.ReadAll(res.Body)
				res.Body.Close()
				if status == http.StatusOK || time.Now().After(deadline) {
					break
				}
			}
			if status != http.StatusOK || !strings.Contains(string(body), `"database":"ok"`) || !strings.Contains(string(body), `"temporal":"ok"`) {
				t.Fatalf("/readyz = %d %s", status, body)
			}
			// A fresh database: serve printed its first admin key, which the API accepts.
			req, err := http.NewRequest(http.MethodPost, base+"/v1/templates", strings.NewReader(`{"name":"smoke"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+printedToken(t, out.String()))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var tpl struct{ ID string }
			_ = json.NewDecoder(res.Body).Decode(&tpl)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated || tpl.ID == "" {
				t.Fatalf("creating a template answered %d", res.StatusCode)
			}
			if c.DB == "" {
				if _, err := os.Stat(filepath.Join(c.DataDir, "wfb.db")); err != nil {
					t.Fatalf("no database in the data directory: %v", err)
				}
			}
			printed := stop()
			ui := "wfb: Temporal UI http://127.0.0.1:"
			if c.TemporalUIPort > 0 {
				ui += strconv.Itoa(c.TemporalUIPort) + "\n"
			}
			for _, want := range []string{base + "/v1", base + "/docs", base + "/openapi.json", "wfb: Temporal 127.0.0.1:", ui, "wfb: stopped"} {
				if !strings.Contains(printed, want) {
					t.Errorf("serve did not print %q:\n%s", want, printed)
				}
			}
		})
	}
}

func TestServerCommands(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		code int
		out  string
	}{
		{[]string{"serve", "--no-such-flag"}, "", 2, "flag provided but not defined"},
		{[]string{"serve", "extra"}, "", 2, `unexpected argument "extra"`},
		{[]string{"serve", "-h"}, "", 0, "-temporal-port"},
		{[]string{"api", "-h"}, "", 0, "runs no worker"},
		{[]string{"api", "--addr", "127.0.0.1:0"}, "", 1, "--temporal-address is required"},
		{[]string{"worker", "--data-dir", "x"}, "", 1, "--temporal-address is required"},
		{[]string{"migrate", "--addr", "x"}, "maybe", 2, "WFB_NO_AUTH"},
	}
	for _, tt := range tests {
		if tt.env != "" {
			t.Setenv("WFB_NO_AUTH", tt.env)
		}
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
