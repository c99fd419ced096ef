package definition_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/workflowbuilder/wfb/definition"
)

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(definition.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("definition.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("definition.json")
	if err != nil {
		t.Fatalf("the DSL schema does not compile: %v", err)
	}
	return s
}

func instance(t *testing.T, raw []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Every example (the invalid ones break graph rules, not the shape) and
// the canonical encoding of each conforms to the schema.
func TestSchemaAcceptsExamples(t *testing.T) {
	t.Parallel()
	s := compiledSchema(t)
	valid, invalid := exampleFiles(t)
	files := append(append(valid, invalid...), filepath.Join("testdata", "full.json"))
	for _, f := range files {
		raw := readFile(t, f)
		if err := s.Validate(instance(t, raw)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if err := s.Validate(instance(t, roundTrip(t, raw))); err != nil {
			t.Errorf("%s (canonical): %v", f, err)
		}
	}
}

func TestSchemaRejectsWrongShapes(t *testing.T) {
	t.Parallel()
	s := compiledSchema(t)
	st, ts := linear()
	for name, raw := range map[string]string{
		"not an object":          `[]`,
		"steps an object":        `{"id":"d","name":"D","steps":{},"stepTransitions":[]}`,
		"unknown type":           string(doc([]string{st[0], step("a", "human.sign"), st[2]}, ts)),
		"step without id":        string(doc([]string{st[0], `{"type":"human.confirm","name":"A"}`, st[2]}, ts)),
		"provider no ref":        string(doc(linear(`"assignee":{"type":"field"}`))),
		"batch no iterable type": string(doc([]string{st[0], sub("a", "v", `"iterable":{"stepId":"x"}`), st[2]}, ts)),
	} {
		if err := s.Validate(instance(t, []byte(raw))); err == nil {
			t.Errorf("%s: schema accepted %s", name, raw)
		}
	}
}

// The schema's enums list every value and key the codec accepts.
func TestSchemaStepTypesMatchCodec(t *testing.T) {
	t.Parallel()
	types := []definition.StepType{definition.StepStart, definition.StepEnd, definition.StepHumanConfirm, definition.StepHumanForm,
		definition.StepHumanURLRedirect, definition.StepHumanDocUpload, definition.StepSubWorkflow, definition.StepParallelSplit,
		definition.StepParallelJoin, definition.StepExclusiveSplit, definition.StepInclusiveSplit}
	s := compiledSchema(t)
	for _, typ := range types {
		if !typ.Known() {
			t.Errorf("%s not known to the codec", typ)
		}
		raw := doc([]string{step("start", "start"), step("a", string(typ)), step("end", "end")}, nil)
		if typ == definition.StepSubWorkflow {
			continue // needs mode and child version; covered by the examples
		}
		if err := s.Validate(instance(t, raw)); err != nil {
			t.Errorf("schema rejects step type %s: %v", typ, err)
		}
	}
}
