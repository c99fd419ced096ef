package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/devserver"
)

// syncBuffer is a bytes.Buffer written by one goroutine and read by the test's.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The production split: `wfb api` and `wfb worker` against an external Temporal (here a dev
// server the test starts) and one database run an execution to completion through HTTP.
func TestAPIAndWorkerSplit(t *testing.T) {
	t.Parallel()
	dev, err := devserver.Start(context.Background(), devserver.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Stop() })
	// Authentication is TestServe's and keys_test.go's subject; this test is about the split.
	c := config{DataDir: t.TempDir(), TemporalAddress: dev.Address(), TemporalNamespace: dev.Namespace(), NoAuth: true}

	ctx, cancel := context.WithCancel(context.Background())
	var workerOut syncBuffer
	workerDone := make(chan error, 1)
	go func() { workerDone <- work(ctx, c, &workerOut) }()
	t.Cleanup(func() {
		cancel()
		if err := <-workerDone; err != nil {
			t.Errorf("worker returned %v", err)
		}
		if !strings.Contains(workerOut.String(), "wfb: Temporal "+dev.Address()) {
			t.Errorf("worker printed:\n%s", workerOut.String())
		}
	})

	base, stop := startRole(t, "api", c)
	post := func(path string, body any, want int) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		res, err := http.Post(base+path, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("POST %s = %d %s, want %d", path, res.StatusCode, raw, want)
		}
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return out
	}
	tpl := post("/v1/templates", map[string]any{"name": "Split"}, 201)
	v := post(fmt.Sprintf("/v1/templates/%s/versions", tpl["id"]), map[string]any{"version": "1.0.0", "definition": json.RawMessage(
		`{"id":"w","name":"W","steps":[{"id":"start","type":"start","name":"S"},{"id":"ok","type":"human.confirm","name":"OK"},{"id":"end","type":"end","name":"E"}],` +
			`"stepTransitions":[{"id":"a","fromStepId":"start","toStepId":"ok"},{"id":"b","fromStepId":"ok","toStepId":"end"}]}`)}, 201)
	post(fmt.Sprintf("/v1/versions/%s/publish", v["id"]), nil, 200)
	ex := post("/v1/executions", map[string]any{"workflowTemplateVersionId": v["id"]}, 201)
	if ex["status"] != "STARTED" {
		t.Fatalf("execution = %v", ex)
	}
	id := ex["id"].(string)
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Post(base+"/v1/executions/"+id+"/steps/ok/complete", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			break
		}
		if res.StatusCode != http.StatusConflict || time.Now().After(deadline) {
			t.Fatalf("completing the step answered %d", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond) // the worker has not opened the step yet
	}
	for {
		res, err := http.Get(base + "/v1/executions/" + id)
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Status, RuntimeStatus string }
		_ = json.NewDecoder(res.Body).Decode(&got)
		res.Body.Close()
		if got.Status == "COMPLETED" && got.RuntimeStatus == "Completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("execution is %+v, want COMPLETED", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if out := stop(); !strings.Contains(out, "(namespace default, external)") {
		t.Errorf("api printed:\n%s", out)
	}
}
