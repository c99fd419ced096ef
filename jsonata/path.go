package jsonata

import (
	"math"
	"sort"
)

// tuple is one binding of a tuple stream: '@' is the context item, other
// keys are focus, index and ancestor variables bound along the path.
type tuple map[string]any

func frameFromTuple(env *frame, t tuple) *frame {
	f := &frame{parent: env, vars: make(map[string]any, len(t))}
	for k, v := range t {
		f.vars[k] = v
	}
	return f
}

// plainStep reports whether step is a bare field name with nothing
// attached (no predicate, binding, grouping or parent reference).
func plainStep(step *node) bool {
	return step.typ == nName && step.stages == nil && step.predicate == nil && step.group == nil &&
		step.focus == "" && step.index == "" && !step.tuple && step.ancestor == nil && !step.keepArray
}

// fastPath evaluates a path of plain field names over nested objects
// without building sequences. ok is false when the path or the data needs
// the general algorithm (arrays on the way, bindings, grouping...); since
// evaluation has no side effects, the caller can then start over.
func fastPath(n *node, input any, env *frame) (res any, ok bool) {
	if n.group != nil || n.keepSingletonArray || n.tuple || n.keepArray || n.predicate != nil {
		return nil, false
	}
	cur := input
	steps := n.steps
	if first := steps[0]; first.typ == nVariable && first.value != "" && first.stages == nil &&
		first.predicate == nil && first.group == nil && first.focus == "" && first.index == "" && !first.tuple && !first.keepArray {
		cur = env.lookup(first.value)
		steps = steps[1:]
	}
	for _, step := range steps {
		o, isObj := cur.(*Object)
		if !isObj || !plainStep(step) {
			return nil, false
		}
		if cur = o.vals[step.value]; cur == nil {
			return nil, true
		}
	}
	return cur, true
}

func (ev *evaluator) evalPath(n *node, input any, env *frame) (any, error) {
	if res, ok := fastPath(n, input, env); ok {
		return res, nil
	}
	var inputSeq *array
	if a, ok := input.(*array); ok && n.steps[0].typ != nVariable {
		inputSeq = a
	} else {
		inputSeq = newSeq(input)
	}
	var result *array
	var tuples *array
	isTuple := false
	last := len(n.steps) - 1
	for i, step := range n.steps {
		if step.tuple {
			isTuple = true
		}
		var err error
		if i == 0 && step.consarray {
			var r any
			if r, err = ev.eval(step, inputSeq, env); err != nil {
				return nil, err
			}
			result = asArray(r)
		} else if isTuple {
			if tuples, err = ev.evalTupleStep(step, inputSeq, tuples, env); err != nil {
				return nil, err
			}
		} else {
			if result, err = ev.evalStep(step, inputSeq, env, i == last); err != nil {
				return nil, err
			}
		}
		if !isTuple && (result == nil || len(result.items) == 0) {
			break
		}
		if step.focus == "" {
			inputSeq = result
		}
	}
	if isTuple {
		if n.tuple {
			result = tuples
		} else {
			result = &array{seq: true}
			if tuples != nil {
				result.items = make([]any, len(tuples.items))
				for i, t := range tuples.items {
					result.items[i] = t.(tuple)["@"]
				}
			}
		}
	}
	if n.keepSingletonArray {
		if result == nil {
			result = &array{seq: true}
		}
		if result.cons && !result.seq {
			result = newSeq(result)
		}
		// The flag only matters on sequences; other arrays may be part of
		// the (shared, read-only) input document.
		if result.seq {
			result.keep = true
		}
	}
	var out any
	if result != nil {
		out = result
	}
	if n.group != nil {
		var gin any = out
		if isTuple {
			gin = tuples
			if tuples == nil {
				gin = nil
			}
		}
		return ev.evalGroup(n.group, gin, env)
	}
	return out, nil
}

// asArray returns v as an array, wrapping a single value in a sequence.
func asArray(v any) *array {
	switch a := v.(type) {
	case nil:
		return nil
	case *array:
		return a
	}
	return newSeq(v)
}

