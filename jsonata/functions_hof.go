package jsonata

import "sort"

// callHOF calls f with as many of (value, index, array) as it declares.
func (ev *evaluator) callHOF(f any, env *frame, args ...any) (any, error) {
	n := arity(f)
	if n < len(args) {
		args = args[:n]
	}
	if n == 0 && len(args) > 0 {
		args = args[:1]
	}
	return ev.apply(f, args, nil, env)
}

func registerHOF() {
	reg("map", "<af>", 2, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		res := &array{seq: true, items: make([]any, 0, len(a.items))}
		for i, x := range a.items {
			v, err := ev.callHOF(c.arg(1), c.env, x, float64(i), a)
			if err != nil {
				return nil, err
			}
			if v != nil {
				res.items = append(res.items, v)
			}
		}
		return res, nil
	})
	reg("filter", "<af>", 2, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		res := &array{seq: true}
		for i, x := range a.items {
			v, err := ev.callHOF(c.arg(1), c.env, x, float64(i), a)
			if err != nil {
				return nil, err
			}
			if toBool(v) {
				res.items = append(res.items, x)
			}
		}
		return res, nil
	})
	reg("single", "<af?>", 2, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		var result any
		found := false
		for i, x := range a.items {
			pass := true
			if f := c.arg(1); f != nil {
				v, err := ev.callHOF(f, c.env, x, float64(i), a)
				if err != nil {
					return nil, err
				}
				pass = toBool(v)
			}
			if pass {
				if found {
					return nil, errCode("D3138", nil)
				}
				result, found = x, true
			}
		}
		if !found {
			return nil, errCode("D3139", nil)
		}
		return result, nil
	})
	reg("reduce", "<afj?:j>", 3, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		f := c.arg(1)
		n := arity(f)
		if n < 2 {
			return nil, errCode("D3050", nil)
		}
		var result any
		i := 0
		if c.arg(2) == nil && len(a.items) > 0 {
			result, i = a.items[0], 1
		} else {
			result = c.arg(2)
		}
		for ; i < len(a.items); i++ {
			args := []any{result, a.items[i]}
			if n >= 3 {
				args = append(args, float64(i))
			}
			if n >= 4 {
				args = append(args, a)
			}
			var err error
			if result, err = ev.apply(f, args, nil, c.env); err != nil {
				return nil, err
			}
		}
		return result, nil
	})
	reg("zip", "<a+>", 0, func(ev *evaluator, c *call) (any, error) {
		res := &array{items: []any{}}
		if len(c.args) == 0 {
			return res, nil
		}
		n := -1
		for _, x := range c.args {
			l := 0
			if a, ok := x.(*array); ok {
				l = len(a.items)
			}
			if n < 0 || l < n {
				n = l
			}
		}
		for i := 0; i < n; i++ {
			t := make([]any, len(c.args))
			for j, x := range c.args {
				t[j] = x.(*array).items[i]
			}
			res.items = append(res.items, &array{items: t})
		}
		return res, nil
	})
	reg("sort", "<af?:a>", 2, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		if len(a.items) <= 1 {
			return a, nil
		}
		items := append([]any(nil), a.items...)
		f := c.arg(1)
		if f == nil {
			if isArrayOfNumbers(a) {
				sort.SliceStable(items, func(i, j int) bool { return items[i].(float64) < items[j].(float64) })
			} else if isArrayOfStrings(a) {
				sort.SliceStable(items, func(i, j int) bool { return items[i].(string) < items[j].(string) })
			} else {
				return nil, errCode("D3070", nil)
			}
			return &array{items: items}, nil
		}
		sorted, err := ev.mergeSort(items, func(x, y any) (bool, error) {
			v, err := ev.apply(f, []any{x, y}, nil, c.env)
			if err != nil {
				return false, err
			}
			return toBool(v), nil
		})
		if err != nil {
			return nil, err
		}
		return &array{items: sorted}, nil
	})
	reg("shuffle", "<a:a>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		if len(a.items) <= 1 {
			return a, nil
		}
		res := make([]any, len(a.items))
		for i, x := range a.items {
			j := int(ev.random() * float64(i+1))
			if j > i {
				j = i
			}
			if i != j {
				res[i] = res[j]
			}
			res[j] = x
		}
		return &array{items: res}, nil
	})
	reg("distinct", "<x:x>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok || len(a.items) <= 1 {
			return c.arg(0), nil
		}
		res := &array{seq: a.seq}
		for _, x := range a.items {
			// quadratic, as in jsonata-js: each comparison counts as a step
			if err := ev.spend(1 + len(res.items)); err != nil {
				return nil, err
			}
			dup := false
			for _, y := range res.items {
				eq, err := ev.equal(x, y)
				if err != nil {
					return nil, err
				}
				if eq {
					dup = true
					break
				}
			}
			if !dup {
				res.items = append(res.items, x)
			}
		}
		return res, nil
	})
}

// mergeSort is a stable sort with a fallible "a after b" comparator (the
// comparator contract of $sort: true means swap).
func (ev *evaluator) mergeSort(items []any, swap func(a, b any) (bool, error)) ([]any, error) {
	if len(items) <= 1 {
		return items, nil
	}
	mid := len(items) / 2
	l, err := ev.mergeSort(items[:mid], swap)
	if err != nil {
		return nil, err
	}
	r, err := ev.mergeSort(items[mid:], swap)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(items))
	i, j := 0, 0
	for i < len(l) && j < len(r) {
		s, err := swap(l[i], r[j])
		if err != nil {
			return nil, err
		}
		if s {
			out = append(out, r[j])
			j++
		} else {
			out = append(out, l[i])
			i++
		}
	}
	out = append(out, l[i:]...)
	return append(out, r[j:]...), nil
}
