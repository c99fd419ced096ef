package devserver

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// TestWebUI starts the server with the Web UI and checks the UI serves its (embedded) app and
// reaches the frontend through its API.
func TestWebUI(t *testing.T) {
	srv, err := Start(context.Background(), Options{
		DataDir: t.TempDir(),
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
		Command: []string{os.Args[0], ChildCommand},
		Env:     []string{childEnv + "=1"},
		UI:      true,
	})
	if err != nil {
		t.Fatalf("starting the dev server with its UI: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	if srv.UIAddress() == "" {
		t.Fatal("UIAddress is empty with UI on")
	}
	runGreeting(t, dial(t, srv), "ui-greeting")

	page := get(t, srv.UIAddress()+"/")
	if !strings.Contains(strings.ToLower(page), "<html") {
		t.Fatalf("the UI's root page is not HTML: %.200s", page)
	}
	// The UI's own API proxies to the frontend: the namespace's workflows include ours once
	// visibility has recorded it (asynchronously, so allow it a few seconds).
	deadline := time.Now().Add(10 * time.Second)
	for {
		list := get(t, srv.UIAddress()+"/api/v1/namespaces/default/workflows")
		if strings.Contains(list, "ui-greeting") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the UI's workflow list does not show the workflow just run: %.300s", list)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v %.200s", url, resp.StatusCode, err, b)
	}
	return string(b)
}

func TestNoUIByDefault(t *testing.T) {
	s := &Server{}
	if s.UIAddress() != "" {
		t.Fatalf("UIAddress = %q with UI off", s.UIAddress())
	}
}
