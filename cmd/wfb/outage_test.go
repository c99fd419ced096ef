package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// TestExecutionsThroughDatabaseOutage is issue #17's database-outage test with executions
// running: `wfb serve` (this test binary run as wfb) on a PostgreSQL server of the test's own
// (storetest.StartOwnPostgres); 8 clients, half of them starting executions of linear-confirm,
// half completing the tasks of 40 executions started before, each operation under its own
// Idempotency-Key; a BATCH parent (incorporation-batch) fanning out; the server stopped
// (pg_ctl -m fast) for WFB_OUTAGE_SECONDS (default 10; the full version is 60) and started again. A client whose request got a 503 or no answer sends it again
// under the same key until it is acknowledged, as a client honouring Retry-After would (every
// 250 ms here, to collect many answers from the outage). Then every task left is completed and
// the test asserts the crash test's invariants (crashRun.check: one execution per start key,
// every acknowledged start and completion applied once, task rows and the engine agree, one
// task.complete entry per completed task naming its completer, one child per BATCH item,
// nothing stuck), and that every answer was a success or a 503 database_unavailable or
// engine_unavailable with Retry-After: never a 500, never a dropped connection, and that starts
// and completions were both answered 503 database_unavailable while the database was down.
func TestExecutionsThroughDatabaseOutage(t *testing.T) {
	outage := 10 * time.Second
	if v := os.Getenv("WFB_OUTAGE_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("WFB_OUTAGE_SECONDS=%q is not a positive number of seconds", v)
		}
		outage = time.Duration(n) * time.Second
	}
	pg := storetest.StartOwnPostgres(t)
	r := newCrashRun(t, pg.URL())
	r.p.start()
	r.setup(8)
	o := &outageRun{crashRun: r, answers: map[string]int{}}
	o.run(outage, pg)
}

// outageRun drives a crashRun's clients through a database outage.
type outageRun struct {
	*crashRun
	phase  atomic.Int32 // an outagePhase
	acked  atomic.Int32 // operations acknowledged
	starts atomic.Int32 // start keys handed out
	pool   chan string  // open tasks for the clients to complete

	// answers counts the answers by phase (when sent → when answered) and kind.
	answers map[string]int
}

// outagePhase is what the database is doing while a request is in flight.
type outagePhase int32

const (
	phaseUp outagePhase = iota
	phaseStopping
	phaseDown
	phaseStarting
	phaseRecovered
)

var outagePhaseNames = [...]string{"up", "stopping", "down", "starting", "recovered"}

// projectionRetry is the warning the engine logs for each projection write that failed.
const projectionRetry = "projection not written; retrying"

// outageStarts is the number of executions started before the load, whose tasks the clients
// complete before, during and after the outage.
const outageStarts = 40

func (o *outageRun) run(outage time.Duration, pg *storetest.OwnPostgres) {
	t := o.t
	// One BATCH parent, its collect step completed just before the outage: the children are
	// created and started while the database goes away.
	var parent struct{ ID string }
	o.must(o.clients[0], "POST", "/v1/executions", map[string]any{"workflowTemplateVersionId": o.batchVersion, "name": "batch",
		"context": map[string]any{"company": map[string]any{"name": "Acme"}}}, &parent)
	o.count("start")
	o.started[parent.ID], o.batchParents[parent.ID] = true, true
	o.keys++
	for i := range outageStarts {
		o.count("start")
		var ex struct{ ID string }
		o.must(o.clients[i%len(o.clients)], "POST", "/v1/executions", o.startBody(i), &ex)
		o.started[ex.ID] = true
		o.keys++
	}
	o.starts.Store(outageStarts)
	var collect string
	o.pool = make(chan string, 200)
	waitUntil(t, "the open tasks", func() bool {
		tasks := list[crashTask](o.crashRun, "/v1/tasks?limit=200")
		if len(tasks) < outageStarts+1 {
			return false
		}
		for _, tk := range tasks {
			if tk.ExecutionID == parent.ID {
				collect = tk.ID
			} else {
				o.pool <- tk.ID
			}
		}
		return true
	})

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range o.clients {
		wg.Go(func() { o.client(c, i%2 == 0, stop) })
	}
	o.waitAcked(8)
	directors := make([]map[string]any, batchItems)
	for i := range directors {
		directors[i] = map[string]any{"id": fmt.Sprintf("d%d", i), "name": fmt.Sprintf("Director %d", i)}
	}
	if !o.until(o.clients[0], "complete", "/v1/tasks/"+collect+"/complete", map[string]any{"outputData": map[string]any{"directors": directors}}, nil, "complete-"+collect) {
		t.FailNow()
	}
	o.mu.Lock()
	o.completed[collect] = o.clients[0].name
	o.mu.Unlock()

	before := o.acked.Load()
	o.phase.Store(int32(phaseStopping))
	pg.Stop()
	o.phase.Store(int32(phaseDown))
	t.Logf("PostgreSQL stopped for %v after %d operations acknowledged", outage, before)
	time.Sleep(outage)
	o.phase.Store(int32(phaseStarting))
	pg.Start()
	o.phase.Store(int32(phaseRecovered))
	during := o.acked.Load()
	o.waitAcked(during + 8)
	close(stop)
	wg.Wait()
	t.Logf("operations acknowledged: %d before the outage, %d while the database was down, %d after it", before, during-before, o.acked.Load()-during)

	o.finish()
	o.check()
	kinds := make([]string, 0, len(o.answers))
	for k := range o.answers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("%-40s %6d", k, o.answers[k])
	}
	t.Logf("projection writes retried (%q in the log): %d", projectionRetry, strings.Count(o.p.out.String(), projectionRetry))
	for _, op := range []string{"start", "complete"} {
		if o.answers["down→down "+op+" 503 database_unavailable"] == 0 {
			t.Errorf("no %s was answered 503 database_unavailable while the database was down; the test did not test the outage", op)
		}
	}
	o.p.kill()
}

