package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/engine/sim"
	"github.com/workflowbuilder/wfb/internal/scenarios"
)

// The simulator and the engine cannot drift: every repository scenario runs as a real
// execution on the embedded server, with the outside world doing what the script says (a
// test HTTP server answers the data source calls in order; children run a small definition
// that echoes its context, or fails), and the simulation of the same script must end the same
// way: status, each step's status and attempts, outputs, errors' codes and the final context.
//
// A real child's result is its context, so the script the comparison simulates answers each
// child with the context the simulator started it with (crossScript); a scripted failure
// becomes the echo child's own failure. Scenarios whose outcome the real world cannot
// reproduce are left out, each for a reason the test names: a 5xx answer (the engine retries
// it for about 15 s), an error with a code of its own, or children the script leaves
// unanswered.
func TestSimulatorMatchesEngineOnScenarios(t *testing.T) {
	files, err := scenarios.Find([]string{filepath.Join("..", "..", "..", "testdata", "scenarios")})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		l, err := scenarios.Load(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if why := notReproducible(l); why != "" {
			t.Logf("%s: not run for real: %s", name, why)
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			crossCheck(t, name, l.Definition, l.Scenario.Context, l.Scenario.Script, l.Scenario.Options())
		})
	}
	if checked < 20 {
		t.Errorf("only %d scenarios ran for real; the cross-check must cover the examples", checked)
	}
}

// notReproducible says why a scenario's script cannot be played by the real world here.
func notReproducible(l *scenarios.Loaded) string {
	sc := l.Scenario
	if out, err := sim.RunScenario(sc, l.Definition, l.DefinitionPointer); err == nil {
		for _, w := range out.Result.Waiting {
			if w.StepID != "" && !strings.Contains(w.Missing, "script.steps.") {
				return fmt.Sprintf("the run waits at %s for %s, which a real run does not wait for", w.StepID, w.Missing)
			}
		}
	}
	for k, list := range sc.Script.DataSources {
		for _, e := range list {
			if e.Error != nil && (e.Error.Code != "" || e.Error.Status == 0 || e.Error.Status >= 500 || e.Error.Status == 408 || e.Error.Status == 429) {
				return fmt.Sprintf("data source %s answers with an error the engine retries or that has a code of its own", k)
			}
		}
	}
	return ""
}

// world is the outside world of one real run: the echo children and the data source server.
type world struct {
	mu        sync.Mutex
	failing   []map[string]any
	responses map[string][]sim.CallEntry
	used      map[string]int
	srv       *httptest.Server
}

func newWorld(t *testing.T, responses map[string][]sim.CallEntry, failing []map[string]any) *world {
	t.Helper()
	w := &world{failing: failing, responses: responses, used: map[string]int{}}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *world) serve(rw http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/")
	w.mu.Lock()
	list := w.responses[key]
	n := w.used[key]
	w.used[key] = n + 1
	w.mu.Unlock()
	if n >= len(list) {
		http.Error(rw, "not scripted", http.StatusNotFound)
		return
	}
	e := list[n]
	if e.Error != nil {
		http.Error(rw, "scripted failure", e.Error.Status)
		return
	}
	rw.Header().Set("Content-Type", "application/json")
	_, _ = rw.Write(e.Response)
}

// LoadDataSource points every data source at the world's server, one path per key.
func (w *world) LoadDataSource(_ context.Context, id string) (*engine.DataSourceDef, error) {
	cfg, _ := json.Marshal(map[string]any{"method": "GET", "url": w.srv.URL + "/" + id, "timeoutMs": 2000})
	return &engine.DataSourceDef{ID: id, Name: id, Config: cfg, TimeoutMs: 2000}, nil
}

// PrepareChildren gives every child the echo definition.
func (w *world) PrepareChildren(_ context.Context, _ engine.PrepareChildrenRequest) (*engine.PreparedChildren, error) {
	return &engine.PreparedChildren{Definition: echoDefinition(w.failing), TemplateName: "echo"}, nil
}

// byDataSourceID keys the scripted answers by the dataSourceId the real call is made to (the
// script may key them by the call's alias, which wins, as in the simulator).
func byDataSourceID(def *definition.Definition, s sim.Script) map[string][]sim.CallEntry {
	out := map[string][]sim.CallEntry{}
	for i := range def.Steps {
		for _, c := range def.Steps[i].DataSources {
			if list, ok := s.DataSources[c.Alias]; ok {
				out[c.DataSourceID] = list
			} else if list, ok := s.DataSources[c.DataSourceID]; ok {
				out[c.DataSourceID] = list
			}
		}
	}
	return out
}

