package definition_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

func mustJSON(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

func roundTrip(t testing.TB, raw []byte) []byte {
	t.Helper()
	d, err := definition.Decode(raw)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	out, err := definition.Encode(d)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return out
}

// Canonical examples come back unchanged in meaning.
func TestRoundTripCanonicalExamples(t *testing.T) {
	t.Parallel()
	valid, invalid := exampleFiles(t)
	for _, f := range append(valid, invalid...) {
		if filepath.Base(f) == "tolerant-keys.json" {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			raw := readFile(t, f)
			if got, want := mustJSON(t, roundTrip(t, raw)), mustJSON(t, raw); !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the document:\n got %s", roundTrip(t, raw))
			}
		})
	}
}

func TestTolerantExampleSavesCanonical(t *testing.T) {
	t.Parallel()
	raw := readFile(t, filepath.Join(examplesDir(t), "tolerant-keys.json"))
	d, err := definition.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []definition.StepType{definition.StepStart, definition.StepExclusiveSplit, definition.StepHumanConfirm,
		definition.StepSubWorkflow, definition.StepHumanConfirm, definition.StepEnd}
	for i, s := range d.Steps {
		if s.Type != wantTypes[i] {
			t.Errorf("step %s: type %q, want %q", s.ID, s.Type, wantTypes[i])
		}
	}
	if c := d.Transitions[1].Condition; c == nil || c.Type != definition.ExprJSONata {
		t.Errorf("condition without type: got %+v, want jsonata", c)
	}
	if id := d.Steps[3].InputMapping[0].ID; id == "" {
		t.Error("mapping without id got no id")
	}
	out := roundTrip(t, raw)
	for _, bad := range []string{`"START"`, `"HUMAN_CONFIRM"`, `"SYS_SUB_WORKFLOW"`, `"GATEWAY_EXCLUSIVE_SPLIT"`} {
		if strings.Contains(string(out), bad) {
			t.Errorf("encoded form still has enum key %s", bad)
		}
	}
	if !strings.Contains(string(out), `"condition":{"type":"jsonata","src":`) {
		t.Errorf("encoded condition lacks its type: %s", out)
	}
	// Canonical output is a fixed point.
	if again := roundTrip(t, out); string(again) != string(out) {
		t.Errorf("canonical form is not stable:\n%s\n%s", out, again)
	}
	if issues := definition.Validate(out, definition.Options{}); definition.HasErrors(issues) {
		t.Errorf("canonical form does not validate: %v", issues)
	}
}

func TestRoundTripKeepsUnknownAndMistypedFields(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"id":"d","name":"D","editor":{"zoom":1.5},"steps":[
	 {"id":"s","type":"start","name":"S","x-note":"keep me","group":{"groupId":"g","color":"red"}},
	 {"id":"w","type":"sys.sub_workflow","name":"W","mode":"SINGLE","childWorkflowTemplateVersionId":"v",
	  "inputMapping":[{"id":"m","targetPath":"a","value":{"type":"const","value":12345678901234567890,"meta":true},"why":"x"}],
	  "dataSources":[{"id":"d1","alias":"co","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":"ds",
	    "params":{"q":{"type":"field","ref":{"source":"CONTEXT","path":"a","hint":1}},"lit":"IN","list":[1,{"type":"const","value":null}]},
	    "select":{"type":"jsonata","src":"$","note":"n"}}],
	  "iterable":{"type":"EXPRESSION","expr":{"src":"[1]"},"extra":[1]}},
	 {"id":"e","type":"end","name":"E","label":5}],
	 "stepTransitions":[{"id":"t","fromStepId":"s","toStepId":"e","isDefault":"yes","ui":{"k":1},"weight":3},7],
	 "stepGroups":"not-an-array"}`)
	want := mustJSON(t, raw).(map[string]any)
	got := mustJSON(t, roundTrip(t, raw)).(map[string]any)
	// The only changes are the canonical ones: the expression type is written.
	it := want["steps"].([]any)[1].(map[string]any)["iterable"].(map[string]any)
	it["expr"].(map[string]any)["type"] = "jsonata"
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("round trip lost data:\n got %s\nwant %s", g, w)
	}
}

func TestDecodeRejectsOnlyNonObjects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `[]`, `"x"`, `null`, `{`, `{} {}`} {
		if _, err := definition.Decode([]byte(in)); err == nil {
			t.Errorf("Decode(%q): want error", in)
		}
	}
	if _, err := definition.Decode([]byte(`{"steps":{"a":1},"stepTransitions":null}`)); err != nil {
		t.Errorf("Decode of a badly shaped object: %v", err)
	}
}

func TestDefinitionJSONMarshalUnmarshal(t *testing.T) {
	t.Parallel()
	raw := readFile(t, filepath.Join(examplesDir(t), "incorporation-batch.json"))
	var d definition.Definition
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(struct {
		Def definition.Definition `json:"def"`
	}{d})
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Def definition.Definition `json:"def"`
	}
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Def, d) {
		t.Errorf("json round trip through a wrapper changed the definition")
	}
	s := back.Def.Steps[2]
	if s.Iterable == nil || s.Iterable.Type != definition.IterableStep || s.Iterable.StepID != "collect" {
		t.Errorf("iterable: %+v", s.Iterable)
	}
	if v := s.InputMapping[1].Value; v.Type != definition.ProviderField || v.Ref.Source != definition.SourceEach || v.Ref.Path != "name" {
		t.Errorf("input mapping provider: %+v", v)
	}
}

func TestGraphIndex(t *testing.T) {
	t.Parallel()
	raw := readFile(t, filepath.Join(examplesDir(t), "exclusive-approval.json"))
	d, err := definition.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	g := definition.NewGraph(d)
	start, ok := g.Start()
	if !ok || start.ID != "start" {
		t.Fatalf("Start: %v %v", start, ok)
	}
	if end, ok := g.End(); !ok || end.ID != "end" {
		t.Fatalf("End: %v %v", end, ok)
	}
	var outs []string
	for _, tr := range g.Outgoing("decide") {
		outs = append(outs, tr.ToStepID)
	}
	if strings.Join(outs, ",") != "file,fix" {
		t.Errorf("Outgoing(decide) = %v", outs)
	}
	if in := g.Incoming("archive"); len(in) != 2 {
		t.Errorf("Incoming(archive) = %d transitions, want 2", len(in))
	}
	if s, ok := g.Step("review"); !ok || !s.IsHuman() {
		t.Errorf("Step(review) = %v, %v", s, ok)
	}
	if _, ok := g.Step("nope"); ok {
		t.Error("Step(nope) found")
	}
}