func (ev *evaluator) evalStep(step *node, input *array, env *frame, lastStep bool) (*array, error) {
	if step.typ == nSort {
		res, err := ev.evalSort(step, input, env)
		if err != nil {
			return nil, err
		}
		if step.stages != nil {
			return ev.evalStages(step.stages, res, env)
		}
		return res, nil
	}
	results := make([]any, 0, len(input.items))
	for _, item := range input.items {
		res, err := ev.eval(step, item, env)
		if err != nil {
			return nil, err
		}
		for _, st := range step.stages {
			if res, err = ev.evalFilter(st.expr, res, env); err != nil {
				return nil, err
			}
		}
		if res != nil {
			results = append(results, res)
		}
	}
	if lastStep && len(results) == 1 {
		if a, ok := results[0].(*array); ok && !a.seq {
			return a, nil
		}
	}
	out := &array{seq: true, items: make([]any, 0, len(results))}
	for _, r := range results {
		if a, ok := r.(*array); ok && !a.cons {
			out.items = append(out.items, a.items...)
		} else {
			out.items = append(out.items, r)
		}
	}
	if err := ev.allocItems(len(out.items)); err != nil {
		err.Position = step.pos
		return nil, err
	}
	return out, nil
}

func (ev *evaluator) evalStages(stages []*node, input *array, env *frame) (*array, error) {
	res := input
	for _, st := range stages {
		switch st.typ {
		case nFilter:
			r, err := ev.evalFilter(st.expr, res, env)
			if err != nil {
				return nil, err
			}
			res = asArray(r)
			if res == nil {
				res = &array{seq: true}
			}
		case nIndex:
			for i, t := range res.items {
				t.(tuple)[st.value] = float64(i)
			}
		}
	}
	return res, nil
}

func (ev *evaluator) evalTupleStep(step *node, input *array, tuples *array, env *frame) (*array, error) {
	if step.typ == nSort {
		var res *array
		var err error
		if tuples != nil {
			if res, err = ev.evalSort(step, tuples, env); err != nil {
				return nil, err
			}
		} else {
			sorted, err := ev.evalSort(step, input, env)
			if err != nil {
				return nil, err
			}
			res = &array{seq: true, tuple: true, items: make([]any, len(sorted.items))}
			for i, v := range sorted.items {
				t := tuple{"@": v}
				if step.index != "" {
					t[step.index] = float64(i)
				}
				res.items[i] = t
			}
		}
		if step.stages != nil {
			return ev.evalStages(step.stages, res, env)
		}
		return res, nil
	}
	result := &array{seq: true, tuple: true}
	if tuples == nil {
		tuples = &array{items: make([]any, len(input.items))}
		for i, v := range input.items {
			tuples.items[i] = tuple{"@": v}
		}
	}
	for _, ti := range tuples.items {
		t := ti.(tuple)
		stepEnv := frameFromTuple(env, t)
		res, err := ev.eval(step, t["@"], stepEnv)
		if err != nil {
			return nil, err
		}
		if res == nil {
			continue
		}
		ra, isArr := res.(*array)
		if !isArr {
			ra = &array{items: []any{res}}
		}
		for bb, item := range ra.items {
			nt := make(tuple, len(t)+2)
			for k, v := range t {
				nt[k] = v
			}
			if ra.tuple {
				for k, v := range item.(tuple) {
					nt[k] = v
				}
			} else {
				if step.focus != "" {
					nt[step.focus] = item
					nt["@"] = t["@"]
				} else {
					nt["@"] = item
				}
				if step.index != "" {
					nt[step.index] = float64(bb)
				}
				if step.ancestor != nil {
					nt[step.ancestor.label] = t["@"]
				}
			}
			result.items = append(result.items, nt)
		}
	}
	if err := ev.allocItems(len(result.items)); err != nil {
		return nil, err
	}
	if step.stages != nil {
		return ev.evalStages(step.stages, result, env)
	}
	return result, nil
}

