package jsonata

import (
	"cmp"
	"math"
)

// Binary operators: arithmetic, comparison, string concatenation, range,
// inclusion and the short-circuit boolean operators.

func (ev *evaluator) evalBinary(n *node, input any, env *frame) (any, error) {
	lhs, err := ev.eval(n.lhs, input, env)
	if err != nil {
		return nil, err
	}
	op := n.value
	if op == "and" || op == "or" {
		l := toBool(lhs)
		if op == "and" && !l {
			return false, nil
		}
		if op == "or" && l {
			return true, nil
		}
		rhs, err := ev.eval(n.rhs, input, env)
		if err != nil {
			return nil, err
		}
		return toBool(rhs), nil
	}
	rhs, err := ev.eval(n.rhs, input, env)
	if err != nil {
		return nil, err
	}
	var res any
	switch op {
	case "+", "-", "*", "/", "%":
		res, err = arith(lhs, rhs, op)
	case "=":
		if lhs == nil || rhs == nil {
			return false, nil
		}
		return ev.equal(lhs, rhs)
	case "!=":
		if lhs == nil || rhs == nil {
			return false, nil
		}
		eq, err := ev.equal(lhs, rhs)
		return !eq, err
	case "<", "<=", ">", ">=":
		res, err = compare(lhs, rhs, op)
	case "&":
		var ls, rs string
		if lhs != nil {
			if ls, err = toJSStringLimit(lhs, false, ev.maxBytes); err != nil {
				break
			}
		}
		if rhs != nil {
			if rs, err = toJSStringLimit(rhs, false, ev.maxBytes); err != nil {
				break
			}
		}
		if e := ev.allocBytes(len(ls) + len(rs)); e != nil {
			err = e
			break
		}
		res = ls + rs
	case "..":
		res, err = ev.rangeOp(lhs, rhs)
	case "in":
		if lhs == nil || rhs == nil {
			return false, nil
		}
		if a, ok := rhs.(*array); ok {
			for _, x := range a.items {
				if strictEqual(x, lhs) {
					return true, nil
				}
			}
			return false, nil
		}
		return strictEqual(rhs, lhs), nil
	default:
		return nil, newError("S0201", n.pos, op, nil)
	}
	if err != nil {
		return nil, withPos(err, n.pos, op)
	}
	return res, nil
}

func arith(lhs, rhs any, op string) (any, error) {
	l, lok := lhs.(float64)
	if lhs != nil && !lok {
		return nil, errCode("T2001", lhs)
	}
	r, rok := rhs.(float64)
	if rhs != nil && !rok {
		return nil, errCode("T2002", rhs)
	}
	if lok && (math.IsInf(l, 0) || math.IsNaN(l)) {
		return nil, errCode("D1001", l)
	}
	if rok && (math.IsInf(r, 0) || math.IsNaN(r)) {
		return nil, errCode("D1001", r)
	}
	if lhs == nil || rhs == nil {
		return nil, nil
	}
	var res float64
	switch op {
	case "+":
		res = l + r
	case "-":
		res = l - r
	case "*":
		res = l * r
	case "/":
		res = l / r
	case "%":
		res = math.Mod(l, r)
	}
	return res, nil
}

func compare(lhs, rhs any, op string) (any, error) {
	lc := comparable(lhs)
	rc := comparable(rhs)
	if !lc || !rc {
		v := lhs
		if lc {
			v = rhs
		}
		return nil, errCode("T2010", v)
	}
	if lhs == nil || rhs == nil {
		return nil, nil
	}
	switch l := lhs.(type) {
	case float64:
		r, ok := rhs.(float64)
		if !ok {
			return nil, errCode("T2009", lhs)
		}
		return ordered(op, l, r), nil
	case string:
		r, ok := rhs.(string)
		if !ok {
			return nil, errCode("T2009", lhs)
		}
		return ordered(op, l, r), nil
	}
	return nil, nil
}

func comparable(v any) bool {
	switch v.(type) {
	case nil, float64, string:
		return true
	}
	return false
}

func (ev *evaluator) rangeOp(lhs, rhs any) (any, error) {
	l, lok := lhs.(float64)
	if lhs != nil && (!lok || l != math.Trunc(l) || math.IsInf(l, 0)) {
		return nil, errCode("T2003", lhs)
	}
	r, rok := rhs.(float64)
	if rhs != nil && (!rok || r != math.Trunc(r) || math.IsInf(r, 0)) {
		return nil, errCode("T2004", rhs)
	}
	if lhs == nil || rhs == nil || l > r {
		return nil, nil
	}
	size := r - l + 1
	if size > 1e7 {
		return nil, errCode("D2014", size)
	}
	if err := ev.allocItems(int(size)); err != nil {
		return nil, err
	}
	items := make([]any, int(size))
	for i := range items {
		items[i] = l + float64(i)
	}
	return &array{items: items, seq: true}, nil
}

// ordered applies the comparison operator op ("<", "<=", ">" or ">=") to two values of one type.
func ordered[T cmp.Ordered](op string, l, r T) bool {
	switch op {
	case "<":
		return l < r
	case "<=":
		return l <= r
	case ">":
		return l > r
	default:
		return l >= r
	}
}
