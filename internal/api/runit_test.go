package api

import (
	"os"
	"regexp"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

// TestRunItWalkthrough runs the walk-through of docs/api.md and then its "Run it" block, as
// written, against a server that runs the engine on the embedded Temporal server. A person types
// slower than a step opens; the test waits where the person would have, before completing.
func TestRunItWalkthrough(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, marker := range []string{"walkthrough", "run-it"} {
		m := regexp.MustCompile("(?s)<!-- " + marker + " -->\\s*```sh\n(.*?)```").FindSubmatch(doc)
		if m == nil {
			t.Fatalf("docs/api.md has no ```sh block after <!-- %s -->", marker)
		}
		blocks = append(blocks, string(m[1]))
	}
	e := newEngineEnv(t, "sqlite")
	sh := newWalkShell(e.env)
	waited := false
	for _, block := range blocks {
		cmds, err := parseScript(block)
		if err != nil {
			t.Fatalf("parsing the walk-through: %v", err)
		}
		for _, cmd := range cmds {
			if x := sh.vars["EXECUTION"]; x != "" && !waited {
				e.waitOpen(x, "file")
				waited = true
			}
			if err := sh.run(cmd); err != nil {
				t.Fatalf("walk-through step %v: %v", cmd, err)
			}
		}
	}
	x := sh.vars["EXECUTION"]
	if x == "" {
		t.Fatal("the run-it block sets no EXECUTION")
	}
	d := e.waitCompleted(x)
	if d.Name != "Acme Inc." || d.Runtime == nil || d.Runtime.Steps["file"].Status != "Completed" {
		t.Fatalf("after the run-it block: %+v runtime %+v", d.Execution, d.Runtime)
	}
	if d.Status != store.ExecutionCompleted {
		t.Fatalf("status %s", d.Status)
	}
}
