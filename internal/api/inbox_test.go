package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// groupReview is start → a confirmation assigned to group kyc, due in a day → end.
const groupReview = `{"id":"wf","name":"Review","steps":[` +
	`{"id":"start","type":"start","name":"Start"},` +
	`{"id":"review","type":"human.confirm","name":"Review","assignee":{"type":"const","value":"group:kyc"},"dueIn":"P1D"},` +
	`{"id":"end","type":"end","name":"End"}],"stepTransitions":[` +
	`{"id":"t1","fromStepId":"start","toStepId":"review"},` +
	`{"id":"t2","fromStepId":"review","toStepId":"end"}]}`

// agent returns e acting as a new agent key of user in groups.
func (e *engineEnv) agent(user string, groups ...string) *env {
	e.t.Helper()
	return e.as(newToken(e.t, e.svc, app.KeyInput{Name: user, Role: store.RoleAgent, UserID: user, Groups: groups}))
}

// openTask waits for the step to open and returns its task. The engine's projection writes the
// task; the upsert here writes the same row (same step attempt, same assignee and due date) and
// returns the stored one, whichever of the two comes first.
func (e *engineEnv) openTask(executionID, stepID string) Task {
	e.t.Helper()
	d := e.waitOpen(executionID, stepID)
	st := d.Runtime.Steps[stepID]
	t := &store.HumanTask{ID: id.New(), ExecutionID: executionID, StepID: stepID, Attempt: st.Attempt, Type: "human.confirm",
		Name: "Review", Assignee: st.Assignee, DueAt: st.DueAt, CreatedAt: time.Now().UTC()}
	if err := e.store.UpsertHumanTask(context.Background(), t); err != nil {
		e.t.Fatalf("writing the task of %s: %v", stepID, err)
	}
	var got Task
	e.ok(e.do("GET", "/v1/tasks/"+t.ID, nil), http.StatusOK, &got)
	return got
}

// TestInboxOverHTTP walks a group task through the inbox on the real engine, on each database:
// who sees it, claims, a stranger's 403, two members completing at once (one 200, one 409
// task_closed), the audit entry naming the winner, the execution completing, and the metrics.
func TestInboxOverHTTP(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			e := newEngineEnv(t, backend)
			v := e.publishedVersion("Review", groupReview)
			ada, bob, zed := e.agent("ada", "kyc"), e.agent("bob", "kyc", "ops"), e.agent("zed", "sales")
			ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID})
			task := e.openTask(ex.ID, "review")
			if task.Assignee != "group:kyc" || task.Status != store.HumanTaskOpen || task.DueAt == nil || task.SLABreached {
				t.Fatalf("task %+v", task)
			}

			var inbox listBody[Task]
			ada.ok(ada.do("GET", "/v1/tasks", nil), http.StatusOK, &inbox)
			if len(inbox.Items) != 1 || inbox.Items[0].ID != task.ID {
				t.Fatalf("ada's inbox %+v, want the task", inbox.Items)
			}
			zed.ok(zed.do("GET", "/v1/tasks", nil), http.StatusOK, &inbox)
			if len(inbox.Items) != 0 {
				t.Fatalf("zed's inbox %+v, want empty", inbox.Items)
			}
			zed.problem(zed.do("GET", "/v1/tasks?assignee=group:kyc", nil), http.StatusForbidden, string(app.CodeNotAllowed))
			zed.problem(zed.do("GET", "/v1/tasks/"+task.ID, nil), http.StatusForbidden, string(app.CodeNotAllowed))
			zed.problem(zed.do("POST", "/v1/tasks/"+task.ID+"/complete", map[string]any{}), http.StatusForbidden, string(app.CodeNotAllowed))
			ada.problem(ada.do("GET", "/v1/tasks?cursor=nope", nil), http.StatusBadRequest, string(app.CodeInvalidRequest))
			ada.problem(ada.do("GET", "/v1/tasks/"+id.New(), nil), http.StatusNotFound, string(app.CodeNotFound))

			var claimed Task
			ada.ok(ada.do("POST", "/v1/tasks/"+task.ID+"/claim", nil), http.StatusOK, &claimed)
			if claimed.Status != store.HumanTaskClaimed || claimed.ClaimedBy == nil || *claimed.ClaimedBy != "ada" {
				t.Fatalf("claimed %+v", claimed)
			}
			bob.problem(bob.do("POST", "/v1/tasks/"+task.ID+"/claim", nil), http.StatusConflict, string(app.CodeTaskClaimed))
			bob.problem(bob.do("POST", "/v1/tasks/"+task.ID+"/complete", nil), http.StatusConflict, string(app.CodeTaskClaimed))
			ada.ok(ada.do("POST", "/v1/tasks/"+task.ID+"/unclaim", nil), http.StatusOK, &claimed)
			if claimed.Status != store.HumanTaskOpen {
				t.Fatalf("unclaimed %+v", claimed)
			}

			// Both members complete at once.
			agents := map[string]*env{"ada": ada, "bob": bob}
			results := map[string]*resp{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for name, a := range agents {
				wg.Go(func() {
					r, err := a.send("POST", "/v1/tasks/"+task.ID+"/complete", map[string]any{})
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					results[name] = r
					mu.Unlock()
				})
			}
			wg.Wait()
			winner := ""
			for name, r := range results {
				switch r.status {
				case http.StatusOK:
					if winner != "" {
						t.Fatalf("both completions succeeded")
					}
					winner = name
				case http.StatusConflict:
					agents[name].problem(r, http.StatusConflict, string(app.CodeTaskClosed))
				default:
					t.Fatalf("%s: status %d: %s", name, r.status, r.body)
				}
			}
			if winner == "" {
				t.Fatalf("no completion succeeded")
			}
			var done Task
			ada.ok(ada.do("GET", "/v1/tasks/"+task.ID, nil), http.StatusOK, &done)
			if done.Status != store.HumanTaskCompleted || done.CompletedBy == nil || *done.CompletedBy != winner {
				t.Errorf("task after completion %+v, want COMPLETED by %s", done, winner)
			}
			e.waitCompleted(ex.ID)

			var audit listBody[AuditEntry]
			e.ok(e.do("GET", "/v1/audit?action=task.complete&targetId="+task.ID, nil), http.StatusOK, &audit)
			if len(audit.Items) != 1 || audit.Items[0].Actor != winner || !strings.Contains(string(audit.Items[0].After), `"completedBy":"`+winner+`"`) {
				t.Errorf("audit %+v, want one entry by %s", audit.Items, winner)
			}

			m := e.scrape()
			for series, want := range map[string]float64{
				"wfb_task_completion_seconds_count": 1,
				`wfb_http_request_duration_seconds_count{method="POST",route="/v1/tasks/{id}/complete",status="200"}`: 1,
				`wfb_http_request_duration_seconds_count{method="POST",route="/v1/tasks/{id}/complete",status="409"}`: 2,
				`wfb_http_request_duration_seconds_count{method="POST",route="/v1/tasks/{id}/complete",status="403"}`: 1,
			} {
				if m[series] != want {
					t.Errorf("%s = %v, want %v", series, m[series], want)
				}
			}
		})
	}
}

