package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// TestCrashConsistency is issue #17's crash test: `wfb serve` (this test binary run as wfb) on
// SQLite and on a fresh PostgreSQL database; executions of examples/linear-confirm.json started
// and their tasks completed by several concurrent clients, each with its own API key and an
// Idempotency-Key per operation; the process group (wfb and its embedded Temporal) SIGKILLed
// mid-stream, during the starts, twice during the completions, and once as two BATCH parents
// (incorporation-batch, 25 items each) fan out, and restarted on the same data directory. The
// starts and completions whose answer was lost are sent again under their key, every task left
// is completed, and the test asserts: one execution per start key; every acknowledged start
// exists and completes; every acknowledged completion is applied once, by its client; each
// execution has its tasks, whose rows agree with the engine's runtime view; every completed task
// has exactly one task.complete entry naming its completer; each BATCH parent has exactly one
// child per item; nothing is stuck. WFB_CRASH_EXECUTIONS sets the number of starts (default 12 per backend; run larger
// on demand).
func TestCrashConsistency(t *testing.T) {
	n := 12
	if v := os.Getenv("WFB_CRASH_EXECUTIONS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 4 {
			t.Fatalf("WFB_CRASH_EXECUTIONS=%q: want a number ≥ 4", v)
		}
	}
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			db := ""
			if backend == "postgres" {
				db = storetest.PostgresURL(t)
			}
			r := newCrashRun(t, db)
			r.run(n)
		})
	}
}

// crashClient is one API client with its own key; its name is what audit entries and task rows
// name as the completer.
type crashClient struct{ name, token string }

// crashRun drives one wfb process through starts, completions and kills.
type crashRun struct {
	t    *testing.T
	p    *wfbProc
	http *http.Client

	admin   crashClient
	clients []crashClient
	version string
	// batchVersion is incorporation-batch's version; batchParents its executions.
	batchVersion string
	batchParents map[string]bool

	mu         sync.Mutex
	started    map[string]bool        // acknowledged starts
	completed  map[string]string      // task → client, acknowledged completions
	lost       map[string]crashClient // task → client, completions whose answer was lost
	lostStarts map[int]crashClient    // start → client, starts whose answer was lost
	keys       int                    // distinct start keys: the executions there must be
	tried      map[string]int         // operation → attempts
}

func newCrashRun(t *testing.T, db string) *crashRun {
	t.Helper()
	port, err := devserver.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	apiPort, err := devserver.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	p := &wfbProc{t: t, dir: t.TempDir(), db: db, addr: "127.0.0.1:" + strconv.Itoa(apiPort), temporalPort: port}
	t.Cleanup(p.kill)
	return &crashRun{t: t, p: p, http: &http.Client{Timeout: 30 * time.Second},
		started: map[string]bool{}, completed: map[string]string{}, lost: map[string]crashClient{}, lostStarts: map[int]crashClient{}, batchParents: map[string]bool{}, tried: map[string]int{}}
}

func (r *crashRun) run(n int) {
	t := r.t
	r.p.start()
	r.setup(4)

	// Kill 1: during the starts; then the rest of the starts.
	jobs := r.startJobs(n)
	r.drive(jobs, n/3)
	r.p.start()
	r.drive(jobs[r.tried["start"]:], 0)
	t.Logf("after kill 1: %d starts acknowledged of %d tried", len(r.started), r.tried["start"])
	// The starts whose answer was lost are sent again under their Idempotency-Key.
	for i, c := range r.lostStarts {
		r.count("start")
		var ex struct{ ID string }
		code, body := r.do(c, "POST", "/v1/executions", r.startBody(i), &ex, "start-"+strconv.Itoa(i))
		if code != http.StatusCreated {
			t.Fatalf("start %d sent again: %d %s", i, code, body)
		}
		r.started[ex.ID] = true
	}
	r.keys = len(r.started) // one execution per key, whatever the kill did
	r.waitTasks(len(r.started))

	// Kills 2 and 3: during the completions, after a third of the open tasks, then half of
	// the rest.
	for kill, share := range []int{3, 2} {
		tasks := r.openTasks()
		r.drive(r.completeJobs(tasks), max(len(tasks)/share, 1))
		r.p.start()
		t.Logf("after kill %d: %d completions acknowledged, %d answers lost", kill+2, len(r.completed), len(r.lost))
	}

	// Kill 4: during a BATCH fan-out.
	r.batchPhase(2)

	// Every client sends again the completions whose answer it lost: 200 each time.
	for task, c := range r.lost {
		r.count("complete")
		code, body := r.do(c, "POST", "/v1/tasks/"+task+"/complete", map[string]any{"outputData": map[string]any{"verified": true}}, nil, "complete-"+task)
		if code != http.StatusOK {
			t.Errorf("%s sending again its completion of %s: %d %s", c.name, task, code, body)
			continue
		}
		r.completed[task] = c.name
	}
	r.lost = map[string]crashClient{}
	r.finish()
	r.check()
	r.p.kill()
}

