package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// stepEngine stands in for the engine's complete-step update: like the workflow, it serializes
// completions, accepts the first one of an open step and refuses the next with step_not_open,
// and applies the same assignee rule as the update's validator. Like Temporal with the
// completion's Update id, a repeat of a completion of the same attempt is answered with the
// first outcome. With project set it also records the completion before answering, as the
// engine's projection may do before the app's own transaction runs. (The real engine runs in
// internal/api's tests.)
type stepEngine struct {
	scriptedEngine
	store   store.Store
	project bool

	mu   sync.Mutex
	open map[string]string // execution/step → assignee
	by   map[string]engine.Actor
	done map[string]*engine.StepState // execution/step/attempt → outcome
}

func (e *stepEngine) openStep(executionID, stepID, assignee string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.open[executionID+"/"+stepID] = assignee
}

func (e *stepEngine) CompleteStep(ctx context.Context, executionID, stepID string, attempt int, output any, a engine.Actor) (*engine.StepState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	key := executionID + "/" + stepID
	updateKey := fmt.Sprintf("%s/%d", key, attempt)
	if st, ok := e.done[updateKey]; ok && attempt > 0 {
		return st, nil
	}
	assignee, ok := e.open[key]
	if !ok {
		return nil, &engine.Error{Code: interp.CodeStepNotOpen, Message: "step " + stepID + " is Completed, not open"}
	}
	if !a.Admin && a.ID != assignee && !slices.Contains(a.Groups, assignee) {
		return nil, &engine.Error{Code: interp.CodeNotAllowed, Message: "step " + stepID + " is assigned to " + assignee}
	}
	delete(e.open, key)
	e.by[key] = a
	at := now()
	st := &engine.StepState{ID: executionID + ":" + stepID, Status: "Completed", Attempt: 1, CompletedBy: a.ID,
		CompletedAt: &at, OutputData: output}
	e.done[updateKey] = st
	if e.project {
		t, err := e.store.GetHumanTaskByStep(ctx, executionID, stepID, 1)
		if err != nil {
			return nil, err
		}
		out, err := json.Marshal(output)
		if err != nil {
			return nil, err
		}
		err = e.store.InTx(ctx, func(q store.Querier) error {
			_, err := projection.RecordCompletion(ctx, q, projection.Completion{Task: t, By: a.ID, At: at, Output: out})
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return st, nil
}

// inbox is a Service over a real database with one running execution whose steps get tasks.
type inbox struct {
	t    *testing.T
	svc  *Service
	st   store.Store
	eng  *stepEngine
	exec *store.Execution
}

func openStore(t *testing.T, backend string) store.Store {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	if backend == "postgres" {
		st, err = postgres.Open(ctx, storetest.PostgresURL(t))
	} else {
		st, err = sqlite.Open(ctx, storetest.SQLitePath(t))
	}
	if err != nil {
		t.Fatalf("opening %s: %v", backend, err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrating %s: %v", backend, err)
	}
	return st
}

func newInbox(t *testing.T, backend string) *inbox {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, backend)
	eng := &stepEngine{store: st, open: map[string]string{}, by: map[string]engine.Actor{}, done: map[string]*engine.StepState{}}
	svc := New(st, nil, WithEngine(eng))
	tpl, err := svc.CreateTemplate(ctx, TemplateInput{Name: "T"})
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := svc.CreateVersion(ctx, tpl.ID, VersionInput{Version: "1.0.0", Definition: []byte(confirmDefinition)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, v.ID, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	ex := &store.Execution{ID: id.New(), Name: "run", VersionID: v.ID, Context: json.RawMessage(`{}`),
		Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress, CreatedAt: now()}
	if err := st.CreateExecution(ctx, ex); err != nil {
		t.Fatal(err)
	}
	return &inbox{t: t, svc: svc, st: st, eng: eng, exec: ex}
}

// task opens a step assigned to assignee (due at due, if set) and returns its task, as the
// engine's projection would write it.
func (b *inbox) task(step, assignee string, due *time.Time) *store.HumanTask {
	b.t.Helper()
	t := &store.HumanTask{ID: id.New(), ExecutionID: b.exec.ID, StepID: step, Attempt: 1, Type: "human.confirm",
		Name: "Check " + step, Assignee: assignee, DueAt: due, CreatedAt: now()}
	if err := b.st.UpsertHumanTask(context.Background(), t); err != nil {
		b.t.Fatal(err)
	}
	b.eng.openStep(b.exec.ID, step, assignee)
	return t
}

var (
	admin    = SystemActor
	ada      = Actor{KeyID: "k-ada", Role: store.RoleAgent, UserID: "ada", Groups: []string{"kyc"}}
	bob      = Actor{KeyID: "k-bob", Role: store.RoleAgent, UserID: "bob", Groups: []string{"kyc", "ops"}}
	stranger = Actor{KeyID: "k-zed", Role: store.RoleAgent, UserID: "zed", Groups: []string{"sales"}}
)

func as(a Actor) context.Context { return WithActor(context.Background(), a) }

func wantCode(t *testing.T, what string, err error, want Code) {
	t.Helper()
	if got := CodeOf(err); got != want || (want == "" && err != nil) {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, want)
	}
}

// TestTaskRules runs each operation as each kind of caller on a task in each state.
func TestTaskRules(t *testing.T) {
	t.Parallel()
	type op func(ctx context.Context, svc *Service, id string) error
	get := func(ctx context.Context, svc *Service, id string) error { _, err := svc.GetTask(ctx, id); return err }
	claim := func(ctx context.Context, svc *Service, id string) error { _, err := svc.ClaimTask(ctx, id); return err }
	unclaim := func(ctx context.Context, svc *Service, id string) error {
		_, err := svc.UnclaimTask(ctx, id)
		return err
	}
	complete := func(ctx context.Context, svc *Service, id string) error {
		_, err := svc.CompleteTask(ctx, id, nil)
		return err
	}
	tests := []struct {
		name     string
		assignee string
		claimBy  *Actor // claim the task as this actor first
		closed   bool   // complete it as an admin first
		as       Actor
		op       op
		want     Code
	}{
		{"assignee gets", "ada", nil, false, ada, get, ""},
		{"group member gets", "group:kyc", nil, false, bob, get, ""},
		{"admin gets anything", "ada", nil, false, admin, get, ""},
		{"stranger may not get", "ada", nil, false, stranger, get, CodeNotAllowed},
		{"other group's member may not get", "group:ops", nil, false, ada, get, CodeNotAllowed},
		{"assignee claims", "ada", nil, false, ada, claim, ""},
		{"group member claims", "group:kyc", nil, false, ada, claim, ""},
		{"claiming one's claim again", "group:kyc", &ada, false, ada, claim, ""},
		{"claimed by someone else", "group:kyc", &bob, false, ada, claim, CodeTaskClaimed},
		{"admin may not take a claim either", "group:kyc", &bob, false, admin, claim, CodeTaskClaimed},
		{"stranger may not claim", "group:kyc", nil, false, stranger, claim, CodeNotAllowed},
		{"claiming a closed task", "ada", nil, true, ada, claim, CodeTaskClosed},
		{"claimant unclaims", "group:kyc", &bob, false, bob, unclaim, ""},
		{"unclaiming an open task", "group:kyc", nil, false, bob, unclaim, ""},
		{"member may not release another's claim", "group:kyc", &bob, false, ada, unclaim, CodeTaskClaimed},
		{"admin releases any claim", "group:kyc", &bob, false, admin, unclaim, ""},
		{"unclaiming a closed task", "ada", nil, true, ada, unclaim, CodeTaskClosed},
		{"assignee completes", "ada", nil, false, ada, complete, ""},
		{"group member completes", "group:kyc", nil, false, bob, complete, ""},
		{"claimant completes", "group:kyc", &ada, false, ada, complete, ""},
		{"member may not complete another's claim", "group:kyc", &ada, false, bob, complete, CodeTaskClaimed},
		{"admin completes another's claim", "group:kyc", &ada, false, admin, complete, ""},
		{"stranger may not complete", "ada", nil, false, stranger, complete, CodeNotAllowed},
		{"completing twice", "ada", nil, true, ada, complete, CodeTaskClosed},
		{"missing task", "", nil, false, admin, complete, CodeNotFound},
	}
	b := newInbox(t, "sqlite")
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taskID := id.New()
			if tt.assignee != "" {
				taskID = b.task("s"+string(rune('a'+i)), tt.assignee, nil).ID
			}
			if tt.claimBy != nil {
				if _, err := b.svc.ClaimTask(as(*tt.claimBy), taskID); err != nil {
					t.Fatalf("claiming first: %v", err)
				}
			}
			if tt.closed {
				if _, err := b.svc.CompleteTask(as(admin), taskID, nil); err != nil {
					t.Fatalf("completing first: %v", err)
				}
			}
			wantCode(t, tt.name, tt.op(as(tt.as), b.svc, taskID), tt.want)
		})
	}
}

// TestCompleteTaskRecords checks what a completion leaves: the task COMPLETED by the caller
// with the output, one audit entry naming both, and the engine asked with the caller's groups
// spelled as assignees. With the projection completing the row first, the answer is the same.
func TestCompleteTaskRecords(t *testing.T) {
	t.Parallel()
	for _, project := range []bool{false, true} {
		b := newInbox(t, "sqlite")
		b.eng.project = project
		task := b.task("review", "group:kyc", nil)
		got, err := b.svc.CompleteTask(WithRequestID(as(bob), "req-1"), task.ID, json.RawMessage(`{"ok":true}`))
		if err != nil {
			t.Fatalf("project=%v: %v", project, err)
		}
		if got.Status != store.HumanTaskCompleted || got.CompletedBy == nil || *got.CompletedBy != "bob" {
			t.Errorf("project=%v: task %+v, want COMPLETED by bob", project, got.HumanTask)
		}
		if string(got.OutputData) != `{"ok":true}` {
			t.Errorf("output %s", got.OutputData)
		}
		if a := b.eng.by[b.exec.ID+"/review"]; a.ID != "bob" || !slices.Equal(a.Groups, []string{"group:kyc", "group:ops"}) || a.Admin {
			t.Errorf("engine actor %+v", a)
		}
		entries := b.audits("task.complete")
		if len(entries) != 1 {
			t.Fatalf("project=%v: %d task.complete entries, want 1", project, len(entries))
		}
		e := entries[0]
		var after map[string]any
		if err := json.Unmarshal(e.After, &after); err != nil {
			t.Fatal(err)
		}
		if e.Actor != "bob" || e.TargetID != task.ID || after["completedBy"] != "bob" ||
			after["outputData"].(map[string]any)["ok"] != true {
			t.Errorf("project=%v: audit entry %+v after %s", project, e, e.After)
		}
		// The projection knows no request; the app's own record names it.
		if !project && (e.RequestID == nil || *e.RequestID != "req-1") {
			t.Errorf("project=%v: audit entry %+v after %s", project, e, e.After)
		}
	}
}

func (b *inbox) audits(action string) []store.AuditEntry {
	b.t.Helper()
	es, err := b.st.ListAudit(context.Background(), store.AuditFilter{Action: action})
	if err != nil {
		b.t.Fatal(err)
	}
	return es
}

// TestConcurrentTaskCompletion has two members of the assigned group complete the same task at
// once, on each database: exactly one wins, the other is task_closed, and the task and the
// audit log both name the winner.
func TestConcurrentTaskCompletion(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			b := newInbox(t, backend)
			for round := range 5 {
				task := b.task("s"+string(rune('a'+round)), "group:kyc", nil)
				actors := []Actor{ada, bob}
				errs := make([]error, len(actors))
				var wg sync.WaitGroup
				for i, a := range actors {
					wg.Go(func() { _, errs[i] = b.svc.CompleteTask(as(a), task.ID, nil) })
				}
				wg.Wait()
				winner := ""
				for i, err := range errs {
					switch CodeOf(err) {
					case "":
						if err != nil {
							t.Fatalf("%s: %v", actors[i].UserID, err)
						}
						if winner != "" {
							t.Fatalf("round %d: both completions succeeded", round)
						}
						winner = actors[i].UserID
					case CodeTaskClosed:
					default:
						t.Fatalf("%s: %v, want success or task_closed", actors[i].UserID, err)
					}
				}
				if winner == "" {
					t.Fatalf("round %d: no completion succeeded: %v", round, errs)
				}
				got, err := b.st.GetHumanTask(context.Background(), task.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.CompletedBy == nil || *got.CompletedBy != winner {
					t.Errorf("round %d: task completed by %v, want %s", round, got.CompletedBy, winner)
				}
				var named []string
				for _, e := range b.audits("task.complete") {
					if e.TargetID == task.ID {
						named = append(named, e.Actor)
					}
				}
				if !slices.Equal(named, []string{winner}) {
					t.Errorf("round %d: audit names %v, want [%s]", round, named, winner)
				}
			}
		})
	}
}

