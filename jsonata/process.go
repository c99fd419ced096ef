package jsonata

import "strconv"

// processor turns the raw parse tree into the evaluation tree: it flattens
// paths into steps, attaches predicates, grouping, sorting and focus/index
// bindings to steps, resolves parent (%) references to ancestor steps and
// marks tail calls, following jsonata-js so results match it exactly.
type processor struct {
	ancestorLabel int
	ancestry      []*node
}

func (pr *processor) process(expr *node) (*node, error) {
	var result *node
	var err error
	switch expr.typ {
	case nBinary:
		switch expr.value {
		case ".":
			result, err = pr.processDot(expr)
		case "[":
			result, err = pr.processPredicate(expr)
		case "{":
			if result, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.group != nil {
				return nil, newError("S0210", expr.pos, "", nil)
			}
			g := &groupSpec{pos: expr.pos}
			for _, pair := range expr.pairs {
				k, err := pr.process(pair[0])
				if err != nil {
					return nil, err
				}
				v, err := pr.process(pair[1])
				if err != nil {
					return nil, err
				}
				g.pairs = append(g.pairs, [2]*node{k, v})
			}
			result.group = g
		case "^":
			if result, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.typ != nPath {
				result = &node{typ: nPath, steps: []*node{result}, pos: result.pos}
			}
			sortStep := &node{typ: nSort, pos: expr.pos}
			for _, t := range expr.terms {
				e, err := pr.process(t.expr)
				if err != nil {
					return nil, err
				}
				pushAncestry(sortStep, e)
				sortStep.terms = append(sortStep.terms, sortTerm{descending: t.descending, expr: e})
			}
			result.steps = append(result.steps, sortStep)
			if err := pr.resolveAncestry(result); err != nil {
				return nil, err
			}
		case ":=":
			result = &node{typ: nBind, value: expr.value, pos: expr.pos}
			if result.lhs, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = pr.process(expr.rhs); err != nil {
				return nil, err
			}
			pushAncestry(result, result.rhs)
		case "@":
			if result, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			step := result
			if result.typ == nPath {
				step = result.steps[len(result.steps)-1]
			}
			if step.stages != nil || step.predicate != nil {
				return nil, newError("S0215", expr.pos, "", nil)
			}
			if step.typ == nSort {
				return nil, newError("S0216", expr.pos, "", nil)
			}
			if expr.keepArray {
				step.keepArray = true
			}
			step.focus = expr.rhs.value
			step.tuple = true
		case "#":
			if result, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			step := result
			if result.typ == nPath {
				step = result.steps[len(result.steps)-1]
			} else {
				result = &node{typ: nPath, steps: []*node{result}, pos: result.pos}
				if step.predicate != nil {
					step.stages = step.predicate
					step.predicate = nil
				}
			}
			if step.stages == nil {
				step.index = expr.rhs.value
			} else {
				step.stages = append(step.stages, &node{typ: nIndex, value: expr.rhs.value, pos: expr.pos})
			}
			step.tuple = true
		case "~>":
			result = &node{typ: nApply, value: expr.value, pos: expr.pos}
			if result.lhs, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = pr.process(expr.rhs); err != nil {
				return nil, err
			}
			result.keepArray = result.lhs.keepArray || result.rhs.keepArray
		default:
			result = &node{typ: nBinary, value: expr.value, pos: expr.pos}
			if result.lhs, err = pr.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = pr.process(expr.rhs); err != nil {
				return nil, err
			}
			pushAncestry(result, result.lhs)
			pushAncestry(result, result.rhs)
		}
	case nUnary:
		result = &node{typ: nUnary, value: expr.value, pos: expr.pos}
		switch expr.value {
		case "[":
			result.exprs = make([]*node, 0, len(expr.exprs))
			for _, item := range expr.exprs {
				v, err := pr.process(item)
				if err != nil {
					return nil, err
				}
				pushAncestry(result, v)
				result.exprs = append(result.exprs, v)
			}
		case "{":
			for _, pair := range expr.pairs {
				k, err := pr.process(pair[0])
				if err != nil {
					return nil, err
				}
				pushAncestry(result, k)
				v, err := pr.process(pair[1])
				if err != nil {
					return nil, err
				}
				pushAncestry(result, v)
				result.pairs = append(result.pairs, [2]*node{k, v})
			}
		default:
			if result.expr, err = pr.process(expr.expr); err != nil {
				return nil, err
			}
			if expr.value == "-" && result.expr.typ == nNumber {
				result = result.expr
				result.num = -result.num
			} else {
				pushAncestry(result, result.expr)
			}
		}
	case nFunction, nPartial:
		result = &node{typ: expr.typ, value: expr.value, pos: expr.pos}
		for _, a := range expr.args {
			v, err := pr.process(a)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, v)
			result.args = append(result.args, v)
		}
		if result.procedure, err = pr.process(expr.procedure); err != nil {
			return nil, err
		}
	case nLambda:
		result = &node{typ: nLambda, params: expr.params, signature: expr.signature, pos: expr.pos}
		body, err := pr.process(expr.body)
		if err != nil {
			return nil, err
		}
		result.body = tailCallOptimize(body)
	case nCondition:
		result = &node{typ: nCondition, pos: expr.pos}
		if result.cond, err = pr.process(expr.cond); err != nil {
			return nil, err
		}
		pushAncestry(result, result.cond)
		switch {
		case expr.then == expr.cond:
			// ?: evaluates its left side as both condition and value
			result.then = result.cond
			result.elvis = true
		case expr.cond.typ == nFunction && len(expr.cond.args) == 1 && expr.cond.args[0] == expr.then:
			// ?? tests its left side with $exists and returns it: share the
			// processed node, so chained ?? does not grow exponentially
			result.then = result.cond.args[0]
			result.coalesce = true
		default:
			if result.then, err = pr.process(expr.then); err != nil {
				return nil, err
			}
		}
		pushAncestry(result, result.then)
		if expr.els != nil {
			if result.els, err = pr.process(expr.els); err != nil {
				return nil, err
			}
			pushAncestry(result, result.els)
		}
	case nTransform:
		result = &node{typ: nTransform, pos: expr.pos}
		if result.pattern, err = pr.process(expr.pattern); err != nil {
			return nil, err
		}
		if result.update, err = pr.process(expr.update); err != nil {
			return nil, err
		}
		if expr.del != nil {
			if result.del, err = pr.process(expr.del); err != nil {
				return nil, err
			}
		}
	case nBlock:
		result = &node{typ: nBlock, pos: expr.pos}
		for _, item := range expr.exprs {
			part, err := pr.process(item)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, part)
			if part.consarray || (part.typ == nPath && part.steps[0].consarray) {
				result.consarray = true
			}
			result.exprs = append(result.exprs, part)
		}
	case nName:
		result = &node{typ: nPath, steps: []*node{expr}, pos: expr.pos}
		if expr.keepArray {
			result.keepSingletonArray = true
		}
	case nParent:
		result = &node{typ: nParent, pos: expr.pos, slot: &slot{label: "!" + strconv.Itoa(pr.ancestorLabel), level: 1, index: len(pr.ancestry)}}
		pr.ancestorLabel++
		pr.ancestry = append(pr.ancestry, result)
	case nString, nNumber, nValue, nWildcard, nDescendant, nVariable, nRegex:
		result = expr
	case nOperator:
		if expr.value == "and" || expr.value == "or" || expr.value == "in" {
			expr.typ = nName
			return pr.process(expr)
		}
		if expr.value == "?" {
			result = expr
		} else {
			return nil, newError("S0201", expr.pos, expr.value, nil)
		}
	default:
		return nil, newError("S0206", expr.pos, expr.value, nil)
	}
	if err != nil {
		return nil, err
	}
	if expr.keepArray {
		result.keepArray = true
	}
	return result, nil
}

