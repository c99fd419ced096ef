package definition_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

// step and tr build JSON objects for test definitions; extra holds raw
// `"key": value` members.
func step(id, typ string, extra ...string) string {
	return obj(append([]string{q("id", id), q("type", typ), q("name", strings.ToUpper(id))}, extra...))
}

func tr(id, from, to string, extra ...string) string {
	return obj(append([]string{q("id", id), q("fromStepId", from), q("toStepId", to)}, extra...))
}

func q(k, v string) string { return fmt.Sprintf("%q:%q", k, v) }

func obj(members []string) string { return "{" + strings.Join(members, ",") + "}" }

func doc(steps, transitions []string, extra ...string) []byte {
	return []byte(obj(append([]string{q("id", "d"), q("name", "D"),
		`"steps":[` + strings.Join(steps, ",") + `]`,
		`"stepTransitions":[` + strings.Join(transitions, ",") + `]`}, extra...)))
}

const cond = `"condition":{"type":"jsonata","src":"__context__.ok"}`
const def = `"isDefault":true`

// linear is start -> a -> end, valid.
func linear(extraA ...string) ([]string, []string) {
	return []string{step("start", "start"), step("a", "human.confirm", extraA...), step("end", "end")},
		[]string{tr("t1", "start", "a"), tr("t2", "a", "end")}
}

// fakeCompiler fails on sources containing BAD, so rule tests do not depend
// on the JSONata engine.
var fakeCompiler = definition.ExprCompilerFunc(func(src string) error {
	if strings.Contains(src, "BAD") {
		return errors.New("S0201 at position 0: syntax error")
	}
	return nil
})

// memCatalog is an in-memory Catalog.
type memCatalog struct {
	versions map[string]*definition.VersionInfo
	types    map[string]*definition.ServiceRequestType
}

func (m memCatalog) Version(_ context.Context, id string) (*definition.VersionInfo, error) {
	return m.versions[id], nil
}

func (m memCatalog) ServiceRequestType(_ context.Context, typ string) (*definition.ServiceRequestType, error) {
	return m.types[typ], nil
}

