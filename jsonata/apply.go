package jsonata

import (
	"errors"
	"strconv"
)

// lambda is a user-defined function (closure), or a thunk produced by
// tail-call optimisation.
type lambda struct {
	node   *node
	input  any
	env    *frame
	params []string
	sig    *signature
	body   *node
	thunk  bool
	// native is set for the lambda that partial application of a built-in
	// returns: the body is a call of native with the bound arguments.
	native *partialNative
	// holes names the parameters that fill native's placeholders, in order;
	// params is the subset still unbound.
	holes []string
}

// builtin is a library function or a Go function registered by the caller.
type builtin struct {
	name  string
	sig   *signature
	arity int // the arity used to decide how many arguments a HOF passes
	impl  func(ev *evaluator, c *call) (any, error)
}

// call carries the arguments and context of a built-in invocation.
type call struct {
	args  []any
	input any
	env   *frame
}

func (c *call) arg(i int) any {
	if i < len(c.args) {
		return c.args[i]
	}
	return nil
}

// partialNative is a built-in with some arguments fixed by partial application.
type partialNative struct {
	fn   any
	args []any // nil-able; holes marked by placeholder
}

type placeholderT struct{}

var placeholder = placeholderT{}

// regexFn is the value of a regex literal: a matcher function.
type regexFn struct {
	lit *regexLit
	pos int
}

// transformFn is the function a transform expression |...|...| evaluates to.
type transformFn struct {
	node *node
	env  *frame
}

func isFunction(v any) bool {
	switch v.(type) {
	case *lambda, *builtin, *regexFn, *transformFn:
		return true
	}
	return false
}

func arity(f any) int {
	switch f := f.(type) {
	case *lambda:
		return len(f.params)
	case *builtin:
		return f.arity
	case *regexFn:
		return 2
	case *transformFn:
		return 1
	}
	return 0
}