func (ev *evaluator) evalFilter(pred *node, input any, env *frame) (any, error) {
	results := &array{seq: true}
	in, ok := input.(*array)
	if ok && in.tuple {
		results.tuple = true
	}
	if !ok {
		// jsonata-js filters undefined as a sequence of one undefined item:
		// the predicate still runs (and may fail), though nothing passes.
		in = newSeq(input)
	}
	if pred.typ == nNumber {
		idx := jsInt(math.Floor(pred.num))
		if idx < 0 {
			idx += len(in.items)
		}
		if idx >= 0 && idx < len(in.items) && in.items[idx] != nil {
			item := in.items[idx]
			if a, ok := item.(*array); ok {
				return a, nil
			}
			results.items = append(results.items, item)
		}
		return results, nil
	}
	for i, item := range in.items {
		ctx := item
		e := env
		if in.tuple {
			t := item.(tuple)
			ctx = t["@"]
			e = frameFromTuple(env, t)
		}
		res, err := ev.eval(pred, ctx, e)
		if err != nil {
			return nil, err
		}
		if f, ok := res.(float64); ok {
			res = &array{items: []any{f}}
		}
		if a, ok := res.(*array); ok && isArrayOfNumbers(a) && len(a.items) > 0 {
			for _, x := range a.items {
				ii := jsInt(math.Floor(x.(float64)))
				if ii < 0 {
					ii += len(in.items)
				}
				if ii == i && item != nil {
					results.items = append(results.items, item)
				}
			}
		} else if toBool(res) && item != nil {
			results.items = append(results.items, item)
		}
	}
	return results, nil
}

func isArrayOfNumbers(a *array) bool {
	for _, x := range a.items {
		if _, ok := x.(float64); !ok {
			return false
		}
	}
	return true
}