// waitAcked waits until n operations were acknowledged.
func (o *outageRun) waitAcked(n int32) {
	waitUntil(o.t, fmt.Sprintf("%d acknowledged operations", n), func() bool { return o.acked.Load() >= n })
}

// client runs one client's operations until stop: completing tasks from the pool (a completer,
// while the pool lasts) or starting executions.
func (o *outageRun) client(c crashClient, completer bool, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		var task string
		if completer {
			select {
			case task = <-o.pool:
			default:
			}
		}
		if task != "" {
			if !o.until(c, "complete", "/v1/tasks/"+task+"/complete", map[string]any{"outputData": map[string]any{"verified": true}}, nil, "complete-"+task) {
				continue
			}
			o.mu.Lock()
			o.completed[task] = c.name
			o.mu.Unlock()
		} else {
			k := int(o.starts.Add(1)) - 1
			var ex struct{ ID string }
			if !o.until(c, "start", "/v1/executions", o.startBody(k), &ex, "start-"+strconv.Itoa(k)) {
				continue
			}
			o.mu.Lock()
			o.started[ex.ID] = true
			o.keys++
			o.mu.Unlock()
		}
		o.acked.Add(1)
		time.Sleep(100 * time.Millisecond)
	}
}

// until sends a POST as c under an Idempotency-Key until it is acknowledged (2xx), sending it
// again after a 503 or no answer; any other answer fails the test and until reports false.
// Every answer is counted.
func (o *outageRun) until(c crashClient, op, path string, body, out any, key string) bool {
	for {
		from := outagePhase(o.phase.Load())
		o.count(op)
		code, header, b := o.send(c, "POST", path, body, out, key)
		to := outagePhase(o.phase.Load())
		var problem struct{ Code string }
		_ = json.Unmarshal([]byte(b), &problem)
		kind := strconv.Itoa(code)
		switch {
		case code >= 200 && code < 300:
			kind = "ok"
		case code == 0:
			kind = "no answer"
		case code == http.StatusServiceUnavailable:
			kind += " " + problem.Code
		}
		o.mu.Lock()
		o.answers[outagePhaseNames[from]+"→"+outagePhaseNames[to]+" "+op+" "+kind]++
		o.mu.Unlock()
		switch {
		case kind == "ok":
			return true
		case code == http.StatusServiceUnavailable && header.Get("Retry-After") != "" &&
			(problem.Code == string(app.CodeDatabaseUnavailable) || problem.Code == string(app.CodeEngineUnavailable)):
		case code == 0:
			o.t.Errorf("%s %s (%s): no answer: %s", c.name, path, key, b)
		default:
			o.t.Errorf("%s %s (%s): %d %s (Retry-After %q); want a success or 503 database_unavailable or engine_unavailable with Retry-After",
				c.name, path, key, code, b, header.Get("Retry-After"))
			return false
		}
		time.Sleep(250 * time.Millisecond)
	}
}