func (ev *evaluator) evalFunction(n *node, input any, env *frame, applyTo any, hasApply bool) (any, error) {
	proc, err := ev.eval(n.procedure, input, env)
	if err != nil {
		return nil, err
	}
	if proc == nil && n.procedure.typ == nPath && env.lookup(n.procedure.steps[0].value) != nil {
		return nil, newError("T1005", n.pos, n.procedure.steps[0].value, nil)
	}
	args := make([]any, 0, len(n.args)+1)
	if hasApply {
		args = append(args, applyTo)
	}
	for _, a := range n.args {
		v, err := ev.eval(a, input, env)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	name := n.procedure.value
	if n.procedure.typ == nPath {
		name = n.procedure.steps[0].value
	}
	res, err := ev.apply(proc, args, input, env)
	if err != nil {
		return nil, withPos(err, n.pos, name)
	}
	return res, nil
}

// apply invokes proc and runs the trampoline for tail calls.
func (ev *evaluator) apply(proc any, args []any, input any, env *frame) (any, error) {
	res, err := ev.applyInner(proc, args, input, env)
	if err != nil {
		return nil, err
	}
	for {
		th, ok := res.(*lambda)
		if !ok || !th.thunk {
			return res, nil
		}
		if err := ev.check(); err != nil {
			return nil, err
		}
		call := th.body
		next, err := ev.eval(call.procedure, th.input, th.env)
		if err != nil {
			return nil, err
		}
		targs := make([]any, len(call.args))
		for i, a := range call.args {
			if targs[i], err = ev.eval(a, th.input, th.env); err != nil {
				return nil, err
			}
		}
		if res, err = ev.applyInner(next, targs, input, env); err != nil {
			return nil, withPos(err, call.pos, call.procedure.value)
		}
	}
}

func (ev *evaluator) applyInner(proc any, args []any, input any, env *frame) (any, error) {
	switch p := proc.(type) {
	case *lambda:
		if p.sig != nil {
			var err error
			if args, err = p.sig.validate(args, input); err != nil {
				return nil, err
			}
		}
		return ev.applyLambda(p, args)
	case *builtin:
		if p.sig != nil {
			var err error
			if args, err = p.sig.validate(args, input); err != nil {
				return nil, withPos(err, -1, p.name)
			}
		}
		return p.impl(ev, &call{args: args, input: input, env: env})
	case *regexFn:
		var s string
		if len(args) > 0 {
			s, _ = args[0].(string)
		}
		from := 0
		if len(args) > 1 {
			if f, ok := args[1].(float64); ok {
				from = jsInt(f)
			}
		}
		if err := checkRegexWork(p, s); err != nil {
			return nil, err
		}
		return p.match(s, from)
	case *composed:
		r, err := ev.apply(p.f, args, input, env)
		if err != nil {
			return nil, err
		}
		return ev.apply(p.g, []any{r}, input, env)
	case *transformFn:
		var a any
		if len(args) > 0 {
			a = args[0]
		}
		switch a.(type) {
		case nil, *Object, *array:
		default:
			return nil, newError("T0410", -1, "", a).withIndex(1)
		}
		return ev.transform(p, a)
	}
	return nil, errCode("T1006", nil)
}

func (ev *evaluator) applyLambda(p *lambda, args []any) (any, error) {
	env := newFrame(p.env)
	for i, name := range p.params {
		var v any
		if i < len(args) {
			v = args[i]
		}
		env.bind(name, v)
	}
	if p.native != nil {
		full := make([]any, 0, len(p.native.args))
		k := 0
		for _, a := range p.native.args {
			if a == placeholder {
				full = append(full, env.lookup(p.holes[k]))
				k++
			} else {
				full = append(full, a)
			}
		}
		if b, ok := p.native.fn.(*builtin); ok && b.sig != nil {
			// jsonata-js calls a partially applied built-in without checking
			// its signature; arguments it would mishandle give undefined.
			// Validating keeps the implementation's input well-typed.
			args, err := b.sig.validate(full, p.input)
			if err != nil {
				var je *Error
				if errors.As(err, &je) && (je.Code == "T0410" || je.Code == "T0411" || je.Code == "T0412") {
					return nil, nil
				}
				return nil, err
			}
			return b.impl(ev, &call{args: args, input: p.input, env: env})
		}
		return ev.apply(p.native.fn, full, p.input, env)
	}
	return ev.eval(p.body, p.input, env)
}

func (ev *evaluator) evalPartial(n *node, input any, env *frame) (any, error) {
	args := make([]any, len(n.args))
	for i, a := range n.args {
		if a.typ == nOperator && a.value == "?" {
			args[i] = placeholder
			continue
		}
		v, err := ev.eval(a, input, env)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	proc, err := ev.eval(n.procedure, input, env)
	if err != nil {
		return nil, err
	}
	name := n.procedure.value
	if n.procedure.typ == nPath {
		name = n.procedure.steps[0].value
		if proc == nil && env.lookup(name) != nil {
			return nil, newError("T1007", n.pos, name, nil)
		}
	}
	switch p := proc.(type) {
	case *lambda:
		penv := newFrame(p.env)
		var unbound []string
		for i, param := range p.params {
			var a any
			if i < len(args) {
				a = args[i]
			}
			if a == placeholder {
				unbound = append(unbound, param)
			} else {
				penv.bind(param, a)
			}
		}
		return &lambda{node: p.node, input: p.input, env: penv, params: unbound, body: p.body, native: p.native, holes: p.holes}, nil
	case *builtin, *regexFn, *transformFn:
		// Parameters the call leaves out are bound to undefined; only the
		// '?' placeholders remain parameters of the result.
		var holes []string
		for i, a := range args {
			if a == placeholder {
				holes = append(holes, "\x00"+strconv.Itoa(i))
			}
		}
		return &lambda{input: input, env: env, params: holes, holes: holes, native: &partialNative{fn: p, args: args}}, nil
	}
	return nil, newError("T1008", n.pos, name, nil)
}

func (ev *evaluator) evalApply(n *node, input any, env *frame) (any, error) {
	lhs, err := ev.eval(n.lhs, input, env)
	if err != nil {
		return nil, err
	}
	if n.rhs.typ == nFunction {
		return ev.evalFunction(n.rhs, input, env, lhs, true)
	}
	fn, err := ev.eval(n.rhs, input, env)
	if err != nil {
		return nil, err
	}
	if !isFunction(fn) {
		return nil, newError("T2006", n.pos, "", fn)
	}
	if isFunction(lhs) {
		// function composition: λ($x){ $fn($lhs($x)) }
		return &lambda{params: []string{"\x00x"}, holes: []string{"\x00x"}, env: env, native: &partialNative{fn: &composed{f: lhs, g: fn}, args: []any{placeholder}}}, nil
	}
	return ev.apply(fn, []any{lhs}, input, env)
}

// composed is the chain f ~> g of two functions.
type composed struct{ f, g any }

func (ev *evaluator) transform(t *transformFn, obj any) (any, error) {
	if obj == nil {
		return nil, nil
	}
	n := t.node
	result, ok := deepCloneB(obj, &budget{left: ev.maxItems * totalFactor})
	if !ok {
		return nil, newError(CodeSize, n.pos, "", nil)
	}
	matches, err := ev.eval(n.pattern, result, t.env)
	if err != nil {
		return nil, err
	}
	if matches == nil {
		return result, nil
	}
	ms := asArray(matches).items
	for _, m := range ms {
		upd, err := ev.eval(n.update, m, t.env)
		if err != nil {
			return nil, err
		}
		if upd != nil {
			uo, ok := upd.(*Object)
			if !ok {
				return nil, newError("T2011", n.update.pos, "", upd)
			}
			if mo, ok := m.(*Object); ok {
				for _, k := range uo.keys {
					mo.Set(k, uo.vals[k])
				}
			}
		}
		if n.del != nil {
			dels, err := ev.eval(n.del, m, t.env)
			if err != nil {
				return nil, err
			}
			if dels == nil {
				continue
			}
			da := asArray(dels)
			if !isArrayOfStrings(da) {
				return nil, newError("T2012", n.del.pos, "", dels)
			}
			if mo, ok := m.(*Object); ok {
				for _, k := range da.items {
					mo.Delete(k.(string))
				}
			}
		}
	}
	return result, nil
}

// deepCloneB copies v within a budget of visited values; ok is false when
// v (which may share substructure) is too large to unfold.
func deepCloneB(v any, bud *budget) (any, bool) {
	if !bud.spend() {
		return nil, false
	}
	switch v := v.(type) {
	case *Object:
		o := newObjectCap(len(v.keys))
		for _, k := range v.keys {
			c, ok := deepCloneB(v.vals[k], bud)
			if !ok {
				return nil, false
			}
			o.keys = append(o.keys, k)
			o.vals[k] = c
		}
		return o, true
	case *array:
		items := make([]any, len(v.items))
		for i, x := range v.items {
			c, ok := deepCloneB(x, bud)
			if !ok {
				return nil, false
			}
			items[i] = c
		}
		return &array{items: items}, true
	}
	return v, true
}
