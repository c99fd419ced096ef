package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/devserver"
)

// TestWorkerDown runs `wfb api` and `wfb worker` against one Temporal and one database, and
// stops the worker while a task is open: completing it answers 503 engine_unavailable with a
// Retry-After within the engine wait limit (instead of hanging), nothing is recorded for it,
// /readyz turns not ready naming the worker; once a worker is back, /readyz is ready, the
// completion sent again under its Idempotency-Key answers 200, and the task has exactly one
// task.complete entry.
func TestWorkerDown(t *testing.T) {
	t.Parallel()
	dev, err := devserver.Start(context.Background(), devserver.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dev.Stop() })
	c := config{DataDir: t.TempDir(), TemporalAddress: dev.Address(), TemporalNamespace: dev.Namespace(), NoAuth: true,
		EngineWait: 2 * time.Second}

	startWorker := func() (stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		var out syncBuffer
		done := make(chan error, 1)
		go func() { done <- work(ctx, c, &out) }()
		stopped := false
		stop = func() {
			if stopped {
				return
			}
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker returned %v\n%s", err, out.String())
			}
		}
		t.Cleanup(stop)
		return stop
	}
	stopWorker := startWorker()
	base, _ := startRole(t, "api", c)

	call := func(method, path, body string, header ...string) (int, http.Header, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return res.StatusCode, res.Header, out
	}
	must := func(method, path, body string, want int) map[string]any {
		t.Helper()
		code, _, out := call(method, path, body)
		if code != want {
			t.Fatalf("%s %s = %d %v, want %d", method, path, code, out, want)
		}
		return out
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("waited 3 minutes for %s", what)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	tpl := must("POST", "/v1/templates", `{"name":"Down"}`, 201)
	v := must("POST", fmt.Sprintf("/v1/templates/%s/versions", tpl["id"]), `{"version":"1.0.0","definition":`+
		`{"id":"w","name":"W","steps":[{"id":"start","type":"start","name":"S"},{"id":"ok","type":"human.confirm","name":"OK"},{"id":"end","type":"end","name":"E"}],`+
		`"stepTransitions":[{"id":"a","fromStepId":"start","toStepId":"ok"},{"id":"b","fromStepId":"ok","toStepId":"end"}]}}`, 201)
	must("POST", fmt.Sprintf("/v1/versions/%s/publish", v["id"]), "", 200)
	ex := must("POST", "/v1/executions", fmt.Sprintf(`{"workflowTemplateVersionId":%q}`, v["id"]), 201)
	var taskID string
	waitFor("the task", func() bool {
		items, _ := must("GET", "/v1/tasks", "", 200)["items"].([]any)
		if len(items) == 1 {
			taskID, _ = items[0].(map[string]any)["id"].(string)
		}
		return taskID != ""
	})

	stopWorker()
	code, header, body := call("POST", "/v1/tasks/"+taskID+"/complete", `{}`, "Idempotency-Key", "k1")
	if code != http.StatusServiceUnavailable || body["code"] != "engine_unavailable" || header.Get("Retry-After") == "" {
		t.Fatalf("completing without a worker = %d %v (Retry-After %q), want 503 engine_unavailable with Retry-After",
			code, body, header.Get("Retry-After"))
	}
	if got := must("GET", "/v1/tasks/"+taskID, "", 200); got["status"] != "OPEN" {
		t.Fatalf("task is %v without a worker, want OPEN", got["status"])
	}
	entries := func() int {
		items, _ := must("GET", "/v1/audit?action=task.complete&targetId="+taskID, "", 200)["items"].([]any)
		return len(items)
	}
	if n := entries(); n != 0 {
		t.Fatalf("%d task.complete entries without a worker, want 0", n)
	}
	waitFor("/readyz to name the missing worker", func() bool {
		code, _, body := call("GET", "/readyz", "")
		return code == http.StatusServiceUnavailable && strings.Contains(fmt.Sprint(body), "worker")
	})

	startWorker()
	waitFor("/readyz ready again", func() bool {
		code, _, _ := call("GET", "/readyz", "")
		return code == http.StatusOK
	})
	if code, _, body := call("POST", "/v1/tasks/"+taskID+"/complete", `{}`, "Idempotency-Key", "k1"); code != http.StatusOK {
		t.Fatalf("completing again with a worker = %d %v, want 200", code, body)
	}
	waitFor("the execution to complete", func() bool {
		return must("GET", fmt.Sprintf("/v1/executions/%s", ex["id"]), "", 200)["status"] == "COMPLETED"
	})
	if n := entries(); n != 1 {
		t.Fatalf("%d task.complete entries, want 1", n)
	}
}