func (pr *processor) processDot(expr *node) (*node, error) {
	lstep, err := pr.process(expr.lhs)
	if err != nil {
		return nil, err
	}
	var result *node
	if lstep.typ == nPath {
		result = lstep
	} else {
		result = &node{typ: nPath, steps: []*node{lstep}, pos: lstep.pos}
	}
	if lstep.typ == nParent {
		result.seekingParent = []*slot{lstep.slot}
	}
	rest, err := pr.process(expr.rhs)
	if err != nil {
		return nil, err
	}
	if rest.typ == nPath {
		result.steps = append(result.steps, rest.steps...)
	} else {
		if rest.predicate != nil {
			rest.stages = rest.predicate
			rest.predicate = nil
		}
		result.steps = append(result.steps, rest)
	}
	for _, step := range result.steps {
		if step.typ == nNumber || step.typ == nValue {
			tok := step.value
			if step.typ == nNumber {
				tok = formatNumber(step.num)
			}
			return nil, newError("S0213", step.pos, tok, nil)
		}
		if step.typ == nString {
			step.typ = nName
		}
	}
	for _, step := range result.steps {
		if step.keepArray {
			result.keepSingletonArray = true
			break
		}
	}
	first := result.steps[0]
	if first.typ == nUnary && first.value == "[" {
		first.consarray = true
	}
	last := result.steps[len(result.steps)-1]
	if last.typ == nUnary && last.value == "[" {
		last.consarray = true
	}
	if err := pr.resolveAncestry(result); err != nil {
		return nil, err
	}
	return result, nil
}

