package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/devserver"
)

// BenchmarkColdStart measures `wfb serve` from nothing (a fresh data directory) to /readyz
// answering 200, against the baseline of the embedded Temporal server alone starting in a fresh
// directory in the same run: the ratio is what wfb adds (database, migrations, worker, HTTP).
//
//	go test -run '^$' -bench ColdStart -benchtime 5x ./cmd/wfb
func BenchmarkColdStart(b *testing.B) {
	b.Run("temporal-only", func(b *testing.B) {
		for b.Loop() {
			s, err := devserver.Start(context.Background(), devserver.Options{DataDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			_ = s.Stop()
			b.StartTimer()
		}
	})
	b.Run("serve-to-readyz", func(b *testing.B) {
		for b.Loop() {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- serve(ctx, "serve", config{DataDir: b.TempDir()}, ln, io.Discard) }()
			waitReady(b, "http://"+ln.Addr().String()+"/readyz", done)
			b.StopTimer()
			cancel()
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}

func waitReady(b *testing.B, url string, done <-chan error) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-done:
			b.Fatalf("serve stopped: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	b.Fatal("/readyz not green after a minute")
}
