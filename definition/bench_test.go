package definition_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

// generated builds a valid definition of blocks of 9 steps and 18
// transitions: a parallel split to five human steps, their join, an
// exclusive split that goes on or reworks through an inclusive split back
// into the human steps. Every rule has work to do: conditions to compile,
// loops through conditional splits, split/join pairing, and STEP field refs
// that need dominators. blocks=555 gives 4,997 steps and 9,991 transitions.
func generated(blocks int) []byte {
	const k = 5
	var steps, trs []string
	n := 0
	tid := func() string { n++; return fmt.Sprintf("t%d", n) }
	steps = append(steps, step("start", "start"))
	prev := "start"
	for b := range blocks {
		id := func(s string, i ...int) string {
			if len(i) > 0 {
				return fmt.Sprintf("b%d-%s%d", b, s, i[0])
			}
			return fmt.Sprintf("b%d-%s", b, s)
		}
		p, j, g, q := id("p"), id("j"), id("g"), id("q")
		steps = append(steps, step(p, "gateway.parallel_split"), step(j, "gateway.parallel_join"),
			step(g, "gateway.exclusive_split"), step(q, "gateway.inclusive_split"))
		if b == 0 {
			trs = append(trs, tr(tid(), "start", p))
		}
		for i := range k {
			h := id("h", i)
			steps = append(steps, step(h, "human.confirm",
				fmt.Sprintf(`"assignee":{"type":"field","ref":{"source":"STEP","stepId":%q,"path":"owner"}}`, prev)))
			trs = append(trs, tr(tid(), p, h), tr(tid(), h, j))
			if i == k-1 {
				trs = append(trs, tr(tid(), q, h, def))
			} else {
				trs = append(trs, tr(tid(), q, h, fmt.Sprintf(`"condition":{"src":"__steps__.%s.redo = %d"}`, h, b)))
			}
		}
		trs = append(trs, tr(tid(), j, g), tr(tid(), g, q, def))
		next := fmt.Sprintf("b%d-p", b+1)
		if b == blocks-1 {
			next = "end"
		}
		trs = append(trs, tr(tid(), g, next, fmt.Sprintf(`"condition":{"src":"__context__.amount > %d"}`, b)))
		prev = j
	}
	steps = append(steps, step("end", "end"))
	return doc(steps, trs)
}

func TestGeneratedDefinitionIsValid(t *testing.T) {
	t.Parallel()
	raw := generated(20)
	if issues := definition.Validate(raw, definition.Options{}); len(issues) > 0 {
		t.Fatalf("generated definition has issues: %v", issues[:min(5, len(issues))])
	}
	d, err := definition.Decode(generated(555))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Steps) != 4997 || len(d.Transitions) != 9991 {
		t.Errorf("generated(555): %d steps, %d transitions", len(d.Steps), len(d.Transitions))
	}
	if !strings.Contains(string(raw), "__context__.amount > 19") {
		t.Error("generator changed")
	}
}

// BenchmarkValidate measures Validate from raw bytes (parse, decode, every
// rule, real JSONata compilation) at three sizes, so the ratios between
// sizes show how time grows with the definition. cpu-ns/op is the process
// CPU time per operation (GC included), which stays meaningful when other
// processes compete for the cores.
func BenchmarkValidate(b *testing.B) {
	for _, blocks := range []int{111, 555, 2222} { // ~1k, 5k, 20k steps
		raw := generated(blocks)
		b.Run(fmt.Sprintf("steps=%d", blocks*9+2), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if issues := definition.Validate(raw, definition.Options{}); len(issues) > 0 {
					b.Fatal(issues[0])
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkValidateNoCompile is BenchmarkValidate at 5k steps with an
// expression compiler that accepts everything: the share of the time that is
// the validator's own, without the JSONata parser.
func BenchmarkValidateNoCompile(b *testing.B) {
	raw := generated(555)
	opts := definition.Options{Expressions: definition.ExprCompilerFunc(func(string) error { return nil })}
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if issues := definition.Validate(raw, opts); len(issues) > 0 {
			b.Fatal(issues[0])
		}
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkDecode is the share of BenchmarkValidate spent parsing and
// decoding.
func BenchmarkDecode(b *testing.B) {
	raw := generated(555)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if _, err := definition.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}