func (pr *processor) processPredicate(expr *node) (*node, error) {
	result, err := pr.process(expr.lhs)
	if err != nil {
		return nil, err
	}
	step := result
	isPath := false
	if result.typ == nPath {
		step = result.steps[len(result.steps)-1]
		isPath = true
	}
	if step.group != nil {
		return nil, newError("S0209", expr.pos, "", nil)
	}
	pred, err := pr.process(expr.rhs)
	if err != nil {
		return nil, err
	}
	if pred.seekingParent != nil {
		for _, s := range pred.seekingParent {
			if s.level == 1 {
				if _, err := pr.seekParent(step, s); err != nil {
					return nil, err
				}
			} else {
				s.level--
			}
		}
		pushAncestry(step, pred)
	}
	f := &node{typ: nFilter, expr: pred, pos: expr.pos}
	if isPath {
		step.stages = append(step.stages, f)
	} else {
		step.predicate = append(step.predicate, f)
	}
	return result, nil
}

func (pr *processor) seekParent(n *node, s *slot) (*slot, error) {
	switch n.typ {
	case nName, nWildcard:
		s.level--
		if s.level == 0 {
			if n.ancestor != nil {
				pr.ancestry[s.index].slot.label = n.ancestor.label
			}
			n.ancestor = s
			n.tuple = true
		}
	case nParent:
		s.level++
	case nBlock:
		if len(n.exprs) > 0 {
			n.tuple = true
			return pr.seekParent(n.exprs[len(n.exprs)-1], s)
		}
	case nPath:
		n.tuple = true
		i := len(n.steps) - 1
		var err error
		if s, err = pr.seekParent(n.steps[i], s); err != nil {
			return nil, err
		}
		i--
		for s.level > 0 && i >= 0 {
			if s, err = pr.seekParent(n.steps[i], s); err != nil {
				return nil, err
			}
			i--
		}
	default:
		return nil, newError("S0217", n.pos, n.typ.String(), nil)
	}
	return s, nil
}

func pushAncestry(result, value *node) {
	if value.seekingParent == nil && value.typ != nParent {
		return
	}
	slots := value.seekingParent
	if value.typ == nParent {
		slots = append(slots, value.slot)
	}
	result.seekingParent = append(result.seekingParent, slots...)
}

func (pr *processor) resolveAncestry(path *node) error {
	last := path.steps[len(path.steps)-1]
	slots := append([]*slot(nil), last.seekingParent...)
	if last.typ == nParent {
		slots = append(slots, last.slot)
	}
	for _, s := range slots {
		i := len(path.steps) - 2
		for s.level > 0 {
			if i < 0 {
				path.seekingParent = append(path.seekingParent, s)
				break
			}
			step := path.steps[i]
			i--
			for i >= 0 && step.focus != "" && path.steps[i].focus != "" {
				step = path.steps[i]
				i--
			}
			var err error
			if s, err = pr.seekParent(step, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// tailCallOptimize wraps calls in tail position in thunks, so the
// trampoline in apply runs deep tail recursion without growing the stack.
func tailCallOptimize(expr *node) *node {
	switch {
	case expr.typ == nFunction && expr.predicate == nil:
		return &node{typ: nLambda, thunk: true, pos: expr.pos, body: expr}
	case expr.typ == nCondition:
		expr.then = tailCallOptimize(expr.then)
		if expr.els != nil {
			expr.els = tailCallOptimize(expr.els)
		}
	case expr.typ == nBlock && len(expr.exprs) > 0:
		expr.exprs[len(expr.exprs)-1] = tailCallOptimize(expr.exprs[len(expr.exprs)-1])
	}
	return expr
}
