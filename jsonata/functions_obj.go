package jsonata

import (
	"math"
	"strings"

	"github.com/workflowbuilder/wfb/jsonata/internal/picture"
)

func registerObjects() {
	reg("keys", "<x-:a<s>>", 1, func(ev *evaluator, c *call) (any, error) {
		res := &array{seq: true}
		switch v := c.arg(0).(type) {
		case *Object:
			for _, k := range v.keys {
				res.items = append(res.items, k)
			}
		case *array:
			seen := map[string]bool{}
			for _, item := range v.items {
				if o, ok := item.(*Object); ok {
					for _, k := range o.keys {
						if !seen[k] {
							seen[k] = true
							res.items = append(res.items, k)
						}
					}
				}
			}
		}
		return res, nil
	})
	reg("lookup", "<x-s:x>", 2, func(ev *evaluator, c *call) (any, error) {
		k, _ := str(c.arg(1))
		bud := ev.walkBudget()
		if r := lookupFieldB(c.arg(0), k, &bud); bud.left >= 0 {
			return r, nil
		}
		return nil, newError(CodeSize, -1, "", nil)
	})
	reg("append", "<xx:a>", 2, func(ev *evaluator, c *call) (any, error) {
		r := appendValues(c.arg(0), c.arg(1))
		if a, ok := r.(*array); ok {
			if e := ev.allocItems(len(a.items)); e != nil {
				return nil, e
			}
		}
		return r, nil
	})
	reg("exists", "<x:b>", 1, func(ev *evaluator, c *call) (any, error) { return c.arg(0) != nil, nil })
	reg("spread", "<x-:a<o>>", 1, func(ev *evaluator, c *call) (any, error) {
		bud := ev.walkBudget()
		if r := spread(c.arg(0), &bud); bud.left >= 0 {
			return r, nil
		}
		return nil, newError(CodeSize, -1, "", nil)
	})
	reg("merge", "<a<o>:o>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		res := NewObject()
		for _, x := range a.items {
			if o, ok := x.(*Object); ok {
				for _, k := range o.keys {
					res.Set(k, o.vals[k])
				}
			}
		}
		return res, nil
	})
	reg("reverse", "<a:a>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		if len(a.items) <= 1 {
			return a, nil
		}
		items := make([]any, len(a.items))
		for i, x := range a.items {
			items[len(items)-1-i] = x
		}
		return &array{items: items}, nil
	})
	reg("each", "<o-f:a>", 2, func(ev *evaluator, c *call) (any, error) {
		o, ok := c.arg(0).(*Object)
		res := &array{seq: true}
		if !ok {
			return res, nil
		}
		for _, k := range o.keys {
			v, err := ev.callHOF(c.arg(1), c.env, o.vals[k], k, o)
			if err != nil {
				return nil, err
			}
			if v != nil {
				res.items = append(res.items, v)
			}
		}
		return res, nil
	})
	reg("sift", "<o-f?:o>", 2, func(ev *evaluator, c *call) (any, error) {
		o, ok := c.arg(0).(*Object)
		if !ok {
			return nil, nil
		}
		res := NewObject()
		for _, k := range o.keys {
			v, err := ev.callHOF(c.arg(1), c.env, o.vals[k], k, o)
			if err != nil {
				return nil, err
			}
			if toBool(v) {
				res.Set(k, o.vals[k])
			}
		}
		if res.Len() == 0 {
			return nil, nil
		}
		return res, nil
	})
	reg("type", "<x:s>", 1, func(ev *evaluator, c *call) (any, error) {
		switch v := c.arg(0).(type) {
		case nil:
			return nil, nil
		case nullT:
			return "null", nil
		case float64:
			return "number", nil
		case string:
			return "string", nil
		case bool:
			return "boolean", nil
		case *array:
			return "array", nil
		case *Object:
			return "object", nil
		default:
			if isFunction(v) {
				return "function", nil
			}
		}
		return "object", nil
	})
	reg("boolean", "<x-:b>", 1, func(ev *evaluator, c *call) (any, error) {
		v := c.arg(0)
		if v == nil {
			return nil, nil
		}
		if isFunction(v) {
			return false, nil
		}
		return toBool(v), nil
	})
	reg("not", "<x-:b>", 1, func(ev *evaluator, c *call) (any, error) {
		v := c.arg(0)
		if v == nil {
			return nil, nil
		}
		return !toBool(v), nil
	})
	reg("clone", "<(oa)-:o>", 1, func(ev *evaluator, c *call) (any, error) {
		r, ok := deepCloneB(c.arg(0), &budget{left: ev.maxItems * totalFactor})
		if !ok {
			return nil, newError(CodeSize, -1, "", nil)
		}
		return r, nil
	})
}

func spread(v any, bud *budget) any {
	if !bud.spend() {
		return nil
	}
	switch v := v.(type) {
	case *array:
		// as repeated $append, gathering the items first
		acc := &groupEntry{first: &array{seq: true}}
		for _, x := range v.items {
			acc.add(spread(x, bud))
		}
		if !acc.multi {
			return acc.first
		}
		return acc.data()
	case *Object:
		res := &array{seq: true}
		for _, k := range v.keys {
			o := newObjectCap(1)
			o.Set(k, v.vals[k])
			res.items = append(res.items, o)
		}
		return res
	}
	return v
}

func fnEval(ev *evaluator, c *call) (any, error) {
	src, ok := str(c.arg(0))
	if !ok {
		return nil, nil
	}
	input := c.input
	if len(c.args) > 1 && c.args[1] != nil {
		input = c.args[1]
		if a, ok := input.(*array); ok && !a.seq {
			input = &array{items: []any{a}, seq: true, outer: true}
		}
	}
	root, err := parse(src)
	if err != nil {
		e := errCode("D3120", err.Error())
		return nil, e
	}
	res, err := ev.eval(root, input, c.env)
	if err != nil {
		if je, ok := err.(*Error); ok && (je.Code == CodeDepth || je.Code == CodeTimeout || je.Code == CodeSize || je.Code == CodeSteps) {
			return nil, err
		}
		return nil, errCode("D3121", err.Error())
	}
	return res, nil
}

func registerDates() {
	reg("now", "<s?s?:s>", 2, func(ev *evaluator, c *call) (any, error) {
		p, _ := str(c.arg(0))
		tz, _ := str(c.arg(1))
		s, err := picture.FormatDateTime(ev.now.UnixMilli(), p, tz)
		if err != nil {
			return nil, pictureErr(err)
		}
		return s, nil
	})
	reg("millis", "<:n>", 0, func(ev *evaluator, c *call) (any, error) {
		return float64(ev.now.UnixMilli()), nil
	})
	reg("fromMillis", "<n-s?s?:s>", 3, func(ev *evaluator, c *call) (any, error) {
		x, ok := c.arg(0).(float64)
		if !ok {
			return nil, nil
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 8.64e15 {
			return nil, errCode("D3137", x)
		}
		p, _ := str(c.arg(1))
		tz, _ := str(c.arg(2))
		s, err := picture.FormatDateTime(int64(math.Floor(x)), p, tz)
		if err != nil {
			return nil, pictureErr(err)
		}
		return s, nil
	})
	reg("toMillis", "<s-s?:n>", 2, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		p, _ := str(c.arg(1))
		m, ok, err := picture.ParseDateTime(s, p, ev.now.UnixMilli())
		if err != nil {
			return nil, pictureErr(err)
		}
		if !ok {
			if p == "" && strings.TrimSpace(s) != "" {
				return nil, errCode("D3110", s)
			}
			return nil, nil
		}
		return float64(m), nil
	})
}
