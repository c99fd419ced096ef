package sim

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// TestImportsNoIO keeps the simulator pure, like the interpreter: none of its dependencies is
// Temporal, the store or the network.
func TestImportsNoIO(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || deps[len(deps)-1] != "github.com/workflowbuilder/wfb/internal/engine/sim" {
		t.Fatalf("go list -deps did not list the package's dependencies: %q", deps)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "go.temporal.io/") || strings.HasPrefix(d, "google.golang.org/grpc") ||
			strings.Contains(d, "/internal/store") || strings.HasPrefix(d, "net/http") || d == "net" ||
			d == "database/sql" || d == "os/exec" {
			t.Errorf("the simulator depends on %s", d)
		}
	}
}

// chain is start → n human steps → end.
func chain(t testing.TB, n int) *definition.Definition {
	t.Helper()
	steps := []map[string]any{{"id": "start", "type": "start", "name": "start"}}
	var trans []map[string]any
	prev := "start"
	for i := range n {
		id := fmt.Sprintf("h%d", i)
		steps = append(steps, map[string]any{"id": id, "type": "human.confirm", "name": id})
		trans = append(trans, map[string]any{"id": "t" + id, "fromStepId": prev, "toStepId": id})
		prev = id
	}
	steps = append(steps, map[string]any{"id": "end", "type": "end", "name": "end"})
	trans = append(trans, map[string]any{"id": "tend", "fromStepId": prev, "toStepId": "end"})
	b, _ := json.Marshal(map[string]any{"id": "chain", "name": "chain", "steps": steps, "stepTransitions": trans})
	d, err := definition.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func answerAll(d *definition.Definition) Script {
	s := Script{Steps: map[string][]HumanEntry{}}
	for _, st := range d.Steps {
		if st.IsHuman() {
			s.Steps[st.ID] = []HumanEntry{{}}
		}
	}
	return s
}

func TestRunLimitsAndClock(t *testing.T) {
	t.Parallel()
	d := chain(t, 5)
	for _, tc := range []struct {
		name      string
		script    Script
		opts      Options
		status    string
		code      interp.Code
		completed int
	}{
		{"answered", answerAll(d), Options{}, "Completed", "", 7},
		{"step-run limit", answerAll(d), Options{MaxStepRuns: 3}, "Waiting", CodeStepLimit, 3},
		{"unanswered", Script{}, Options{}, StatusWaiting, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			res, err := Run(d, nil, tc.script, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.status || (tc.code == "") != (res.Error == nil) || res.Error != nil && res.Error.Code != tc.code {
				t.Fatalf("status %s error %+v, want %s %s", res.Status, res.Error, tc.status, tc.code)
			}
			if len(res.Ran) != tc.completed {
				t.Errorf("ran %v, want %d steps", res.Ran, tc.completed)
			}
		})
	}
	res, err := Run(d, nil, Script{Clock: &Clock{Tick: "PT1H"}, Steps: answerAll(d).Steps}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := res.Steps[len(res.Steps)-1]
	if want := DefaultStart.Add(5 * 60 * 60 * 1e9); !last.EndedAt.Equal(want) {
		t.Errorf("end at %v, want %v (five answers an hour apart)", last.EndedAt, want)
	}
	if _, err := Run(d, nil, Script{Clock: &Clock{Tick: "soon"}}, Options{}); err == nil {
		t.Error("a bad tick was accepted")
	}
}

func TestChildrenJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, out string }{
		{`[{"output":{"a":1}},{"fail":{"code":"X"}}]`, `[{"output":{"a":1}},{"fail":{"code":"X"}}]`},
		{`{"each":{"output":{}}}`, `{"each":{}}`},
	} {
		var c Children
		if err := json.Unmarshal([]byte(tc.in), &c); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(c)
		if err != nil || string(b) != tc.out {
			t.Errorf("%s -> %s (%v), want %s", tc.in, b, err, tc.out)
		}
	}
	var c Children
	if err := json.Unmarshal([]byte(`{"every":{}}`), &c); err == nil {
		t.Error(`{"every"} was accepted`)
	}
}

func TestCheckPartialContext(t *testing.T) {
	t.Parallel()
	res := &Result{Context: map[string]any{"a": map[string]any{"b": 1.0, "c": []any{1.0}}, "d": "x"}, Final: map[string]Final{}}
	for _, tc := range []struct {
		want  string
		paths []string
	}{
		{`{"a":{"b":1}}`, nil},
		{`{"a":{"c":[1]},"d":"x"}`, nil},
		{`{"a":{"b":2}}`, []string{"/expect/context/a/b"}},
		{`{"a":{"c":[1,2]},"e":null}`, []string{"/expect/context/a/c", "/expect/context/e"}},
		{`{"d":{"x":1}}`, []string{"/expect/context/d"}},
	} {
		var ctx map[string]any
		_ = json.Unmarshal([]byte(tc.want), &ctx)
		ms := Check(res, Expect{Context: ctx})
		var got []string
		for _, m := range ms {
			got = append(got, m.Path)
		}
		if strings.Join(got, ",") != strings.Join(tc.paths, ",") {
			t.Errorf("context %s: mismatches at %v, want %v", tc.want, got, tc.paths)
		}
	}
}
