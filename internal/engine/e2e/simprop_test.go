package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine/sim"
)

// Property: for generated valid definitions (sequences of human steps, exclusive, inclusive
// and parallel blocks, rework loops, SINGLE and BATCH sub-workflows with projections) and
// random scripts (some attempts unanswered, some children failing), the simulator and a real
// execution end the same way. WFB_SIMPROP_CASES sets the number of cases (default 20) and
// WFB_SIMPROP_SEED the first seed (default: the time); each case's seed is in its name, so a
// failure is replayed with WFB_SIMPROP_SEED=<seed> WFB_SIMPROP_CASES=1.
func TestSimulatorMatchesEngineOnGeneratedDefinitions(t *testing.T) {
	cases := envCount(t, "WFB_SIMPROP_CASES", 20)
	seed := uint64(envCount(t, "WFB_SIMPROP_SEED", int(time.Now().UnixNano()%1_000_000_000)))
	t.Logf("first seed %d (WFB_SIMPROP_SEED=%d WFB_SIMPROP_CASES=%d replays)", seed, seed, cases)
	for i := range cases {
		s := seed + uint64(i)
		t.Run(fmt.Sprintf("seed-%d", s), func(t *testing.T) {
			g := newGen(s)
			defRaw := g.definition()
			ctx := g.context()
			if _, err := sim.DecodeDefinition(defRaw, "/definition"); err != nil {
				t.Fatalf("seed %d: the generator made an invalid definition: %v\n%s", s, err, defRaw)
			}
			script := g.script()
			crossCheck(t, fmt.Sprintf("prop-%d", s), defRaw, ctx, script, sim.Options{LoopLimit: 4})
			if t.Failed() {
				b, _ := json.Marshal(script)
				t.Logf("seed %d\ndefinition: %s\ncontext: %s\nscript: %s", s, defRaw, js(ctx), b)
			}
		})
	}
}

// gen builds one random definition.
type gen struct {
	r      *rand.Rand
	n      int
	steps  []map[string]any
	trans  []map[string]any
	humans []string
	subs   []string
}

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

func (g *gen) id(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *gen) step(id, typ string, extra map[string]any) string {
	s := map[string]any{"id": id, "type": typ, "name": id}
	for k, v := range extra {
		s[k] = v
	}
	g.steps = append(g.steps, s)
	return id
}

// link adds a transition; cond "" is none, "default" marks the default branch.
func (g *gen) link(from, to, cond string) {
	t := map[string]any{"id": g.id("t"), "fromStepId": from, "toStepId": to}
	switch cond {
	case "":
	case "default":
		t["isDefault"] = true
	default:
		t["condition"] = map[string]any{"type": "jsonata", "src": cond}
	}
	g.trans = append(g.trans, t)
}

func (g *gen) human() string {
	id := g.step(g.id("h"), "human.confirm", nil)
	g.humans = append(g.humans, id)
	return id
}

// okOf is a condition on the last human step's output, or on the context when none ran yet.
func (g *gen) okOf() string {
	if len(g.humans) == 0 {
		return "__context__.flag = true"
	}
	return fmt.Sprintf("__steps__.%s.ok = true", g.humans[len(g.humans)-1])
}