// scrape reads /metrics (no key needed) into series → value.
func (e *env) scrape() map[string]float64 {
	e.t.Helper()
	r := e.as("").do("GET", "/metrics", nil)
	if r.status != http.StatusOK {
		e.t.Fatalf("/metrics: %d %s", r.status, r.body)
	}
	out := map[string]float64{}
	for line := range strings.SplitSeq(string(r.body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		var v float64
		if _, err := fmt.Sscan(line[i+1:], &v); err != nil {
			e.t.Fatalf("metric line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// BenchmarkInboxAPI measures GET /v1/tasks end to end (HTTP, key check, app, store) for an
// agent (their id and three groups) and for an admin (every open task), out of 10,000 open
// tasks, on each database; and the open-task count behind the /metrics gauges. The figures are
// in docs/operations.md.
func BenchmarkInboxAPI(b *testing.B) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = lite.Close() })
	pg, err := postgres.Open(ctx, storetest.PostgresURL(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = pg.Close() })
	for _, be := range []struct {
		name string
		s    store.Store
		db   *sqlstore.DB
	}{{"sqlite", lite, lite.DB}, {"postgres", pg, pg.DB}} {
		if err := be.s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		seed := storetest.SeedInbox(b, be.s, 10000)
		if _, err := be.db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		svc := app.New(be.s, nil)
		srv := httptest.NewServer(New(svc, Options{Logger: slog.New(slog.DiscardHandler)}))
		b.Cleanup(srv.Close)
		var groups []string
		for _, a := range seed.Assignees[1:] {
			groups = append(groups, strings.TrimPrefix(a, "group:"))
		}
		callers := []struct{ name, token string }{
			{"agent", newToken(b, svc, app.KeyInput{Name: "agent", Role: store.RoleAgent, UserID: seed.User, Groups: groups})},
			{"admin", newToken(b, svc, app.KeyInput{Name: "admin", Role: store.RoleAdmin})},
		}
		for _, c := range callers {
			b.Run(be.name+"/"+c.name, func(b *testing.B) {
				e := &env{url: srv.URL, token: c.token}
				for b.Loop() {
					r, err := e.send("GET", "/v1/tasks?limit=50", nil)
					if err != nil || r.status != http.StatusOK || !strings.Contains(string(r.body), `"nextCursor"`) {
						b.Fatalf("inbox: %v %v", r, err)
					}
				}
			})
		}
		b.Run(be.name+"/open-task-count", func(b *testing.B) {
			for b.Loop() {
				if c, err := svc.OpenTaskCounts(ctx); err != nil || c.Open != seed.Open {
					b.Fatalf("counts %+v, %v", c, err)
				}
			}
		})
	}
}