func childDef(t testing.TB, childVersion string) *definition.Definition {
	t.Helper()
	steps, trs := []string{step("start", "start"),
		step("w", "sys.sub_workflow", q("mode", "SINGLE"), q("childWorkflowTemplateVersionId", childVersion)),
		step("end", "end")}, []string{tr("t1", "start", "w"), tr("t2", "w", "end")}
	d, err := definition.Decode(doc(steps, trs))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testCatalog(t testing.TB) memCatalog {
	return memCatalog{
		versions: map[string]*definition.VersionInfo{
			"v-pub":   {ID: "v-pub", TemplateID: "T-child", Status: definition.VersionPublished},
			"v-draft": {ID: "v-draft", TemplateID: "T-child", Status: definition.VersionDraft},
			// v-loop's template runs v-mine, a version of the template under test.
			"v-loop": {ID: "v-loop", TemplateID: "T-other", Status: definition.VersionPublished, Definition: childDef(t, "v-mine")},
			"v-mine": {ID: "v-mine", TemplateID: "T-self", Status: definition.VersionPublished},
		},
		types: map[string]*definition.ServiceRequestType{
			"SRT": {Type: "SRT", TaskGroups: []definition.TaskGroupConfig{{Key: "G", Tasks: []definition.TaskConfig{{Key: "K"}, {Key: "K2"}}}}},
		},
	}
}

func sub(id, version string, extra ...string) string {
	return step(id, "sys.sub_workflow", append([]string{q("mode", "SINGLE"), q("childWorkflowTemplateVersionId", version)}, extra...)...)
}

// ruleCase is a definition that breaks one rule. also lists rules that
// necessarily fire with it (e.g. an isolated step is also unreachable).
type ruleCase struct {
	rule    definition.Rule
	doc     []byte
	catalog bool
	also    []definition.Rule
}

func ruleCases(t testing.TB) []ruleCase {
	s, ts := linear()
	withGroups := func(groups ...string) string { return `"stepGroups":[` + strings.Join(groups, ",") + `]` }
	group := func(id string, stepIDs string, extra ...string) string {
		return obj(append([]string{q("id", id), q("name", id), `"stepIds":` + stepIDs}, extra...))
	}
	excl := func(extraSteps []string, extraTs ...string) []byte {
		return doc(append([]string{step("start", "start"), step("g", "gateway.exclusive_split"), step("a", "human.confirm"), step("end", "end")}, extraSteps...),
			append([]string{tr("t1", "start", "g"), tr("t2", "g", "a", cond), tr("t4", "a", "end")}, extraTs...))
	}
	return []ruleCase{
		{rule: definition.RuleGraphExactlyOneStart, doc: doc(append(s, step("start2", "start")), append(ts, tr("t3", "start2", "a")))},
		{rule: definition.RuleGraphExactlyOneEnd, doc: excl([]string{step("end2", "end")}, tr("t3", "g", "end2", def))},
		{rule: definition.RuleStartStepNoIncoming, doc: excl(nil, tr("t3", "g", "start", def))},
		{rule: definition.RuleEndStepSingleIncoming, doc: excl([]string{step("b", "human.confirm")}, tr("t3", "g", "b", def), tr("t5", "b", "end"))},
		{rule: definition.RuleEndStepNoOutgoing, doc: excl([]string{step("g2", "gateway.exclusive_split"), step("b", "human.confirm")},
			tr("t3", "g", "b", def), tr("t5", "b", "a"), tr("t6", "end", "g2"), tr("t7", "g2", "a", cond), tr("t8", "g2", "b", def))},
		{rule: definition.RuleTransitionsUnique, doc: excl(nil, tr("t3", "g", "a", def))},
		{rule: definition.RuleNoSelfLoops, doc: excl(nil, tr("t3", "g", "g", def))},
		{rule: definition.RuleNoIsolatedSteps, doc: doc(append(s, step("lone", "human.confirm")), ts),
			also: []definition.Rule{definition.RuleStepsReachableFromStart, definition.RuleStepsReachEnd}},
		{rule: definition.RuleOnlySplitGatewayCanFanOut, doc: doc(
			[]string{step("start", "start"), step("a", "human.confirm"), step("b", "human.confirm"), step("c", "human.confirm"), step("j", "gateway.parallel_join"), step("end", "end")},
			[]string{tr("t1", "start", "a"), tr("t2", "a", "b"), tr("t3", "a", "c"), tr("t4", "b", "j"), tr("t5", "c", "j"), tr("t6", "j", "end")})},
		{rule: definition.RuleJoinGatewayManyInSingleOut, doc: doc([]string{step("start", "start"), step("j", "gateway.parallel_join"), step("end", "end")},
			[]string{tr("t1", "start", "j"), tr("t2", "j", "end")})},
		{rule: definition.RuleConditionalSplitSingleDefault, doc: doc(
			[]string{step("start", "start"), step("i", "gateway.inclusive_split"), step("a", "human.confirm"), step("b", "human.confirm"), step("j", "gateway.parallel_join"), step("end", "end")},
			[]string{tr("t1", "start", "i"), tr("t2", "i", "a", cond), tr("t3", "i", "b", cond), tr("t4", "a", "j"), tr("t5", "b", "j"), tr("t6", "j", "end")})},
		{rule: definition.RuleExclusiveSplitTwoOutgoing, doc: excl([]string{step("b", "human.confirm"), step("c", "human.confirm")},
			tr("t3", "g", "b", cond), tr("t5", "g", "c", def), tr("t6", "b", "a"), tr("t7", "c", "a"))},
		{rule: definition.RuleOnlyExclusiveInclusiveStepHaveCondition, doc: doc(s, []string{tr("t1", "start", "a", cond), tr("t2", "a", "end")})},
		{rule: definition.RuleMissingBatchIterator, doc: doc([]string{step("start", "start"),
			step("w", "sys.sub_workflow", q("mode", "BATCH"), q("childWorkflowTemplateVersionId", "v")), step("end", "end")},
			[]string{tr("t1", "start", "w"), tr("t2", "w", "end")})},
		{rule: definition.RuleStepIDsUnique, doc: doc(append(s, step("a", "human.form")), ts)},
		{rule: definition.RuleTransitionIDsUnique, doc: doc(s, []string{tr("t1", "start", "a"), tr("t1", "a", "end")})},
		{rule: definition.RuleStepGroupIDsUnique, doc: doc(
			[]string{step("start", "start"), step("a", "human.confirm"), step("b", "human.confirm"), step("end", "end")},
			[]string{tr("t1", "start", "a"), tr("t2", "a", "b"), tr("t3", "b", "end")},
			withGroups(group("g", `["a"]`), group("g", `["b"]`)))},
		{rule: definition.RuleNoGroupForSpecialNodes, doc: doc(s, ts, withGroups(group("g", `["start"]`)))},
		{rule: definition.RuleGroupStepIDsExists, doc: doc(s, ts, withGroups(group("g", `["ghost"]`)))},
		{rule: definition.RuleStepBelongsToOnlyOneGroup, doc: doc(s, ts, withGroups(group("g1", `["a"]`), group("g2", `["a"]`)))},
		{rule: definition.RuleStepGroupCannotBeEmpty, doc: doc(s, ts, withGroups(group("g", `[]`)))},
		{rule: definition.RuleLegacyServiceRequestRequiresStepGroups, doc: doc(s, ts, q("legacyServiceRequestType", "SRT"))},
		{rule: definition.RuleLegacyServiceRequestTypeGroupTaskUnique, doc: doc(
			[]string{step("start", "start"), step("a", "human.confirm", q("legacyServiceRequestTaskKey", "K")),
				step("b", "human.confirm", q("legacyServiceRequestTaskKey", "K")), step("end", "end")},
			[]string{tr("t1", "start", "a"), tr("t2", "a", "b"), tr("t3", "b", "end")},
			withGroups(group("g", `["a","b"]`, q("legacyServiceRequestTaskGroupKey", "G"))), q("legacyServiceRequestType", "SRT")), catalog: true},
		{rule: definition.RuleLegacyServiceRequestTaskGroupExistsInTemplate, catalog: true, doc: doc(s, ts,
			withGroups(group("g", `["a"]`, q("legacyServiceRequestTaskGroupKey", "NOPE"))), q("legacyServiceRequestType", "SRT"))},
		{rule: definition.RuleLegacyServiceRequestTaskExistsInTemplate, catalog: true, doc: doc(
			[]string{step("start", "start"), step("a", "human.confirm", q("legacyServiceRequestTaskKey", "NOPE")), step("end", "end")}, ts,
			withGroups(group("g", `["a"]`, q("legacyServiceRequestTaskGroupKey", "G"))), q("legacyServiceRequestType", "SRT"))},
		{rule: definition.RuleLegacyServiceRequestTaskOnlyOnHumanStep, doc: doc(
			[]string{step("start", "start"), sub("a", "v", q("legacyServiceRequestTaskKey", "K")), step("end", "end")}, ts)},
		{rule: definition.RuleDefinitionShape, doc: doc([]string{step("start", "start"), `{"id":"a","type":"human.confirm"}`, step("end", "end")}, ts)},
		{rule: definition.RuleStepTypeKnown, doc: doc(linear(`"activationPolicy":{"defaultStatus":"Waiting"}`))},
		{rule: definition.RuleTransitionStepsExist, doc: doc(s, append(ts, tr("t3", "ghost", "a")))},
		{rule: definition.RuleFieldRefStepExists, doc: doc(
			[]string{step("start", "start"),
				sub("w", "v", `"inputMapping":[{"targetPath":"x","value":{"type":"field","ref":{"source":"STEP","stepId":"later","path":"y"}}}]`),
				step("later", "human.confirm"), step("end", "end")},
			[]string{tr("t1", "start", "w"), tr("t2", "w", "later"), tr("t3", "later", "end")})},
		{rule: definition.RuleStepGroupConsistent, doc: doc(
			[]string{step("start", "start"), step("a", "human.confirm", `"group":{"groupId":"g","order":1}`), step("b", "human.confirm"), step("end", "end")},
			[]string{tr("t1", "start", "a"), tr("t2", "a", "b"), tr("t3", "b", "end")}, withGroups(group("g", `["b"]`)))},
		{rule: definition.RuleChildVersionExists, catalog: true, doc: doc([]string{step("start", "start"), sub("a", "v-draft"), step("end", "end")}, ts)},
		{rule: definition.RuleSubWorkflowNoCycle, catalog: true, doc: doc([]string{step("start", "start"), sub("a", "v-loop"), step("end", "end")}, ts)},
		{rule: definition.RuleStartStepSingleOutgoing, doc: doc(
			[]string{step("start", "start"), step("a", "human.confirm"), step("b", "human.confirm"), step("j", "gateway.parallel_join"), step("end", "end")},
			[]string{tr("t1", "start", "a"), tr("t2", "start", "b"), tr("t3", "a", "j"), tr("t4", "b", "j"), tr("t5", "j", "end")}),
			also: []definition.Rule{definition.RuleOnlySplitGatewayCanFanOut}},
		{rule: definition.RuleStepsReachableFromStart, doc: doc(append(s, step("orphan", "human.confirm"), step("j", "gateway.parallel_join")),
			[]string{tr("t1", "start", "a"), tr("t2", "a", "j"), tr("t3", "orphan", "j"), tr("t4", "j", "end")})},
		{rule: definition.RuleStepsReachEnd, doc: excl([]string{step("b", "human.confirm"), step("g2", "gateway.exclusive_split"), step("c", "human.confirm")},
			tr("t3", "g", "b", def), tr("t5", "b", "g2"), tr("t6", "g2", "b", cond), tr("t7", "g2", "c", def), tr("t8", "c", "b"))},
		{rule: definition.RuleCycleThroughConditionalSplit, doc: doc([]string{step("start", "start"), step("a", "human.confirm"), step("p", "gateway.parallel_split"), step("end", "end")},
			[]string{tr("t1", "start", "a"), tr("t2", "a", "p"), tr("t3", "p", "a"), tr("t4", "p", "end")}),
			also: []definition.Rule{definition.RuleParallelSplitUnpaired}},
		{rule: definition.RuleExpressionCompiles, doc: doc(
			[]string{step("start", "start"), step("g", "gateway.exclusive_split"), step("a", "human.confirm"), step("b", "human.confirm"), step("end", "end")},
			[]string{tr("t1", "start", "g"), tr("t2", "g", "a", `"condition":{"src":"__context__.amount > BAD"}`), tr("t3", "g", "b", def),
				tr("t4", "a", "end"), tr("t5", "b", "a")})},
		{rule: definition.RuleUnboundedRecursion, doc: doc(
			[]string{step("start", "start"), step("g", "gateway.exclusive_split"), step("a", "human.confirm"), step("b", "human.confirm"), step("end", "end")},
			[]string{tr("t1", "start", "g"), tr("t2", "g", "a", `"condition":{"src":"($f := function($n){$g($n+1)}; $g := function($n){$f($n+1)}; $f(0))"}`), tr("t3", "g", "b", def),
				tr("t4", "a", "end"), tr("t5", "b", "a")})},
		{rule: definition.RuleOutputSchemaValid, doc: doc(linear(`"outputSchema":{"type":"objekt"}`))},
		{rule: definition.RuleParallelSplitUnpaired, doc: doc(
			[]string{step("start", "start"), step("p", "gateway.parallel_split"), step("a", "human.confirm"), step("b", "human.confirm"), step("c", "human.confirm"), step("end", "end")},
			[]string{tr("t1", "start", "p"), tr("t2", "p", "a"), tr("t3", "p", "b"), tr("t4", "a", "c"), tr("t5", "b", "c"), tr("t6", "c", "end")})},
		{rule: definition.RuleFieldIgnored, doc: doc([]string{step("start", "start"),
			sub("a", "v", `"iterable":{"type":"EXPRESSION","expr":{"src":"[1,2]"}}`), step("end", "end")}, ts)},
		{rule: definition.RuleDatasourceUnused, doc: doc([]string{step("start", "start"),
			sub("a", "v", `"dataSources":[{"id":"d1","alias":"co","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":"ds"}]`), step("end", "end")}, ts)},
	}
}

func TestEachRuleAlone(t *testing.T) {
	t.Parallel()
	cases := ruleCases(t)
	covered := map[definition.Rule]bool{}
	for _, tc := range cases {
		covered[tc.rule] = true
		t.Run(string(tc.rule), func(t *testing.T) {
			t.Parallel()
			opts := definition.Options{Expressions: fakeCompiler}
			if tc.catalog {
				opts.Catalog, opts.TemplateID = testCatalog(t), "T-self"
			}
			issues := definition.Validate(tc.doc, opts)
			found := false
			for _, i := range issues {
				switch {
				case i.Rule == tc.rule:
					found = true
				case !slices.Contains(tc.also, i.Rule):
					t.Errorf("unexpected issue %v", i)
				}
				if info := definition.Rules[i.Rule]; i.Code != info.Code || i.Severity != info.Severity {
					t.Errorf("issue %v: code/severity differ from the rule table %+v", i, info)
				}
				if i.Message == "" {
					t.Errorf("issue %v has no message", i)
				}
			}
			if !found {
				t.Errorf("rule %s not reported; got %v\n%s", tc.rule, issues, tc.doc)
			}
			assertPointersResolve(t, tc.doc, issues)
			if tc.catalog {
				// Offline, the store-backed rules are skipped.
				for _, i := range definition.Validate(tc.doc, definition.Options{Expressions: fakeCompiler}) {
					if i.Rule == tc.rule && tc.rule != definition.RuleLegacyServiceRequestTypeGroupTaskUnique {
						t.Errorf("offline validation reported %v", i)
					}
				}
			}
		})
	}
	for r := range definition.Rules {
		if !covered[r] {
			t.Errorf("rule %s has no test case", r)
		}
	}
}

// A definition that uses every feature correctly triggers no rule, with
// the catalog at hand.
func TestValidDefinitionTriggersNothing(t *testing.T) {
	t.Parallel()
	raw := readFile(t, "testdata/full.json")
	for _, opts := range []definition.Options{
		{Expressions: fakeCompiler},
		{Expressions: fakeCompiler, Catalog: testCatalog(t), TemplateID: "T-self"},
		{},
	} {
		if issues := definition.Validate(raw, opts); len(issues) > 0 {
			t.Errorf("issues on a valid definition (catalog %v): %v", opts.Catalog != nil, issues)
		}
	}
}

// errCatalog fails every look-up, as a store that is down would.
type errCatalog struct{}

func (errCatalog) Version(context.Context, string) (*definition.VersionInfo, error) {
	return nil, errors.New("connection refused")
}

func (errCatalog) ServiceRequestType(context.Context, string) (*definition.ServiceRequestType, error) {
	return nil, errors.New("connection refused")
}

// A store failure blocks publishing with an issue that says so, rather than
// letting an unchecked definition through.
func TestCatalogFailureIsAnError(t *testing.T) {
	t.Parallel()
	s, ts := linear()
	raw := doc([]string{s[0], sub("a", "v1"), s[2]}, ts, q("legacyServiceRequestType", "SRT"),
		`"stepGroups":[{"id":"g","name":"G","stepIds":["a"]}]`)
	issues, err := definition.CheckPublishable(raw, definition.Options{Catalog: errCatalog{}, Expressions: fakeCompiler})
	var inv *definition.InvalidError
	if !errors.As(err, &inv) || len(inv.Issues) != len(issues) || inv.ErrorCode() != "DEFINITION_INVALID" {
		t.Fatalf("CheckPublishable error = %v", err)
	}
	got := map[definition.Rule]bool{}
	for _, i := range issues {
		if !strings.Contains(i.Message, "connection refused") {
			t.Errorf("unexpected issue %v", i)
		}
		got[i.Rule] = true
	}
	if !got[definition.RuleChildVersionExists] || !got[definition.RuleLegacyServiceRequestTaskGroupExistsInTemplate] {
		t.Errorf("store failures not reported: %v", issues)
	}
}

func TestCheckPublishableAcceptsValid(t *testing.T) {
	t.Parallel()
	issues, err := definition.CheckPublishable(readFile(t, "testdata/full.json"), definition.Options{Catalog: testCatalog(t)})
	if err != nil || len(issues) != 0 {
		t.Errorf("CheckPublishable = %v, %v", issues, err)
	}
	res := definition.NewResult(nil)
	if !res.Valid || res.Issues == nil {
		t.Errorf("NewResult(nil) = %+v", res)
	}
}
