package definition_test

import (
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

// Wrong JSON types anywhere give DEFINITION_SHAPE issues that point at the
// offending value, never a panic.
func TestShapeIssuesPointAtTheProblem(t *testing.T) {
	t.Parallel()
	s, ts := linear()
	cases := []struct {
		name string
		doc  string
		rule definition.Rule
		path string
	}{
		{"not JSON", `{"id":`, definition.RuleDefinitionShape, ""},
		{"array document", `[1,2]`, definition.RuleDefinitionShape, ""},
		{"null document", `null`, definition.RuleDefinitionShape, ""},
		{"steps an object", `{"id":"d","name":"D","steps":{"a":1},"stepTransitions":[]}`, definition.RuleDefinitionShape, "/steps"},
		{"transitions null", `{"id":"d","name":"D","steps":[],"stepTransitions":null}`, definition.RuleDefinitionShape, "/stepTransitions"},
		{"missing steps", `{"id":"d","name":"D","stepTransitions":[]}`, definition.RuleDefinitionShape, ""},
		{"step a number", string(doc([]string{s[0], "42", s[2]}, ts)), definition.RuleDefinitionShape, "/steps/1"},
		{"step id a number", string(doc([]string{s[0], `{"id":7,"type":"human.confirm","name":"A"}`, s[2]}, ts)), definition.RuleDefinitionShape, "/steps/1/id"},
		{"step without type", string(doc([]string{s[0], `{"id":"a","name":"A"}`, s[2]}, ts)), definition.RuleDefinitionShape, "/steps/1"},
		{"unknown step type", string(doc([]string{s[0], step("a", "human.sign"), s[2]}, ts)), definition.RuleStepTypeKnown, "/steps/1/type"},
		{"transition null", string(doc(s, []string{ts[0], "null", ts[1]})), definition.RuleDefinitionShape, "/stepTransitions/1"},
		{"isDefault a string", string(doc(s, []string{ts[0], tr("t2", "a", "end", `"isDefault":"yes"`)})), definition.RuleDefinitionShape, "/stepTransitions/1/isDefault"},
		{"condition a number", string(doc(s, []string{ts[0], tr("t2", "a", "end", `"condition":3`)})), definition.RuleDefinitionShape, "/stepTransitions/1/condition"},
		{"expr src a number", string(doc(s, []string{ts[0], tr("t2", "a", "end", `"condition":{"src":3}`)})), definition.RuleDefinitionShape, "/stepTransitions/1/condition/src"},
		{"condition without src", string(doc(s, []string{ts[0], tr("t2", "a", "end", `"condition":{}`)})), definition.RuleDefinitionShape, "/stepTransitions/1/condition"},
		{"bare string expression", string(doc(s, []string{ts[0], tr("t2", "a", "end", `"condition":"BAD"`)})), definition.RuleExpressionCompiles, "/stepTransitions/1/condition"},
		{"group stepIds numbers", string(doc(s, ts, `"stepGroups":[{"id":"g","name":"G","stepIds":[1]}]`)), definition.RuleDefinitionShape, "/stepGroups/0/stepIds/0"},
		{"batch iterable without type", string(doc([]string{s[0], `{"id":"a","type":"sys.sub_workflow","name":"A","mode":"BATCH","childWorkflowTemplateVersionId":"v","iterable":{"stepId":"start"}}`, s[2]}, ts)),
			definition.RuleDefinitionShape, "/steps/1/iterable"},
		{"provider without companion", string(doc(linear(`"assignee":{"type":"field"}`))), definition.RuleDefinitionShape, "/steps/1/assignee"},
		{"unknown provider type", string(doc(linear(`"assignee":{"type":"magic","value":1}`))), definition.RuleStepTypeKnown, "/steps/1/assignee/type"},
		{"unknown ref source", string(doc(linear(`"assignee":{"type":"field","ref":{"source":"ENV","path":"x"}}`))), definition.RuleStepTypeKnown, "/steps/1/assignee/ref/source"},
		{"bad dueIn", string(doc(linear(`"dueIn":"3 days"`))), definition.RuleDefinitionShape, "/steps/1/dueIn"},
		{"mapping not an object", string(doc([]string{s[0], sub("a", "v", `"inputMapping":[true]`), s[2]}, ts)), definition.RuleDefinitionShape, "/steps/1/inputMapping/0"},
		{"maxConcurrency zero", string(doc([]string{s[0], sub("a", "v", `"maxConcurrency":0`), s[2]}, ts)), definition.RuleDefinitionShape, "/steps/1/maxConcurrency"},
		{"unknown scope", string(doc([]string{s[0], sub("a", "v", `"dataSources":[{"id":"d","alias":"x","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":"ds","scope":"per-year","select":{"src":"__datasources__.x"}}]`), s[2]}, ts)),
			definition.RuleStepTypeKnown, "/steps/1/dataSources/0/scope"},
		{"conditional transition without condition", `{"id":"d","name":"D","steps":[` + step("start", "start") + `,` + step("g", "gateway.exclusive_split") + `,` + step("a", "human.confirm") + `,` + step("end", "end") + `],
			"stepTransitions":[` + tr("t1", "start", "g") + `,` + tr("t2", "g", "a") + `,` + tr("t3", "g", "end", def) + `,` + tr("t4", "a", "end") + `]}`,
			definition.RuleDefinitionShape, "/stepTransitions/1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			issues := definition.Validate([]byte(tc.doc), definition.Options{Expressions: fakeCompiler})
			found := false
			for _, i := range issues {
				found = found || (i.Rule == tc.rule && i.Path == tc.path)
			}
			if !found {
				t.Errorf("want %s at %q; got %v", tc.rule, tc.path, issues)
			}
			assertPointersResolve(t, []byte(tc.doc), issues)
		})
	}
}
