package jsonata

import "sort"

// UnboundedRecursion names the functions bound in the expression (`$f := function(...){...}`)
// that call themselves, directly or through other functions bound in it, on every evaluation of
// their body: no condition (`? :`, `and`, `or`, `?:`, `??`, a predicate, a later path step, a
// callback another function may or may not call) stands between the function's entry and the
// call that leads back to it. Such a function never returns; at run time only the evaluation's
// limits stop it. The names are sorted, without the `$`; nil means none was found.
//
// It is a syntactic check that sees only direct calls of bound names: recursion through a
// function passed as an argument, or a base case hidden in a called function, is not seen, and
// a guard that always holds counts as a base case.
func (e *Expression) UnboundedRecursion() []string {
	funcs := map[string][]*node{}
	collectBound(e.root, funcs)
	calls := map[string]map[string]bool{}
	for name, lambdas := range funcs {
		out := map[string]bool{}
		for _, l := range lambdas {
			params := map[string]bool{}
			for _, p := range l.params {
				params[p] = true
			}
			found := map[string]bool{}
			callsAlways(l.body, found)
			for c := range found {
				if !params[c] && funcs[c] != nil {
					out[c] = true
				}
			}
		}
		calls[name] = out
	}
	var res []string
	for name := range funcs {
		if reaches(calls, name, name) {
			res = append(res, name)
		}
	}
	sort.Strings(res)
	return res
}

// reaches reports whether to can be reached from from by one or more calls.
func reaches(calls map[string]map[string]bool, from, to string) bool {
	seen := map[string]bool{}
	stack := []string{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for c := range calls[n] {
			if c == to {
				return true
			}
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return false
}

// collectBound records every lambda bound to a variable anywhere in the tree, by name.
func collectBound(n *node, funcs map[string][]*node) {
	if n == nil {
		return
	}
	if n.typ == nBind && n.lhs != nil && n.rhs != nil && n.rhs.typ == nLambda && !n.rhs.thunk {
		funcs[n.lhs.value] = append(funcs[n.lhs.value], n.rhs)
	}
	for _, c := range children(n) {
		collectBound(c, funcs)
	}
}

// children lists every node directly below n.
func children(n *node) []*node {
	out := []*node{n.lhs, n.rhs, n.expr, n.procedure, n.body, n.cond, n.then, n.els, n.pattern, n.update, n.del}
	out = append(out, n.exprs...)
	out = append(out, n.steps...)
	out = append(out, n.stages...)
	out = append(out, n.predicate...)
	out = append(out, n.args...)
	for _, p := range n.pairs {
		out = append(out, p[0], p[1])
	}
	if n.group != nil {
		for _, p := range n.group.pairs {
			out = append(out, p[0], p[1])
		}
	}
	for _, t := range n.terms {
		out = append(out, t.expr)
	}
	return out
}

// callsAlways adds to out the names of the variables called whenever n is evaluated: it
// follows only the parts of n that are always evaluated with it.
func callsAlways(n *node, out map[string]bool) {
	if n == nil {
		return
	}
	switch n.typ {
	case nFunction:
		if n.procedure != nil && n.procedure.typ == nVariable {
			out[n.procedure.value] = true
		} else {
			callsAlways(n.procedure, out)
		}
		for _, a := range n.args {
			callsAlways(a, out)
		}
	case nPartial:
		for _, a := range n.args {
			callsAlways(a, out)
		}
	case nCondition:
		callsAlways(n.cond, out) // the branches depend on it
	case nBinary:
		callsAlways(n.lhs, out)
		if n.value != "and" && n.value != "or" { // short-circuit: the right side may not run
			callsAlways(n.rhs, out)
		}
	case nLambda:
		if n.thunk { // a tail call, run in place
			callsAlways(n.body, out)
		}
	case nBlock:
		for _, e := range n.exprs {
			callsAlways(e, out)
		}
	case nBind:
		callsAlways(n.rhs, out)
	case nPath:
		if len(n.steps) > 0 { // later steps run once per item, maybe never
			callsAlways(n.steps[0], out)
		}
	case nUnary:
		callsAlways(n.expr, out)
		for _, e := range n.exprs {
			callsAlways(e, out)
		}
		for _, p := range n.pairs {
			callsAlways(p[0], out)
			callsAlways(p[1], out)
		}
	case nApply:
		callsAlways(n.lhs, out)
		if n.rhs != nil && n.rhs.typ == nVariable {
			out[n.rhs.value] = true
		} else {
			callsAlways(n.rhs, out)
		}
	}
}