// block appends one block after `from` (the transition into it carries cond) and returns the
// step the next block follows and the condition of that transition.
func (g *gen) block(from, cond string) (string, string) {
	switch g.r.IntN(7) {
	case 0, 1:
		h := g.human()
		g.link(from, h, cond)
		return h, ""
	case 2: // exclusive choice merging on a human step
		okCond := g.okOf()
		x := g.step(g.id("x"), "gateway.exclusive_split", nil)
		g.link(from, x, cond)
		a, b := g.human(), g.human()
		g.link(x, a, okCond)
		g.link(x, b, "default")
		m := g.human()
		g.link(a, m, "")
		g.link(b, m, "")
		return m, ""
	case 3: // parallel
		p := g.step(g.id("p"), "gateway.parallel_split", nil)
		g.link(from, p, cond)
		j := g.step(g.id("j"), "gateway.parallel_join", nil)
		for range 2 + g.r.IntN(2) {
			h := g.human()
			g.link(p, h, "")
			g.link(h, j, "")
		}
		return j, ""
	case 4: // inclusive on the context, with a default
		in := g.step(g.id("i"), "gateway.inclusive_split", nil)
		g.link(from, in, cond)
		j := g.step(g.id("j"), "gateway.parallel_join", nil)
		for _, c := range []string{"__context__.c1 = true", "__context__.c2 = true", "default"} {
			h := g.human()
			g.link(in, h, c)
			g.link(h, j, "")
		}
		return j, ""
	case 5: // rework loop: prepare, review, back to prepare unless ok
		p := g.human()
		g.link(from, p, cond)
		rv := g.human()
		g.link(p, rv, "")
		x := g.step(g.id("x"), "gateway.exclusive_split", nil)
		g.link(rv, x, "")
		g.link(x, p, "default")
		return x, fmt.Sprintf("__steps__.%s.ok = true", rv)
	default: // sub-workflow
		id := g.id("s")
		extra := map[string]any{"childWorkflowTemplateVersionId": "v-echo",
			"contextProjection": []any{map[string]any{"id": "p-" + id, "targetPath": "out." + id,
				"value": map[string]any{"type": "expr", "expr": map[string]any{"type": "jsonata", "src": "__steps__." + id}}}}}
		// Each child's context tells it apart (the echo child fails by its top-level scalars).
		mark := map[string]any{"id": "c-" + id, "targetPath": "step", "value": map[string]any{"type": "const", "value": id}}
		if g.r.IntN(2) == 0 {
			extra["mode"] = "SINGLE"
			extra["inputMapping"] = []any{mark, map[string]any{"id": "m-" + id, "targetPath": "name",
				"value": map[string]any{"type": "field", "ref": map[string]any{"source": "CONTEXT", "path": "name"}}}}
		} else {
			extra["mode"] = "BATCH"
			extra["iterable"] = map[string]any{"type": "EXPRESSION", "expr": map[string]any{"type": "jsonata", "src": "__context__.items"}}
			extra["inputMapping"] = []any{mark, map[string]any{"id": "m-" + id, "targetPath": "k",
				"value": map[string]any{"type": "expr", "expr": map[string]any{"type": "jsonata", "src": "__each__.k"}}}}
		}
		if g.r.IntN(3) == 0 {
			extra["onChildFailure"] = "continue"
		}
		g.step(id, "sys.sub_workflow", extra)
		g.subs = append(g.subs, id)
		g.link(from, id, cond)
		return id, ""
	}
}

func (g *gen) definition() []byte {
	g.step("start", "start", nil)
	last, cond := "start", ""
	for range 1 + g.r.IntN(4) {
		last, cond = g.block(last, cond)
	}
	if cond != "" { // the loop's split needs its continuing branch
		h := g.human()
		g.link(last, h, cond)
		last = h
	}
	g.step("end", "end", nil)
	g.link(last, "end", "")
	b, _ := json.Marshal(map[string]any{"id": "generated", "name": "Generated", "steps": g.steps, "stepTransitions": g.trans})
	return b
}

func (g *gen) context() map[string]any {
	items := []any{}
	for i := range g.r.IntN(4) {
		items = append(items, map[string]any{"k": fmt.Sprintf("item-%d", i)})
	}
	return map[string]any{"flag": g.r.IntN(2) == 0, "c1": g.r.IntN(2) == 0, "c2": g.r.IntN(2) == 0, "name": "acme", "items": items}
}

// script answers most attempts of every human step (sometimes none), and every child, some
// of them failing.
func (g *gen) script() sim.Script {
	s := sim.Script{Steps: map[string][]sim.HumanEntry{}, Children: map[string]sim.Children{}}
	for _, h := range g.humans {
		n := 1 + g.r.IntN(3)
		if g.r.IntN(10) == 0 {
			n = 0
		}
		var list []sim.HumanEntry
		for range n {
			list = append(list, sim.HumanEntry{Output: map[string]any{"ok": g.r.IntN(3) != 0, "n": float64(g.r.IntN(100))}})
		}
		if n > 0 {
			s.Steps[h] = list
		}
	}
	for _, id := range g.subs {
		var list []sim.ChildEntry
		for range 4 {
			if g.r.IntN(5) == 0 {
				list = append(list, sim.ChildEntry{Fail: &sim.ChildFail{Code: "ITERABLE_NOT_ARRAY"}})
			} else {
				list = append(list, sim.ChildEntry{Output: map[string]any{}})
			}
		}
		s.Children[id] = sim.Children{List: list}
	}
	return s
}