func isArrayOfStrings(a *array) bool {
	for _, x := range a.items {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}

// groupEntry collects the items of one group. Items are gathered in a
// slice and turned into the $append-style value once, instead of copying
// the accumulated array on every append (quadratic for large groups).
type groupEntry struct {
	first     any
	list      []any
	multi     bool
	exprIndex int
}

func (g *groupEntry) add(item any) {
	if !g.multi {
		g.list = flattenOne(g.list, g.first)
		g.multi = true
	}
	g.list = flattenOne(g.list, item)
}

func flattenOne(dst []any, v any) []any {
	if v == nil {
		return dst // $append disregards undefined
	}
	if a, ok := v.(*array); ok {
		return append(dst, a.items...)
	}
	return append(dst, v)
}

func (g *groupEntry) data() any {
	if !g.multi {
		return g.first
	}
	return &array{items: g.list}
}

func (ev *evaluator) evalGroup(g *groupSpec, input any, env *frame) (any, error) {
	result := NewObject()
	in, isArr := input.(*array)
	reduce := isArr && in.tuple
	var items []any
	if isArr {
		items = in.items
	} else if input != nil {
		items = []any{input}
	}
	if len(items) == 0 && !reduce {
		// one undefined item, so that a literal object is still built
		items = []any{nil}
	}
	groups := map[string]*groupEntry{}
	var order []string
	for _, item := range items {
		e := env
		ctx := item
		if t, ok := item.(tuple); ok && reduce {
			e = frameFromTuple(env, t)
			ctx = t["@"]
		}
		for pi, pair := range g.pairs {
			k, err := ev.eval(pair[0], ctx, e)
			if err != nil {
				return nil, err
			}
			if k == nil {
				continue
			}
			key, ok := k.(string)
			if !ok {
				return nil, newError("T1003", g.pos, "", k)
			}
			if ge, ok := groups[key]; ok {
				if ge.exprIndex != pi {
					return nil, newError("D1009", g.pos, "", key)
				}
				ge.add(item)
			} else {
				groups[key] = &groupEntry{first: item, exprIndex: pi}
				order = append(order, key)
			}
		}
	}
	order = jsKeyOrder(order)
	for _, key := range order {
		ge := groups[key]
		ctx := ge.data()
		e := env
		if reduce {
			t := reduceTuples(ctx)
			ctx = t["@"]
			delete(t, "@")
			e = frameFromTuple(env, t)
		}
		v, err := ev.eval(g.pairs[ge.exprIndex][1], ctx, e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			result.Set(key, v)
		}
	}
	return result, nil
}

func reduceTuples(data any) tuple {
	a, ok := data.(*array)
	if !ok {
		t, _ := data.(tuple) // nil for the placeholder of an empty stream
		out := make(tuple, len(t))
		for k, v := range t {
			out[k] = v
		}
		return out
	}
	// As repeated $append of each tuple's values, but gathering them first.
	acc := map[string]*groupEntry{}
	var order []string
	for _, ti := range a.items {
		for k, v := range ti.(tuple) {
			if e, ok := acc[k]; ok {
				e.add(v)
			} else {
				acc[k] = &groupEntry{first: v}
				order = append(order, k)
			}
		}
	}
	out := make(tuple, len(acc))
	for _, k := range order {
		out[k] = acc[k].data()
	}
	return out
}

// appendValues is $append: it concatenates, wrapping non-arrays.
func appendValues(a, b any) any {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	var items []any
	if aa, ok := a.(*array); ok {
		items = make([]any, 0, len(aa.items)+1)
		items = append(items, aa.items...)
	} else {
		items = []any{a}
	}
	if ba, ok := b.(*array); ok {
		items = append(items, ba.items...)
	} else {
		items = append(items, b)
	}
	return &array{items: items}
}

type sortKeyed struct {
	item any
	keys []any
}

func (ev *evaluator) evalSort(n *node, input *array, env *frame) (*array, error) {
	if input == nil || len(input.items) <= 1 {
		return input, nil
	}
	isTuple := input.tuple
	keyed := make([]sortKeyed, len(input.items))
	for i, item := range input.items {
		keyed[i] = sortKeyed{item: item, keys: make([]any, len(n.terms))}
		ctx := item
		e := env
		if isTuple {
			t := item.(tuple)
			ctx = t["@"]
			e = frameFromTuple(env, t)
		}
		for j, term := range n.terms {
			v, err := ev.eval(term.expr, ctx, e)
			if err != nil {
				return nil, err
			}
			switch v.(type) {
			case nil, float64, string:
			default:
				return nil, newError("T2008", n.pos, "", v)
			}
			keyed[i].keys[j] = v
		}
	}
	// Type mismatches between terms are errors (T2007), as in jsonata-js.
	for j := range n.terms {
		var kind byte
		for _, k := range keyed {
			var kk byte
			switch k.keys[j].(type) {
			case float64:
				kk = 'n'
			case string:
				kk = 's'
			default:
				continue
			}
			if kind == 0 {
				kind = kk
			} else if kind != kk {
				return nil, newError("T2007", n.pos, "", k.keys[j])
			}
		}
	}
	sort.SliceStable(keyed, func(a, b int) bool {
		for j, term := range n.terms {
			c := compareKeys(keyed[a].keys[j], keyed[b].keys[j])
			if c == 0 {
				continue
			}
			if term.descending && keyed[a].keys[j] != nil && keyed[b].keys[j] != nil {
				c = -c
			}
			return c < 0
		}
		return false
	})
	out := &array{seq: true, tuple: isTuple, items: make([]any, len(keyed))}
	for i, k := range keyed {
		out.items[i] = k.item
	}
	return out, nil
}

// compareKeys orders sort keys: undefined last, otherwise natural order.
func compareKeys(a, b any) int {
	if a == nil {
		if b == nil {
			return 0
		}
		return 1
	}
	if b == nil {
		return -1
	}
	switch av := a.(type) {
	case float64:
		bv := b.(float64)
		if av < bv {
			return -1
		} else if av > bv {
			return 1
		}
	case string:
		bv := b.(string)
		if av < bv {
			return -1
		} else if av > bv {
			return 1
		}
	}
	return 0
}
