package jsonata

import (
	"context"
	"time"
)

// evaluator holds the state of one evaluation: limits, the clock and the
// random source. It is never shared between goroutines.
type evaluator struct {
	ctx      context.Context
	depth    int
	maxDepth int
	maxItems int
	maxBytes int
	maxSteps int // 0: no step limit
	ticks    int
	// items and bytes count what the evaluation has built so far, so that
	// many results each under the size limit cannot add up to exhaust
	// memory: the total may be at most totalFactor times the limit.
	items  int
	bytes  int
	now    time.Time
	random func() float64
}

// frame is a scope of variable bindings.
type frame struct {
	vars   map[string]any
	parent *frame
}

func newFrame(parent *frame) *frame { return &frame{parent: parent} }

func (f *frame) bind(name string, v any) {
	if f.vars == nil {
		f.vars = make(map[string]any, 4)
	}
	f.vars[name] = v
}

func (f *frame) lookup(name string) any {
	for e := f; e != nil; e = e.parent {
		if v, ok := e.vars[name]; ok {
			return v
		}
	}
	if b, ok := builtins[name]; ok {
		return b
	}
	return nil
}

func (ev *evaluator) check() error { return ev.spend(1) }

// spend accounts for n steps of work: it fails once the step limit is passed, and looks at the
// context's deadline each time the count crosses a multiple of 256.
func (ev *evaluator) spend(n int) error {
	before := ev.ticks
	ev.ticks += n
	if ev.maxSteps > 0 && ev.ticks > ev.maxSteps {
		return newError(CodeSteps, -1, "", ev.maxSteps)
	}
	if before>>8 != ev.ticks>>8 {
		if err := ev.ctx.Err(); err != nil {
			return newError(CodeTimeout, -1, "", err.Error())
		}
	}
	return nil
}

// totalFactor bounds everything an evaluation builds, relative to the
// per-value limits MaxItems and MaxBytes.
const totalFactor = 16

// allocItems accounts for n newly built sequence items.
func (ev *evaluator) allocItems(n int) *Error {
	ev.items += n
	if n > ev.maxItems || ev.items/totalFactor > ev.maxItems {
		return newError(CodeSize, -1, "", n)
	}
	return nil
}

// allocBytes accounts for a newly built string of n bytes.
func (ev *evaluator) allocBytes(n int) *Error {
	ev.bytes += n
	if n > ev.maxBytes || ev.bytes/totalFactor > ev.maxBytes {
		return newError(CodeSize, -1, "", n)
	}
	return nil
}

func (ev *evaluator) checkItems(n int) *Error {
	if n > ev.maxItems {
		return newError(CodeSize, -1, "", n)
	}
	return nil
}

func (ev *evaluator) checkBytes(n int) *Error {
	if n > ev.maxBytes {
		return newError(CodeSize, -1, "", n)
	}
	return nil
}

func (ev *evaluator) eval(n *node, input any, env *frame) (any, error) {
	ev.depth++
	if ev.depth > ev.maxDepth {
		ev.depth--
		return nil, newError(CodeDepth, n.pos, "", ev.maxDepth)
	}
	if err := ev.check(); err != nil {
		ev.depth--
		return nil, err
	}
	res, err := ev.evalNode(n, input, env)
	ev.depth--
	if err != nil {
		return nil, err
	}
	switch r := res.(type) {
	case *array:
		if err := ev.checkItems(len(r.items)); err != nil {
			err.Position = n.pos
			return nil, err
		}
		if r.seq && !r.tuple {
			if n.keepArray {
				r.keep = true
			}
			if len(r.items) == 0 {
				return nil, nil
			}
			if len(r.items) == 1 && !r.keep {
				return r.items[0], nil
			}
		}
	case string:
		if len(r) > ev.maxBytes {
			return nil, newError(CodeSize, n.pos, "", len(r))
		}
	}
	return res, nil
}