// setup creates the clients' keys and publishes linear-confirm.
func (r *crashRun) setup(clients int) {
	t := r.t
	r.admin = crashClient{name: "admin", token: printedToken(t, r.p.out.String())}
	for i := range clients {
		name := fmt.Sprintf("client-%d", i)
		var key struct{ Token string }
		r.must(r.admin, "POST", "/v1/api-keys", map[string]any{"name": name, "role": "admin", "user": name}, &key)
		r.clients = append(r.clients, crashClient{name: name, token: key.Token})
	}
	def, err := os.ReadFile(filepath.Join("..", "..", "examples", "linear-confirm.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tpl, v struct{ ID string }
	r.must(r.admin, "POST", "/v1/templates", map[string]any{"name": "crash"}, &tpl)
	r.must(r.admin, "POST", "/v1/templates/"+tpl.ID+"/versions", map[string]any{"version": "1.0.0", "definition": json.RawMessage(def)}, &v)
	r.must(r.admin, "POST", "/v1/versions/"+v.ID+"/publish", nil, nil)
	r.version = v.ID
	r.batchVersion = r.publish("dsc-child", nil)
	r.batchVersion = r.publish("incorporation-batch", map[string]string{"REPLACE_WITH_PUBLISHED_DSC_VERSION_ID": r.batchVersion})
}

// publish publishes examples/<name>.json as a new template's version, with replacements made
// in its text, and returns the version's id.
func (r *crashRun) publish(name string, replace map[string]string) string {
	def, err := os.ReadFile(filepath.Join("..", "..", "examples", name+".json"))
	if err != nil {
		r.t.Fatal(err)
	}
	for from, to := range replace {
		def = bytes.ReplaceAll(def, []byte(from), []byte(to))
	}
	var tpl, v struct{ ID string }
	r.must(r.admin, "POST", "/v1/templates", map[string]any{"name": name}, &tpl)
	r.must(r.admin, "POST", "/v1/templates/"+tpl.ID+"/versions", map[string]any{"version": "1.0.0", "definition": json.RawMessage(def)}, &v)
	r.must(r.admin, "POST", "/v1/versions/"+v.ID+"/publish", nil, nil)
	return v.ID
}

// batchItems is the number of directors each BATCH parent's collect step submits: more than
// the default maxConcurrency (20), so the fan-out runs in windows.
const batchItems = 25

// batchPhase starts BATCH parents (incorporation-batch), completes their collect steps with
// batchItems directors each, and kills the process as soon as those completions are
// acknowledged, while the children fan out.
func (r *crashRun) batchPhase(parents int) {
	t := r.t
	for i := range parents {
		var ex struct{ ID string }
		code, body := r.do(r.clients[i%len(r.clients)], "POST", "/v1/executions", map[string]any{
			"workflowTemplateVersionId": r.batchVersion, "name": fmt.Sprintf("batch-%d", i),
			"context": map[string]any{"company": map[string]any{"name": "Acme"}}}, &ex, fmt.Sprintf("batch-%d", i))
		if code != http.StatusCreated {
			t.Fatalf("starting BATCH parent %d: %d %s", i, code, body)
		}
		r.count("start")
		r.started[ex.ID], r.batchParents[ex.ID] = true, true
		r.keys++
	}
	var collects []string
	waitUntil(t, "the collect tasks", func() bool {
		collects = collects[:0]
		for _, tk := range list[crashTask](r, "/v1/tasks?limit=200") {
			if r.batchParents[tk.ExecutionID] && tk.StepID == "collect" {
				collects = append(collects, tk.ID)
			}
		}
		return len(collects) == parents
	})
	directors := make([]map[string]any, batchItems)
	for i := range directors {
		directors[i] = map[string]any{"id": fmt.Sprintf("d%d", i), "name": fmt.Sprintf("Director %d", i)}
	}
	jobs := make([]job, len(collects))
	for i, task := range collects {
		c := r.clients[i%len(r.clients)]
		jobs[i] = func() bool {
			r.count("complete")
			code, body := r.do(c, "POST", "/v1/tasks/"+task+"/complete", map[string]any{"outputData": map[string]any{"directors": directors}}, nil, "complete-"+task)
			r.mu.Lock()
			defer r.mu.Unlock()
			switch {
			case code == http.StatusOK:
				r.completed[task] = c.name
				return true
			case code == 0:
				r.lost[task] = c
			default:
				r.t.Errorf("%s completing %s: %d %s", c.name, task, code, body)
			}
			return false
		}
	}
	r.drive(jobs, len(jobs))
	r.p.start()
	t.Logf("after kill 4 (BATCH fan-out of %d parents × %d items)", parents, batchItems)
}

// tasksOf is the number of human tasks an execution completes: a BATCH parent has collect and
// file, a DSC child apply and issued, a linear-confirm execution verify.
func (r *crashRun) tasksOf(ex crashExecution) int {
	if r.batchParents[ex.ID] || (ex.ParentID != nil && r.batchParents[*ex.ParentID]) {
		return 2
	}
	return 1
}

// waitUntil polls ok for up to 2 minutes.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 2 minutes for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// job is one client operation; it reports whether the server acknowledged it.
type job func() bool

// drive runs jobs from the clients at once, and kills the process group when killAt of them
// were acknowledged (the others in flight then lose their answers); killAt 0 kills nothing.
func (r *crashRun) drive(jobs []job, killAt int) {
	var next, acked atomic.Int32
	var killed atomic.Bool
	var wg sync.WaitGroup
	for range r.clients {
		wg.Go(func() {
			for !killed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				if jobs[i]() && int(acked.Add(1)) == killAt {
					killed.Store(true)
					r.p.kill()
				}
			}
		})
	}
	wg.Wait()
	if killAt > 0 && !killed.Load() {
		r.t.Fatalf("the process was not killed: %d of %d jobs acknowledged, kill at %d", acked.Load(), len(jobs), killAt)
	}
}

func (r *crashRun) startJobs(n int) []job {
	jobs := make([]job, n)
	for i := range jobs {
		c := r.clients[i%len(r.clients)]
		jobs[i] = func() bool {
			r.count("start")
			var ex struct{ ID string }
			code, body := r.do(c, "POST", "/v1/executions", r.startBody(i), &ex, "start-"+strconv.Itoa(i))
			r.mu.Lock()
			defer r.mu.Unlock()
			switch {
			case code == http.StatusCreated:
				r.started[ex.ID] = true
				return true
			case code == 0:
				r.lostStarts[i] = c
			default:
				r.t.Errorf("start %d: %d %s", i, code, body)
			}
			return false
		}
	}
	return jobs
}

func (r *crashRun) startBody(i int) map[string]any {
	return map[string]any{"workflowTemplateVersionId": r.version, "name": fmt.Sprintf("crash-%d", i)}
}

func (r *crashRun) completeJobs(tasks []string) []job {
	jobs := make([]job, len(tasks))
	for i, task := range tasks {
		c := r.clients[i%len(r.clients)]
		jobs[i] = func() bool {
			r.count("complete")
			code, body := r.do(c, "POST", "/v1/tasks/"+task+"/complete", map[string]any{"outputData": map[string]any{"verified": true}}, nil, "complete-"+task)
			r.mu.Lock()
			defer r.mu.Unlock()
			switch {
			case code == http.StatusOK:
				r.completed[task] = c.name
				delete(r.lost, task)
				return true
			case code == 0:
				r.lost[task] = c
			default:
				r.t.Errorf("%s completing %s: %d %s", c.name, task, code, body)
			}
			return false
		}
	}
	return jobs
}

func (r *crashRun) count(op string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tried[op]++
}

type crashTask struct {
	ID          string  `json:"id"`
	ExecutionID string  `json:"workflowExecutionId"`
	StepID      string  `json:"stepId"`
	Status      string  `json:"status"`
	CompletedBy *string `json:"completedBy"`
}

// openTasks lists the open tasks, leaving out those whose completion answer was lost (their
// clients send them again later) and those whose completion was acknowledged while the row
// could not be written (the engine's projection writes it once the database answers).
func (r *crashRun) openTasks() []string {
	var out []string
	for _, t := range list[crashTask](r, "/v1/tasks?limit=200") {
		_, lost := r.lost[t.ID]
		if _, done := r.completed[t.ID]; !lost && !done {
			out = append(out, t.ID)
		}
	}
	return out
}

// waitTasks waits until at least n tasks are open.
func (r *crashRun) waitTasks(n int) {
	deadline := time.Now().Add(2 * time.Minute)
	for len(r.openTasks()) < n {
		if time.Now().After(deadline) {
			r.t.Fatalf("fewer than %d open tasks after 2 minutes", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type crashExecution struct {
	ID            string  `json:"id"`
	ParentID      *string `json:"parentWorkflowExecutionId"`
	Status        string  `json:"status"`
	RuntimeStatus string  `json:"runtimeStatus"`
	Runtime       *struct {
		RuntimeStatus string `json:"runtimeStatus"`
		Steps         map[string]struct {
			Status      string `json:"status"`
			CompletedBy string `json:"completedBy"`
		} `json:"steps"`
	} `json:"runtime"`
}

// finish completes every task left (executions whose start answer was lost, which the
// reconciler started) until every execution is closed: COMPLETED, or FAILED_TO_START.
func (r *crashRun) finish() {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		for _, task := range r.openTasks() {
			c := r.clients[0]
			r.count("complete")
			code, body := r.do(c, "POST", "/v1/tasks/"+task+"/complete", map[string]any{"outputData": map[string]any{"verified": true}}, nil)
			if code != http.StatusOK {
				r.t.Fatalf("completing %s: %d %s", task, code, body)
			}
			r.completed[task] = c.name
		}
		open := 0
		for _, ex := range list[crashExecution](r, "/v1/executions?limit=200") {
			if ex.Status != "COMPLETED" && ex.Status != "FAILED_TO_START" {
				open++
			}
		}
		if open == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%d executions still open 3 minutes after the last kill", open)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// check asserts the invariants.
func (r *crashRun) check() {
	t := r.t
	executions := list[crashExecution](r, "/v1/executions?limit=200")
	tasks := list[crashTask](r, "/v1/tasks?status=COMPLETED&limit=200")
	type entry struct {
		Actor    string `json:"actor"`
		TargetID string `json:"targetId"`
	}
	audits := list[entry](r, "/v1/audit?action=task.complete&limit=200")

	byExecution := map[string][]crashTask{}
	for _, tk := range tasks {
		byExecution[tk.ExecutionID] = append(byExecution[tk.ExecutionID], tk)
	}
	entries := map[string][]string{}
	for _, e := range audits {
		entries[e.TargetID] = append(entries[e.TargetID], e.Actor)
	}
	seen := map[string]bool{}
	failedToStart, stuck := 0, 0
	for _, ex := range executions {
		seen[ex.ID] = true
		if ex.Status == "FAILED_TO_START" {
			if r.started[ex.ID] {
				t.Errorf("acknowledged start %s failed to start", ex.ID)
			}
			failedToStart++
			continue
		}
		if ex.Status != "COMPLETED" || ex.RuntimeStatus != "Completed" {
			t.Errorf("execution %s is %s/%s, want COMPLETED/Completed", ex.ID, ex.Status, ex.RuntimeStatus)
		}
		ts := byExecution[ex.ID]
		if want := r.tasksOf(ex); len(ts) != want {
			t.Errorf("execution %s has %d completed tasks, want %d", ex.ID, len(ts), want)
			continue
		}
		var full crashExecution
		// runtime is null when the engine's query did not answer in time (a busy machine).
		for try := 0; try < 10 && full.Runtime == nil; try++ {
			r.must(r.admin, "GET", "/v1/executions/"+ex.ID, nil, &full)
		}
		if full.Runtime == nil {
			t.Errorf("execution %s: the engine did not answer", ex.ID)
			continue
		}
		if full.Runtime.RuntimeStatus != "Completed" {
			t.Errorf("execution %s: its row is COMPLETED, the engine's runtime %s", ex.ID, full.Runtime.RuntimeStatus)
			stuck++
		}
		for _, tk := range ts {
			step := full.Runtime.Steps[tk.StepID]
			if step.Status != "Completed" || step.CompletedBy != deref(tk.CompletedBy) {
				t.Errorf("execution %s step %s: engine says %s by %q, task row says %s by %q", ex.ID, tk.StepID, step.Status,
					step.CompletedBy, tk.Status, deref(tk.CompletedBy))
			}
		}
		if r.batchParents[ex.ID] {
			children := list[crashExecution](r, "/v1/executions?limit=200&parentWorkflowExecutionId="+ex.ID)
			if len(children) != batchItems {
				t.Errorf("BATCH parent %s has %d children, want %d (one per item)", ex.ID, len(children), batchItems)
			}
		}
	}
	for id := range r.started {
		if !seen[id] {
			t.Errorf("acknowledged start %s is missing", id)
		}
	}
	roots := 0
	for _, ex := range executions {
		if ex.ParentID == nil {
			roots++
		}
	}
	if roots != r.keys {
		t.Errorf("%d executions from %d start keys: each key must make exactly one", roots, r.keys)
	}
	duplicated := 0
	for _, tk := range tasks {
		if got := entries[tk.ID]; len(got) != 1 || tk.CompletedBy == nil || got[0] != *tk.CompletedBy {
			t.Errorf("task %s completed by %q has task.complete entries naming %v, want exactly it", tk.ID, deref(tk.CompletedBy), got)
			duplicated += max(len(got)-1, 0)
		}
	}
	lost := 0
	for task, who := range r.completed {
		var tk crashTask
		r.must(r.admin, "GET", "/v1/tasks/"+task, nil, &tk)
		if tk.Status != "COMPLETED" || tk.CompletedBy == nil || *tk.CompletedBy != who {
			t.Errorf("acknowledged completion of %s by %s: the task is %s by %q", task, who, tk.Status, deref(tk.CompletedBy))
			lost++
		}
	}
	t.Logf("starts tried %d, acknowledged %d, executions %d (failed to start: %d); completions tried %d, acknowledged %d; lost %d, duplicated audit entries %d, stuck %d",
		r.tried["start"], len(r.started), len(executions), failedToStart, r.tried["complete"], len(r.completed), lost, duplicated, stuck)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// list reads every page of a list route.
func list[T any](r *crashRun, path string) []T {
	var out []T
	cursor := ""
	for {
		p := path
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Items      []T    `json:"items"`
			NextCursor string `json:"nextCursor"`
		}
		r.must(r.admin, "GET", p, nil, &page)
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		cursor = page.NextCursor
	}
}

// do sends a request as c; code 0 means no answer (the process was killed).
func (r *crashRun) do(c crashClient, method, path string, body, out any, idempotencyKey ...string) (int, string) {
	code, _, b := r.send(c, method, path, body, out, idempotencyKey...)
	return code, b
}

// send is do that also returns the answer's header (nil without an answer).
func (r *crashRun) send(c crashClient, method, path string, body, out any, idempotencyKey ...string) (int, http.Header, string) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			r.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.p.base()+path, rd)
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, k := range idempotencyKey {
		req.Header.Set("Idempotency-Key", k)
	}
	res, err := r.http.Do(req)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, err.Error()
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			r.t.Fatalf("%s %s: decoding %s: %v", method, path, b, err)
		}
	}
	return res.StatusCode, res.Header, string(b)
}

// must sends a request that must succeed.
func (r *crashRun) must(c crashClient, method, path string, body, out any) {
	r.t.Helper()
	code, b := r.do(c, method, path, body, out)
	if code < 200 || code >= 300 {
		r.t.Fatalf("%s %s: %d %s\n%s", method, path, code, b, r.p.out.tail())
	}
}

// wfbProc is `wfb serve` as a process group of its own, started again on the same data
// directory and ports after each kill.
type wfbProc struct {
	t                  *testing.T
	dir, db, addr      string
	temporalPort, runs int
	cmd                *exec.Cmd
	out                syncBuffer
	mu                 sync.Mutex
}

func (p *wfbProc) base() string { return "http://" + p.addr }

func (p *wfbProc) start() {
	p.t.Helper()
	args := []string{"serve", "--addr", p.addr, "--data-dir", p.dir, "--temporal-port", strconv.Itoa(p.temporalPort),
		"--temporal-ui-port", "0", "--log-level", "warn"}
	if p.db != "" {
		args = append(args, "--db", p.db)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runAsWFB+"=1", "WFB_RECONCILE_INTERVAL=2s", "WFB_RECONCILE_GRACE=5s")
	cmd.Stdout, cmd.Stderr = &p.out, &p.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.cmd = cmd
	p.runs++
	p.mu.Unlock()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get(p.base() + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("wfb serve (run %d) not ready after 2 minutes: %v\n%s", p.runs, err, p.out.tail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kill sends SIGKILL to the whole process group (wfb and its embedded Temporal server) and
// waits for wfb to be gone.
func (p *wfbProc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return
	}
	if err := syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		p.t.Errorf("killing the process group: %v", err)
	}
	_ = p.cmd.Wait()
	p.cmd = nil
}

// tail is the last lines the server printed, for a failure's message.
func (b *syncBuffer) tail() string {
	s := b.String()
	if len(s) > 4000 {
		s = s[len(s)-4000:]
	}
	return s
}