// TestListTasks checks who sees what, the order, the pages and slaBreached.
func TestListTasks(t *testing.T) {
	t.Parallel()
	b := newInbox(t, "sqlite")
	past, soon := now().Add(-time.Hour), now().Add(time.Hour)
	late := b.task("late", "ada", &past)
	kyc := b.task("kyc", "group:kyc", &soon)
	nodue := b.task("nodue", "ada", nil)
	ops := b.task("ops", "group:ops", &past)
	bobs := b.task("bobs", "bob", &soon)
	done := b.task("done", "ada", &past)
	if _, err := b.svc.CompleteTask(as(ada), done.ID, nil); err != nil {
		t.Fatal(err)
	}
	ids := func(p TaskPage) []string {
		out := make([]string, len(p.Items))
		for i, x := range p.Items {
			out[i] = x.ID
		}
		return out
	}
	tests := []struct {
		name string
		as   Actor
		f    TaskFilter
		want []string
		code Code
	}{
		{"an agent's own and their groups'", ada, TaskFilter{}, []string{late.ID, kyc.ID, nodue.ID}, ""},
		{"another agent of the group", bob, TaskFilter{}, []string{ops.ID, kyc.ID, bobs.ID}, ""},
		{"an admin sees every open task", admin, TaskFilter{}, []string{late.ID, ops.ID, kyc.ID, bobs.ID, nodue.ID}, ""},
		{"an agent filters to a group of theirs", bob, TaskFilter{Assignee: "group:ops"}, []string{ops.ID}, ""},
		{"an admin filters any assignee", admin, TaskFilter{Assignee: "bob"}, []string{bobs.ID}, ""},
		{"an agent may not list another's tasks", ada, TaskFilter{Assignee: "bob"}, nil, CodeNotAllowed},
		{"completed tasks", ada, TaskFilter{Status: store.HumanTaskCompleted}, []string{done.ID}, ""},
		{"due before", admin, TaskFilter{DueBefore: &soon}, []string{late.ID, ops.ID}, ""},
		{"limit out of range", admin, TaskFilter{Limit: MaxLimit + 1}, nil, CodeInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := b.svc.ListTasks(as(tt.as), tt.f)
			wantCode(t, tt.name, err, tt.code)
			if !slices.Equal(ids(p), tt.want) {
				t.Errorf("got %v, want %v", ids(p), tt.want)
			}
		})
	}

	// Pages of two walk the admin's inbox in order; slaBreached marks the open, overdue ones.
	var walked []string
	f := TaskFilter{Limit: 2}
	for range 10 {
		p, err := b.svc.ListTasks(as(admin), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range p.Items {
			walked = append(walked, x.ID)
			if want := x.ID == late.ID || x.ID == ops.ID; x.SLABreached != want {
				t.Errorf("task %s slaBreached %v, want %v", x.StepID, x.SLABreached, want)
			}
			if x.ExecutionName == "" || x.ExecutionName != b.exec.Name {
				t.Errorf("task %s execution name %q, want %q", x.StepID, x.ExecutionName, b.exec.Name)
			}
		}
		if p.Next == nil {
			break
		}
		f.After = p.Next
	}
	if want := []string{late.ID, ops.ID, kyc.ID, bobs.ID, nodue.ID}; !slices.Equal(walked, want) {
		t.Errorf("walked %v, want %v", walked, want)
	}
	got, err := b.svc.GetTask(as(ada), done.ID)
	if err != nil || got.SLABreached {
		t.Errorf("a completed overdue task: %+v, %v; want slaBreached false", got, err)
	}
}

