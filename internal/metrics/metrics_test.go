package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// TestProjectorCounts runs projections through the counting projector over a real store: an
// execution starts once, completes once however often the projection repeats, a failure and a
// cancellation are counted, and an execution the database does not know is not.
func TestProjectorCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tpl := &store.Template{ID: id.New(), Name: "T"}
	if err := s.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: json.RawMessage(`{}`), Status: store.VersionPublished}
	if err := s.CreateVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	newExecution := func() string {
		ex := &store.Execution{ID: id.New(), Name: "x", VersionID: v.ID, Context: json.RawMessage(`{}`),
			Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeNotStarted, CreatedAt: time.Now().UTC()}
		if err := s.CreateExecution(ctx, ex); err != nil {
			t.Fatal(err)
		}
		return ex.ID
	}
	m := New()
	p := m.Projector(projection.Persistence{Store: s}, s)
	project := func(executionID, status string) {
		t.Helper()
		if err := p.Project(ctx, interp.Projection{ExecutionID: executionID, RuntimeStatus: definition.Status(status),
			StartedAt: time.Now().UTC(), Completed: status == "Completed"}); err != nil {
			t.Fatal(err)
		}
	}
	a, b, c := newExecution(), newExecution(), newExecution()
	project(a, "InProgress")
	project(a, "InProgress")
	project(a, "Completed")
	project(a, "Completed") // a retried projection
	project(b, "Failed")    // straight from NotStarted
	project(b, "InProgress")
	project(b, "Failed") // failed again after a retry
	project(c, "Cancelled")
	project(id.New(), "Completed") // not in the database

	got := scrape(t, m)
	for outcome, want := range map[string]float64{"started": 3, "completed": 1, "failed": 2, "cancelled": 1} {
		if s := `wfb_executions_total{outcome="` + outcome + `"}`; got[s] != want {
			t.Errorf("%s = %v, want %v", s, got[s], want)
		}
	}
}

// TestTaskCompletionLatency checks that a completion is observed with its latency.
func TestTaskCompletionLatency(t *testing.T) {
	t.Parallel()
	m := New()
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m.ObserveTaskCompleted(created, created.Add(90*time.Second))
	got := scrape(t, m)
	if got["wfb_task_completion_seconds_count"] != 1 || got["wfb_task_completion_seconds_sum"] != 90 {
		t.Errorf("count %v sum %v, want 1 and 90", got["wfb_task_completion_seconds_count"], got["wfb_task_completion_seconds_sum"])
	}
}

// scrape reads the handler's output into series → value.
func scrape(t *testing.T, m *Metrics) map[string]float64 {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for line := range strings.SplitSeq(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		var v float64
		if _, err := fmt.Sscan(line[i+1:], &v); err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}