func (ev *evaluator) evalNode(n *node, input any, env *frame) (any, error) {
	var res any
	var err error
	switch n.typ {
	case nPath:
		return ev.evalPath(n, input, env)
	case nBinary:
		res, err = ev.evalBinary(n, input, env)
	case nUnary:
		res, err = ev.evalUnary(n, input, env)
	case nName:
		bud := ev.walkBudget()
		if res = lookupFieldB(input, n.value, &bud); bud.left < 0 {
			return nil, newError(CodeSize, n.pos, "", nil)
		}
	case nString:
		res = n.value
	case nNumber:
		res = n.num
	case nValue:
		res = n.lit
	case nWildcard:
		bud := ev.walkBudget()
		if res = evalWildcard(input, &bud); bud.left < 0 {
			return nil, newError(CodeSize, n.pos, "", nil)
		}
	case nDescendant:
		bud := ev.walkBudget()
		if res = evalDescendants(input, &bud); bud.left < 0 {
			return nil, newError(CodeSize, n.pos, "", nil)
		}
	case nParent:
		res = env.lookup(n.slot.label)
	case nCondition:
		res, err = ev.evalCondition(n, input, env)
	case nBlock:
		f := newFrame(env)
		for _, e := range n.exprs {
			if res, err = ev.eval(e, input, f); err != nil {
				return nil, err
			}
		}
	case nBind:
		if res, err = ev.eval(n.rhs, input, env); err != nil {
			return nil, err
		}
		env.bind(n.lhs.value, res)
	case nRegex:
		res = &regexFn{lit: n.re, pos: n.pos}
	case nFunction:
		res, err = ev.evalFunction(n, input, env, nil, false)
	case nVariable:
		if n.value == "" {
			if a, ok := input.(*array); ok && a.outer {
				if len(a.items) == 0 {
					return nil, nil
				}
				res = a.items[0]
			} else {
				res = input
			}
		} else {
			res = env.lookup(n.value)
		}
	case nLambda:
		res = &lambda{node: n, input: input, env: env, params: n.params, sig: n.signature, body: n.body, thunk: n.thunk}
	case nPartial:
		res, err = ev.evalPartial(n, input, env)
	case nApply:
		res, err = ev.evalApply(n, input, env)
	case nTransform:
		res = &transformFn{node: n, env: env}
	default:
		return nil, newError("S0206", n.pos, n.typ.String(), nil)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range n.predicate {
		if res, err = ev.evalFilter(p.expr, res, env); err != nil {
			return nil, err
		}
	}
	if n.group != nil {
		return ev.evalGroup(n.group, res, env)
	}
	return res, nil
}

func (ev *evaluator) evalCondition(n *node, input any, env *frame) (any, error) {
	if n.elvis || n.coalesce {
		// Evaluate the left side once, not once as the test and again as
		// the value: chains of ?: or ?? would otherwise take exponential time.
		left := n.cond
		if n.coalesce {
			left = n.cond.args[0]
		}
		v, err := ev.eval(left, input, env)
		if err != nil {
			return nil, err
		}
		if (n.coalesce && v != nil) || (n.elvis && toBool(v)) {
			return v, nil
		}
		if n.els != nil {
			return ev.eval(n.els, input, env)
		}
		return nil, nil
	}
	c, err := ev.eval(n.cond, input, env)
	if err != nil {
		return nil, err
	}
	if toBool(c) {
		return ev.eval(n.then, input, env)
	}
	if n.els != nil {
		return ev.eval(n.els, input, env)
	}
	return nil, nil
}

func (ev *evaluator) evalUnary(n *node, input any, env *frame) (any, error) {
	switch n.value {
	case "-":
		v, err := ev.eval(n.expr, input, env)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		f, ok := v.(float64)
		if !ok {
			return nil, newError("D1002", n.pos, "-", v)
		}
		return -f, nil
	case "[":
		res := &array{items: make([]any, 0, len(n.exprs))}
		for _, item := range n.exprs {
			v, err := ev.eval(item, input, env)
			if err != nil {
				return nil, err
			}
			if v == nil {
				continue
			}
			n := 1
			if a, ok := v.(*array); ok && !(item.typ == nUnary && item.value == "[") {
				n = len(a.items)
			}
			if e := ev.allocItems(n); e != nil {
				return nil, e
			}
			if item.typ == nUnary && item.value == "[" {
				res.items = append(res.items, v)
			} else if a, ok := v.(*array); ok {
				res.items = append(res.items, a.items...)
			} else {
				res.items = append(res.items, v)
			}
			if err := ev.checkItems(len(res.items)); err != nil {
				return nil, err
			}
		}
		if n.consarray {
			res.cons = true
		}
		return res, nil
	case "{":
		return ev.evalGroup(&groupSpec{pairs: n.pairs, pos: n.pos}, input, env)
	}
	return nil, newError("S0206", n.pos, n.value, nil)
}

// walkBudget is the number of values one navigation (field lookup over
// nested arrays, wildcard, descendants) may visit: input data can share
// substructure, and unfolding it must stay bounded.
func (ev *evaluator) walkBudget() budget { return budget{left: ev.maxItems * totalFactor} }

// lookupFieldB implements field access, mapping over arrays, within a
// budget of visited values.
func lookupFieldB(input any, key string, bud *budget) any {
	switch v := input.(type) {
	case *Object:
		return v.vals[key]
	case *array:
		res := &array{seq: true}
		for _, item := range v.items {
			if !bud.spend() {
				return nil
			}
			r := lookupFieldB(item, key, bud)
			if r == nil {
				continue
			}
			if a, ok := r.(*array); ok {
				res.items = append(res.items, a.items...)
			} else {
				res.items = append(res.items, r)
			}
		}
		return res
	}
	return nil
}

func evalWildcard(input any, bud *budget) any {
	res := &array{seq: true}
	if a, ok := input.(*array); ok && a.outer && len(a.items) > 0 {
		input = a.items[0]
	}
	add := func(v any) {
		if a, ok := v.(*array); ok {
			res.items = flattenInto(res.items, a, bud)
			res.seq = false
		} else {
			res.items = append(res.items, v)
		}
	}
	switch in := input.(type) {
	case *Object:
		for _, k := range in.keys {
			add(in.vals[k])
		}
	case *array:
		// a JavaScript array is an object whose values are its items
		for _, v := range in.items {
			add(v)
		}
	}
	return res
}

func flattenInto(dst []any, v any, bud *budget) []any {
	if !bud.spend() {
		return dst
	}
	if a, ok := v.(*array); ok {
		for _, x := range a.items {
			dst = flattenInto(dst, x, bud)
		}
		return dst
	}
	return append(dst, v)
}

func evalDescendants(input any, bud *budget) any {
	if input == nil {
		return nil
	}
	res := &array{seq: true}
	recurseDescendants(input, res, bud)
	if len(res.items) == 1 {
		return res.items[0]
	}
	return res
}

func recurseDescendants(input any, res *array, bud *budget) {
	if !bud.spend() {
		return
	}
	if a, ok := input.(*array); ok {
		for _, x := range a.items {
			recurseDescendants(x, res, bud)
		}
		return
	}
	res.items = append(res.items, input)
	if o, ok := input.(*Object); ok {
		for _, k := range o.keys {
			recurseDescendants(o.vals[k], res, bud)
		}
	}
}