// echoDefinition completes at once, so its result is its context, unless its context is one
// of failing (told apart by their top-level scalar values): then its step "boom" fails
// (ITERABLE_NOT_ARRAY) and it stays open, as a failed child does.
func echoDefinition(failing []map[string]any) []byte {
	var ors []string
	for _, c := range failing {
		ors = append(ors, "("+scalarMatch(c)+")")
	}
	cond := "false"
	if len(ors) > 0 {
		cond = strings.Join(ors, " or ")
	}
	doc := map[string]any{"id": "echo", "name": "Echo",
		"steps": []any{
			map[string]any{"id": "start", "type": "start", "name": "Start"},
			map[string]any{"id": "gate", "type": "gateway.exclusive_split", "name": "Fail?"},
			map[string]any{"id": "boom", "type": "sys.sub_workflow", "name": "Boom", "mode": "BATCH", "childWorkflowTemplateVersionId": "none",
				"iterable": map[string]any{"type": "EXPRESSION", "expr": map[string]any{"type": "jsonata", "src": "'not an array'"}}},
			map[string]any{"id": "end", "type": "end", "name": "End"},
		},
		"stepTransitions": []any{
			map[string]any{"id": "t1", "fromStepId": "start", "toStepId": "gate"},
			map[string]any{"id": "t2", "fromStepId": "gate", "toStepId": "boom", "condition": map[string]any{"type": "jsonata", "src": cond}},
			map[string]any{"id": "t3", "fromStepId": "gate", "toStepId": "end", "isDefault": true},
			map[string]any{"id": "t4", "fromStepId": "boom", "toStepId": "end"},
		}}
	b, _ := json.Marshal(doc)
	return b
}

