package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/metrics"
)

// TestServeWorkerMetrics serves a worker's /metrics and /healthz on a free port, reads them, and
// stops the listener with the context, as a signal does.
func TestServeWorkerMetrics(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- serveWorkerMetrics(ctx, "127.0.0.1:0", metrics.New(), out) }()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := regexp.MustCompile(`http://(\S+)/metrics`).FindStringSubmatch(out.String()); m != nil {
			base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no metrics URL printed: %q", out.String())
		}
	}
	for path, want := range map[string]string{"/metrics": `wfb_executions_total{outcome="completed"} 0`, "/healthz": "ok"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d, body lacks %q", path, res.StatusCode, want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("stopping: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the metrics listener did not stop")
	}
}
