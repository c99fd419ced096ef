package definition

import (
	"context"
	"fmt"

	"github.com/valyala/fastjson"
)

// ExprCompiler compiles one JSONata expression for EXPRESSION_COMPILES. The
// error's text goes into the issue message; an error that also has
// ErrorCode() string and ErrorPosition() int methods (or Code/Position
// fields via [ExprError]) gets them named explicitly.
type ExprCompiler interface {
	Compile(src string) error
}

// ExprCompilerFunc adapts a function to [ExprCompiler].
type ExprCompilerFunc func(src string) error

// Compile calls f.
func (f ExprCompilerFunc) Compile(src string) error { return f(src) }

// Options configures validation. The zero value validates offline with the
// default JSONata compiler.
type Options struct {
	// Context bounds catalog look-ups; nil means context.Background().
	Context context.Context
	// Expressions compiles expressions; nil means the JSONata engine.
	Expressions ExprCompiler
	// Catalog gives the store-backed rules their data; nil skips them
	// (CHILD_VERSION_EXISTS, SUB_WORKFLOW_NO_CYCLE and the legacy rules that
	// read the service-request type's configuration).
	Catalog Catalog
	// TemplateID is the template the definition belongs to, for
	// SUB_WORKFLOW_NO_CYCLE; empty skips that rule.
	TemplateID string
}

// Validate checks a submitted definition document against every rule of
// SPEC §4 and returns all issues, in a stable order. It never panics: input
// that is not JSON or not an object yields one DEFINITION_SHAPE issue.
func Validate(raw []byte, opts Options) []Issue {
	var issues []Issue
	err := withJSON(raw, func(root *fastjson.Value) { issues = validateTree(root, opts) })
	if err != nil {
		info := Rules[RuleDefinitionShape]
		return []Issue{{Rule: RuleDefinitionShape, Code: info.Code, Severity: info.Severity, Path: "",
			Message: fmt.Sprintf("the definition is not valid JSON: %v", err)}}
	}
	return issues
}

// ValidateDefinition checks a definition built or edited in Go. Paths point
// into its canonical encoding ([Encode]).
func ValidateDefinition(d *Definition, opts Options) []Issue {
	b, err := Encode(d)
	if err != nil {
		info := Rules[RuleDefinitionShape]
		return []Issue{{Rule: RuleDefinitionShape, Code: info.Code, Severity: info.Severity,
			Message: fmt.Sprintf("the definition cannot be encoded: %v", err)}}
	}
	return Validate(b, opts)
}

func validateTree(root *fastjson.Value, opts Options) []Issue {
	def, issues := decodeRoot(root)
	if def == nil {
		return issues
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Expressions == nil {
		opts.Expressions = defaultCompiler
	}
	c := &checker{def: def, opts: opts, g: NewGraph(def), issues: issues}
	c.checkIDs()
	c.checkGraph()
	c.checkGroups()
	c.checkSteps()
	c.checkCatalog()
	return c.issues
}

// checker runs the rules over one decoded definition.
type checker struct {
	def    *Definition
	opts   Options
	g      *Graph
	issues []Issue

	stepGroup []int // step index -> index of its group, or -1
	versions  map[string]versionLookup
	cycleMemo map[string]string
	compiled  map[string]error
	recursive map[string][]string
	dom       *domTree
}

func (c *checker) add(rule Rule, path, stepID, transitionID, groupID, format string, args ...any) {
	info := Rules[rule]
	c.issues = append(c.issues, Issue{
		Rule: rule, Code: info.Code, Severity: info.Severity, Message: fmt.Sprintf(format, args...),
		Path: path, StepID: stepID, TransitionID: transitionID, GroupID: groupID,
	})
}

// onStep reports an issue about step i (path relative to the step).
func (c *checker) onStep(rule Rule, i int, rel []any, format string, args ...any) {
	c.add(rule, pointer("/steps", append([]any{i}, rel...)...), c.def.Steps[i].ID, "", "", format, args...)
}

// onTransition reports an issue about transition j.
func (c *checker) onTransition(rule Rule, j int, rel []any, format string, args ...any) {
	t := &c.def.Transitions[j]
	stepID := t.FromStepID
	c.add(rule, pointer("/stepTransitions", append([]any{j}, rel...)...), stepID, t.ID, "", format, args...)
}

// onGroup reports an issue about group k.
func (c *checker) onGroup(rule Rule, k int, rel []any, format string, args ...any) {
	c.add(rule, pointer("/stepGroups", append([]any{k}, rel...)...), "", "", c.def.Groups[k].ID, format, args...)
}

func (c *checker) checkIDs() {
	seen := make(map[string]int, len(c.def.Steps))
	for i := range c.def.Steps {
		id := c.def.Steps[i].ID
		if id == "" {
			continue
		}
		if first, dup := seen[id]; dup {
			c.onStep(RuleStepIDsUnique, i, []any{"id"}, "step id %q is already used by step %d", id, first)
			continue
		}
		seen[id] = i
	}
	seenT := make(map[string]int, len(c.def.Transitions))
	for j := range c.def.Transitions {
		id := c.def.Transitions[j].ID
		if id == "" {
			continue
		}
		if first, dup := seenT[id]; dup {
			c.onTransition(RuleTransitionIDsUnique, j, []any{"id"}, "transition id %q is already used by transition %d", id, first)
			continue
		}
		seenT[id] = j
	}
	seenG := make(map[string]int, len(c.def.Groups))
	for k := range c.def.Groups {
		id := c.def.Groups[k].ID
		if id == "" {
			continue
		}
		if first, dup := seenG[id]; dup {
			c.onGroup(RuleStepGroupIDsUnique, k, []any{"id"}, "step group id %q is already used by group %d", id, first)
			continue
		}
		seenG[id] = k
	}
}

// CheckPublishable validates raw for publishing: it returns every issue, and
// an [*InvalidError] carrying them all while any is an ERROR (the API
// answers 422 with it). Saving a draft should call [Validate] instead and
// return the issues without refusing.
func CheckPublishable(raw []byte, opts Options) ([]Issue, error) {
	issues := Validate(raw, opts)
	if HasErrors(issues) {
		return issues, &InvalidError{Issues: issues}
	}
	return issues, nil
}
