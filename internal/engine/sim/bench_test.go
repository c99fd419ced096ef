package sim

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// BenchmarkChain5000 simulates start → 4,998 human steps → end (5,000 steps), every step
// answered. BenchmarkChain5000Machine is the baseline: the same run driven on the bare
// machine, without the script, the trace or the result (docs/bench.md reports the ratio).
func BenchmarkChain5000(b *testing.B) {
	d := chain(b, 4998)
	s := answerAll(d)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(d, nil, s, Options{})
		if err != nil || res.Status != "Completed" {
			b.Fatalf("%v %+v", err, res.Error)
		}
	}
}

func BenchmarkChain5000Machine(b *testing.B) {
	d := chain(b, 4998)
	b.ReportAllocs()
	for b.Loop() {
		st := &interp.State{ID: "x", Context: map[string]any{}, Steps: map[string]*interp.StepState{}}
		now := func() time.Time { return DefaultStart }
		m := interp.New(d, st, expr.New(expr.Options{Clock: now}), now, interp.DefaultLoopLimit)
		if err := m.Begin(); err != nil {
			b.Fatal(err)
		}
		for i := range d.Steps {
			if d.Steps[i].IsHuman() {
				m.CompleteHuman(d.Steps[i].ID, map[string]any{}, "x")
			}
		}
		if !m.Completed() {
			b.Fatal("not completed")
		}
	}
}

// BenchmarkBatch10000 simulates a BATCH step over 10,000 items, every child answered by
// {"each": ...}.
func BenchmarkBatch10000(b *testing.B) {
	raw := []byte(`{"id":"b","name":"b","steps":[
	  {"id":"start","type":"start","name":"start"},
	  {"id":"batch","type":"sys.sub_workflow","name":"batch","mode":"BATCH","childWorkflowTemplateVersionId":"v",
	   "iterable":{"type":"EXPRESSION","expr":{"type":"jsonata","src":"__context__.items"}},
	   "inputMapping":[{"id":"m","targetPath":"n","value":{"type":"expr","expr":{"type":"jsonata","src":"__each__.n"}}}]},
	  {"id":"end","type":"end","name":"end"}],
	 "stepTransitions":[{"id":"t1","fromStepId":"start","toStepId":"batch"},{"id":"t2","fromStepId":"batch","toStepId":"end"}]}`)
	d, err := definition.Decode(raw)
	if err != nil {
		b.Fatal(err)
	}
	items := make([]any, 10_000)
	for i := range items {
		items[i] = map[string]any{"n": float64(i)}
	}
	ctx := map[string]any{"items": items}
	var s Script
	if err := json.Unmarshal([]byte(`{"children":{"batch":{"each":{"output":{"ok":true}}}}}`), &s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(d, ctx, s, Options{})
		if err != nil || res.Status != "Completed" {
			b.Fatalf("%v %+v", err, res.Error)
		}
		if n := len(res.Steps[1].Output.(map[string]any)["items"].([]any)); n != 10_000 {
			b.Fatal(fmt.Sprint("items: ", n))
		}
	}
}