// TestOpenTaskCounts counts what the gauges show.
func TestOpenTaskCounts(t *testing.T) {
	t.Parallel()
	b := newInbox(t, "sqlite")
	past := now().Add(-time.Minute)
	b.task("a", "ada", &past)
	claimed := b.task("b", "ada", nil)
	if _, err := b.svc.ClaimTask(as(ada), claimed.ID); err != nil {
		t.Fatal(err)
	}
	c, err := b.svc.OpenTaskCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.OpenTaskCounts{Open: 1, Claimed: 1, Overdue: 1}); c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}
}

// TestCompletionAfterLostAnswer covers the moments a completion can be cut off, on each
// database: the engine applied it but neither the app nor the projection recorded it (a crash
// right after the Update), or the projection recorded it and the answer was lost. Sending the
// completion again answers the completed task and leaves exactly one task.complete entry; the
// same completion sent by someone else is task_closed, and the row still names the completer.
func TestCompletionAfterLostAnswer(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		for _, projected := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/projected=%v", backend, projected), func(t *testing.T) {
				t.Parallel()
				b := newInbox(t, backend)
				b.eng.project = projected
				task := b.task("review", "group:kyc", nil)
				// The engine applies bob's completion; the app never hears back.
				if _, err := b.eng.CompleteStep(context.Background(), b.exec.ID, "review", task.Attempt,
					map[string]any{"ok": true}, bob.engineActor()); err != nil {
					t.Fatal(err)
				}
				if _, err := b.svc.CompleteTask(as(ada), task.ID, json.RawMessage(`{"ok":false}`)); CodeOf(err) != CodeTaskClosed {
					t.Fatalf("ada's completion: %v, want task_closed", err)
				}
				for range 2 {
					got, err := b.svc.CompleteTask(as(bob), task.ID, json.RawMessage(`{"ok":true}`))
					if err != nil {
						t.Fatalf("bob again: %v", err)
					}
					if got.Status != store.HumanTaskCompleted || *got.CompletedBy != "bob" || string(got.OutputData) != `{"ok":true}` {
						t.Fatalf("bob again: %+v", got.HumanTask)
					}
				}
				var named []string
				for _, e := range b.audits("task.complete") {
					if e.TargetID == task.ID {
						named = append(named, e.Actor)
					}
				}
				if !slices.Equal(named, []string{"bob"}) {
					t.Fatalf("task.complete entries name %v, want [bob]", named)
				}
			})
		}
	}
}
