package definition

// siteKind says what a value site reads.
type siteKind int

const (
	siteExpr     siteKind = iota // a JSONata expression
	siteRef                      // a field ref
	siteIterStep                 // a STEP iterable
	siteIterDS                   // a DATASOURCE iterable
)

// site is one place in a step that reads data: an expression, a field ref
// or an iterable source, with its JSON Pointer.
type site struct {
	kind       siteKind
	path       string
	expr       *Expr
	ref        *FieldRef
	name       string // siteIterStep: step id; siteIterDS: alias
	projection bool   // inside contextProjection, which runs after the step's children
}

// visitStep calls fn for every value site of step s at path base.
func visitStep(s *Step, base string, fn func(site)) {
	v := visitor{fn: fn}
	if s.Assignee != nil {
		v.provider(s.Assignee, pointer(base, "assignee"))
	}
	if s.URL != nil {
		v.provider(s.URL, pointer(base, "url"))
	}
	if s.ChildWorkflowName != nil {
		v.expr(s.ChildWorkflowName, pointer(base, "childWorkflowName"))
	}
	if it := s.Iterable; it != nil {
		p := pointer(base, "iterable")
		if it.Expr != nil {
			v.expr(it.Expr, pointer(p, "expr"))
		}
		if it.Select != nil {
			v.expr(it.Select, pointer(p, "select"))
		}
		switch {
		case it.Type == IterableStep && it.StepID != "":
			fn(site{kind: siteIterStep, path: pointer(p, "stepId"), name: it.StepID})
		case it.Type == IterableDataSource && it.Key != "":
			fn(site{kind: siteIterDS, path: pointer(p, "key"), name: it.Key})
		}
	}
	for d := range s.DataSources {
		ds := &s.DataSources[d]
		p := pointer(base, "dataSources", d)
		if ds.Params != nil {
			v.param(ds.Params, pointer(p, "params"))
		}
		if ds.Select != nil {
			v.expr(ds.Select, pointer(p, "select"))
		}
	}
	for m := range s.InputMapping {
		v.provider(&s.InputMapping[m].Value, pointer(base, "inputMapping", m, "value"))
	}
	v.projection = true
	for m := range s.ContextProjection {
		v.provider(&s.ContextProjection[m].Value, pointer(base, "contextProjection", m, "value"))
	}
}

type visitor struct {
	fn         func(site)
	projection bool
}

func (v *visitor) expr(e *Expr, path string) {
	if e != nil {
		v.fn(site{kind: siteExpr, path: path, expr: e, projection: v.projection})
	}
}

func (v *visitor) provider(p *ValueProvider, path string) {
	if p == nil {
		return
	}
	switch p.Type {
	case ProviderField:
		if p.Ref != nil {
			v.fn(site{kind: siteRef, path: pointer(path, "ref"), ref: p.Ref, projection: v.projection})
		}
	case ProviderExpr:
		v.expr(p.Expr, pointer(path, "expr"))
	}
}

func (v *visitor) param(p *ParamValue, path string) {
	switch p.Kind {
	case ParamProvider:
		v.provider(p.Provider, path)
	case ParamObject:
		for _, k := range sortedKeys(p.Object) {
			e := p.Object[k]
			v.param(&e, pointer(path, k))
		}
	case ParamArray:
		for i := range p.Array {
			v.param(&p.Array[i], pointer(path, i))
		}
	}
}