// scalarMatch is a JSONata condition that holds for a context with c's top-level scalars.
func scalarMatch(c map[string]any) string {
	var parts []string
	for _, k := range sortedKeys(c) {
		switch v := c[k].(type) {
		case string, float64, bool:
			b, _ := json.Marshal(v)
			parts = append(parts, fmt.Sprintf("__context__.`%s` = %s", k, b))
		}
	}
	if len(parts) == 0 {
		return "true"
	}
	return strings.Join(parts, " and ")
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// crossScript turns a script's children into what the echo children do: each completed child
// returns the context the simulator started it with; each failed one fails at "boom". It also
// returns the failing children's contexts, and fails the test when a failing context cannot be
// told apart from a completing one.
func crossScript(t *testing.T, def *definition.Definition, first *sim.Result, s sim.Script) (sim.Script, []map[string]any) {
	t.Helper()
	out := s
	out.Children = map[string]sim.Children{}
	var failing, passing []map[string]any
	modes := map[string]definition.Mode{}
	for i := range def.Steps {
		modes[def.Steps[i].ID] = def.Steps[i].Mode
	}
	for stepID, ch := range s.Children {
		var contexts []any
		for _, run := range first.Steps {
			if run.StepID != stepID || run.Input["children"] == nil {
				continue
			}
			cs := run.Input["children"].([]any)
			if modes[stepID] == definition.ModeBatch {
				contexts = cs // the last run's items
			} else {
				contexts = append(contexts, cs...) // one per attempt
			}
		}
		var list []sim.ChildEntry
		for i, c := range contexts {
			cm, _ := c.(map[string]any)
			e, ok := entryAt(ch, i)
			if !ok {
				break
			}
			if e.Fail != nil {
				failing = append(failing, cm)
				list = append(list, sim.ChildEntry{Fail: &sim.ChildFail{Code: string(interp.CodeIterableNotArray), Step: "boom"}})
				continue
			}
			passing = append(passing, cm)
			list = append(list, sim.ChildEntry{Output: plainMap(cm)})
		}
		out.Children[stepID] = sim.Children{List: list}
	}
	for _, f := range failing {
		for _, p := range passing {
			if scalarMatch(f) == scalarMatch(p) {
				t.Fatalf("a failing child's context %v cannot be told apart from a completing one's %v", f, p)
			}
		}
	}
	return out, failing
}

func entryAt(c sim.Children, i int) (sim.ChildEntry, bool) {
	if c.Each != nil {
		return *c.Each, true
	}
	if i < len(c.List) {
		return c.List[i], true
	}
	return sim.ChildEntry{}, false
}

func plainMap(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

// crossCheck simulates, runs for real, and compares.
func crossCheck(t *testing.T, name string, defRaw []byte, ctxIn map[string]any, script sim.Script, opts sim.Options) {
	t.Helper()
	def, err := sim.DecodeDefinition(defRaw, "/definition")
	if err != nil {
		t.Fatal(err)
	}
	first, err := sim.Run(def, ctxIn, script, opts)
	if err != nil {
		t.Fatal(err)
	}
	cs, failing := crossScript(t, def, first, script)
	want, err := sim.Run(def, ctxIn, cs, opts)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, byDataSourceID(def, script), failing)
	_, ec := connectWith(t, engine.Deps{Children: w, DataSources: w, Batches: &batchWorld{prepare: w.PrepareChildren}})
	got := playForReal(t, ec, def, defRaw, ctxIn, cs, opts, "sim-"+name)
	compare(t, def, want, got)
}

// realOutcome is a real execution's end as the simulator reports it.
type realOutcome struct {
	status string
	state  *engine.State
}

// playForReal starts the execution and completes its human steps from the script, the first
// open one in definition order each time, as the simulator does, until the execution
// completes or rests with nothing the script answers; then it cancels what is left.
func playForReal(t *testing.T, ec *engine.Client, def *definition.Definition, defRaw []byte, ctxIn map[string]any, s sim.Script, opts sim.Options, id string) realOutcome {
	t.Helper()
	ctx := context.Background()
	id = fmt.Sprintf("%s-%d", id, time.Now().UnixNano())
	if err := ec.Start(ctx, engine.Input{ExecutionID: id, VersionID: "v-" + id, Definition: defRaw, Context: plainMap(ctxIn), LoopLimit: opts.LoopLimit}); err != nil {
		t.Fatal(err)
	}
	refused := map[string]bool{}
	deadline := time.Now().Add(60 * time.Second)
	var lastKey string
	quietSince := time.Time{}
	for time.Now().Before(deadline) {
		st, err := ec.State(ctx, id)
		if err != nil {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		if st.RuntimeStatus == definition.StatusCompleted {
			return realOutcome{status: string(definition.StatusCompleted), state: st}
		}
		acted := false
		busy := false
		for i := range def.Steps {
			step := &def.Steps[i]
			ss := st.Steps[step.ID]
			if ss == nil || !interp.IsOpen(ss.Status) {
				continue
			}
			if !step.IsHuman() {
				busy = true // a child or a data source call is under way
				continue
			}
			key := fmt.Sprintf("%s#%d", step.ID, ss.Attempt)
			entries := s.Steps[step.ID]
			if refused[key] || ss.Attempt-1 >= len(entries) {
				continue
			}
			_, err := ec.CompleteStep(ctx, id, step.ID, ss.Attempt, entries[ss.Attempt-1].Output, engine.Actor{ID: "tester", Admin: true})
			if err != nil {
				refused[key] = true
			}
			acted = true
			break
		}
		if acted || busy {
			quietSince = time.Time{}
			continue
		}
		// Nothing to do: the execution rests once its state stops changing.
		k := stateKey(st)
		if k != lastKey || quietSince.IsZero() {
			lastKey, quietSince = k, time.Now()
		} else if time.Since(quietSince) > 500*time.Millisecond {
			out := realOutcome{state: st, status: string(st.RuntimeStatus)}
			if st.RuntimeStatus != definition.StatusFailed {
				for _, ss := range st.Steps {
					if interp.IsOpen(ss.Status) {
						out.status = sim.StatusWaiting
					}
				}
			}
			_ = ec.Cancel(ctx, id)
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("execution %s did not finish or rest within 60 s", id)
	return realOutcome{}
}

func stateKey(st *engine.State) string {
	var parts []string
	for id, s := range st.Steps {
		parts = append(parts, fmt.Sprintf("%s:%s:%d", id, s.Status, s.Attempt))
	}
	sort.Strings(parts)
	return string(st.RuntimeStatus) + "|" + strings.Join(parts, ",")
}

// compare checks the simulation against the real execution.
func compare(t *testing.T, def *definition.Definition, want *sim.Result, got realOutcome) {
	t.Helper()
	if want.Status != got.status {
		t.Errorf("status: simulated %s, real %s", want.Status, got.status)
	}
	for i := range def.Steps {
		id := def.Steps[i].ID
		w, g := want.Final[id], got.state.Steps[id]
		if g == nil {
			t.Errorf("step %s: missing from the real state", id)
			continue
		}
		if w.Status != g.Status || w.Attempts != g.Attempt {
			t.Errorf("step %s: simulated %s after %d attempts, real %s after %d", id, w.Status, w.Attempts, g.Status, g.Attempt)
		}
		run := lastRun(want, id)
		if run == nil {
			continue
		}
		if (run.Error == nil) != (g.Error == nil) || run.Error != nil && run.Error.Code != g.Error.Code {
			t.Errorf("step %s: simulated error %+v, real %+v", id, run.Error, g.Error)
		}
		if g.Status == definition.StatusCompleted && !jsonEqual(withoutChildIDs(run.Output), withoutChildIDs(g.OutputData)) {
			t.Errorf("step %s: simulated output %s, real %s", id, js(run.Output), js(g.OutputData))
		}
	}
	if !jsonEqual(withoutChildIDs(want.Context), withoutChildIDs(got.state.Context)) {
		t.Errorf("context: simulated %s, real %s", js(want.Context), js(got.state.Context))
	}
}

func lastRun(r *sim.Result, id string) *sim.StepRun {
	for i := len(r.Steps) - 1; i >= 0; i-- {
		if r.Steps[i].StepID == id {
			return r.Steps[i]
		}
	}
	return nil
}

// withoutChildIDs drops the child execution ids and messages of failure items: ids are drawn
// at random by the engine and messages name them.
func withoutChildIDs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if k == "childWorkflowExecutionId" || k == "message" {
				continue
			}
			out[k] = withoutChildIDs(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = withoutChildIDs(e)
		}
		return out
	}
	return v
}

func jsonEqual(a, b any) bool {
	var va, vb any
	_ = json.Unmarshal([]byte(js(a)), &va)
	_ = json.Unmarshal([]byte(js(b)), &vb)
	return reflect.DeepEqual(va, vb)
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
