package definition

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/workflowbuilder/wfb/jsonata"
)

// checkSteps runs the per-step rules: batch iterators, ignored fields,
// expressions, field refs, data sources and schemas.
func (c *checker) checkSteps() {
	c.compiled = map[string]error{}
	c.recursive = map[string][]string{}
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		if s.invalid != nil {
			continue
		}
		if s.Type == StepSubWorkflow && s.Mode == ModeBatch && s.Iterable == nil {
			c.onStep(RuleMissingBatchIterator, i, nil, "BATCH sub-workflow step %q needs an iterable", s.ID)
		}
		c.checkIgnoredFields(i)
		var aliasesRead map[string]bool
		readsAll := false
		visitStep(s, pointer("/steps", i), func(st site) {
			switch st.kind {
			case siteExpr:
				c.compile(st.path, s.ID, "", st.expr)
				all, names := datasourceReads(st.expr.Src)
				readsAll = readsAll || all
				for _, n := range names {
					aliasesRead = markRead(aliasesRead, n)
				}
			case siteRef:
				switch st.ref.Source {
				case SourceStep:
					c.checkStepRef(i, st.path, st.ref.StepID, st.projection)
				case SourceDataSource:
					aliasesRead = markRead(aliasesRead, st.ref.Key)
				}
			case siteIterStep:
				c.checkStepRef(i, st.path, st.name, false)
			case siteIterDS:
				aliasesRead = markRead(aliasesRead, st.name)
			}
		})
		if !readsAll {
			for d := range s.DataSources {
				if a := s.DataSources[d].Alias; a != "" && !aliasesRead[a] {
					c.onStep(RuleDatasourceUnused, i, []any{"dataSources", d, "alias"},
						"no expression or field ref of step %q reads data source %q", s.ID, a)
				}
			}
		}
		c.checkSchema(i, "outputSchema", s.OutputSchema)
		c.checkSchema(i, "form", s.Form)
	}
	for j := range c.def.Transitions {
		t := &c.def.Transitions[j]
		if t.Condition != nil {
			c.compile(pointer("/stepTransitions", j, "condition"), t.FromStepID, t.ID, t.Condition)
		}
	}
}

func markRead(m map[string]bool, alias string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[alias] = true
	return m
}

// datasourceReads finds the aliases an expression reads as
// __datasources__.alias; all is true when it uses __datasources__ any other
// way (e.g. $keys(__datasources__)), since then every alias may be read.
func datasourceReads(src string) (all bool, aliases []string) {
	const name = "__datasources__"
	for {
		i := strings.Index(src, name)
		if i < 0 {
			return all, aliases
		}
		src = src[i+len(name):]
		if !strings.HasPrefix(src, ".") {
			all = true
			continue
		}
		rest := src[1:]
		if strings.HasPrefix(rest, "`") {
			if end := strings.IndexByte(rest[1:], '`'); end >= 0 {
				aliases = append(aliases, rest[1:1+end])
				continue
			}
		}
		end := strings.IndexFunc(rest, func(r rune) bool {
			return !(r == '_' || r == '$' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
		})
		if end < 0 {
			end = len(rest)
		}
		if end == 0 {
			all = true
			continue
		}
		aliases = append(aliases, rest[:end])
	}
}

// compile reports an expression that does not compile. Results are cached by
// source for the run, since definitions repeat expressions.
func (c *checker) compile(path, stepID, transitionID string, e *Expr) {
	if e.Type != ExprJSONata {
		return // STEP_TYPE_KNOWN reported the unknown language
	}
	if e.noSrc {
		return // DEFINITION_SHAPE reported the missing or mistyped src
	}
	err, done := c.compiled[e.Src]
	if !done {
		err = safeCompile(c.opts.Expressions, e.Src)
		c.compiled[e.Src] = err
	}
	if !e.bare {
		path = pointer(path, "src")
	}
	if err != nil {
		c.add(RuleExpressionCompiles, path, stepID, transitionID, "",
			"expression %q does not compile: %v", abbreviate(e.Src), err)
		return
	}
	if names := c.recursion(e.Src); len(names) > 0 {
		c.add(RuleUnboundedRecursion, path, stepID, transitionID, "",
			"expression %q: function $%s calls itself with no base case (no condition guards the call), "+
				"so it never returns; evaluation stops at the engine's step limit and the step fails",
			abbreviate(e.Src), strings.Join(names, ", $"))
	}
}

// recursion names the functions of a JSONata source that recurse with no base case, cached by
// source like compile. It asks the JSONata engine whatever compiler checks EXPRESSION_COMPILES:
// the analysis needs its syntax tree.
func (c *checker) recursion(src string) (names []string) {
	if names, done := c.recursive[src]; done {
		return names
	}
	defer func() {
		if recover() != nil {
			names = nil // a compiler bug; EXPRESSION_COMPILES is the rule that reports those
		}
		c.recursive[src] = names
	}()
	if x, err := jsonata.Compile(src); err == nil {
		names = x.UnboundedRecursion()
	}
	return names
}

// safeCompile turns a panic of the expression engine into an error, so that
// a bug there cannot crash validation (SPEC §4: never panics on any input).
func safeCompile(comp ExprCompiler, src string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the expression compiler failed: %v", r)
		}
	}()
	return comp.Compile(src)
}

func abbreviate(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

// checkStepRef checks FIELD_REF_STEP_EXISTS for a STEP field ref or iterable
// of step i: the named step must exist and run before step i on every path
// from START, i.e. strictly dominate it. contextProjection runs after the
// step itself completes, so there the step may read its own output.
func (c *checker) checkStepRef(i int, path, ref string, projection bool) {
	s := &c.def.Steps[i]
	t, ok := c.g.byID[ref]
	if !ok {
		c.add(RuleFieldRefStepExists, path, s.ID, "", "", "step %q reads step %q, which does not exist", s.ID, ref)
		return
	}
	dom := c.dominatorTree()
	if dom == nil || !dom.reached[i] || !c.indexed(i) {
		return // no unique START, or step i unreachable: other rules report it
	}
	if t == i && projection {
		return
	}
	if t == i || !dom.dominates(t, i) {
		c.add(RuleFieldRefStepExists, path, s.ID, "", "", "step %q reads step %q, which does not run before it on every path from START", s.ID, ref)
	}
}

func (c *checker) dominatorTree() *domTree {
	if c.dom == nil && len(c.g.starts) == 1 {
		c.dom = dominators(c.g.successors(), c.g.predecessors(), c.g.starts[0])
	}
	return c.dom
}

// checkSchema compiles an outputSchema or form as JSON Schema 2020-12.
// References to other documents are refused: a definition must be
// self-contained, and validation must not read files or the network.
func (c *checker) checkSchema(i int, field string, raw []byte) {
	if raw == nil {
		return
	}
	if err := compileSchema(raw); err != nil {
		c.onStep(RuleOutputSchemaValid, i, []any{field}, "%s of step %q is not a valid JSON Schema (2020-12): %v",
			field, c.def.Steps[i].ID, err)
	}
}

func compileSchema(raw []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	comp := jsonschema.NewCompiler()
	comp.DefaultDraft(jsonschema.Draft2020)
	comp.UseLoader(jsonschema.SchemeURLLoader{})
	const url = "urn:wfb:step-schema"
	if err := comp.AddResource(url, doc); err != nil {
		return err
	}
	if _, err := comp.Compile(url); err != nil {
		return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), url, "schema"))
	}
	return nil
}

// checkIgnoredFields warns about fields this step's type does not use.
func (c *checker) checkIgnoredFields(i int) {
	s := &c.def.Steps[i]
	if !s.Type.Known() {
		return
	}
	warn := func(field, why string) {
		c.onStep(RuleFieldIgnored, i, []any{field}, "%s is ignored on step %q: %s", field, s.ID, why)
	}
	if s.Type != StepSubWorkflow {
		why := "only sub-workflow steps use it"
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"mode", s.Mode != ""}, {"childWorkflowTemplateVersionId", s.ChildWorkflowTemplateVersionID != ""},
			{"dataSources", s.DataSources != nil}, {"inputMapping", s.InputMapping != nil},
			{"contextProjection", s.ContextProjection != nil}, {"childWorkflowName", s.ChildWorkflowName != nil},
			{"iterable", s.Iterable != nil}, {"maxConcurrency", s.MaxConcurrency != nil},
			{"onChildFailure", s.OnChildFailure != ""},
		} {
			if f.set {
				warn(f.name, why)
			}
		}
	} else if s.Mode == ModeSingle {
		if s.Iterable != nil {
			warn("iterable", "a SINGLE step starts one child")
		}
		if s.MaxConcurrency != nil {
			warn("maxConcurrency", "a SINGLE step starts one child")
		}
	}
	if !s.IsHuman() {
		if s.Assignee != nil {
			warn("assignee", "only human steps are assigned")
		}
		if s.DueIn != "" {
			warn("dueIn", "only human steps have a due date")
		}
	}
	if s.Form != nil && s.Type != StepHumanForm {
		warn("form", "only human.form steps show a form")
	}
	if s.URL != nil && s.Type != StepHumanURLRedirect {
		warn("url", "only human.url_redirect steps redirect")
	}
	if s.Documents != nil && s.Type != StepHumanDocUpload {
		warn("documents", "only human.doc_upload steps collect documents")
	}
}
