package jsonata

// matchResult is one match of a matcher function (a regex or a custom
// matcher lambda). start and end are byte offsets in the subject; index
// is the UTF-16 offset that jsonata-js reports.
type matchResult struct {
	match      string
	start, end int
	index      int
	groups     []any
	nextFn     func(ev *evaluator) (*matchResult, error)
	obj        *Object
}

func (m *matchResult) next(ev *evaluator) (*matchResult, error) {
	if m.nextFn == nil {
		return nil, nil
	}
	if err := ev.check(); err != nil {
		return nil, err
	}
	return m.nextFn(ev)
}

// object is the match as the JSONata object a replacement function receives.
func (m *matchResult) object() *Object {
	if m.obj != nil {
		return m.obj
	}
	o := newObjectCap(4)
	o.Set("match", m.match)
	o.Set("start", float64(m.index))
	o.Set("end", float64(m.index+utf16Len(m.match)))
	o.Set("groups", &array{items: append([]any{}, m.groups...)})
	return o
}

func (r *regexFn) find(s string, from int) *matchResult {
	if from > len(s) {
		return nil
	}
	loc := r.lit.re.FindStringSubmatchIndex(s[from:])
	if loc == nil {
		return nil
	}
	m := &matchResult{start: from + loc[0], end: from + loc[1]}
	m.match = s[m.start:m.end]
	m.index = utf16Len(s[:m.start])
	m.groups = make([]any, 0, len(loc)/2-1)
	for i := 2; i < len(loc); i += 2 {
		if loc[i] < 0 {
			m.groups = append(m.groups, "")
			continue
		}
		m.groups = append(m.groups, s[from+loc[i]:from+loc[i+1]])
	}
	end := m.end
	if m.end == m.start {
		end++ // step over an empty match, as JavaScript's lastIndex does
	}
	m.nextFn = func(ev *evaluator) (*matchResult, error) {
		if end > len(s) || m.end >= len(s) {
			return nil, nil
		}
		n := r.find(s, end)
		if n != nil && n.match == "" {
			return nil, newError("D1004", r.pos, "", r.lit.source)
		}
		return n, nil
	}
	return m
}

// match is the regex called as a function: the match object with a next
// function, or undefined.
func (r *regexFn) match(s string, from int) (any, error) {
	m := r.find(s, from)
	if m == nil {
		return nil, nil
	}
	return matchObject(m), nil
}

func matchObject(m *matchResult) *Object {
	o := m.object()
	o.Set("next", &builtin{name: "next", arity: 0, impl: func(ev *evaluator, c *call) (any, error) {
		n, err := m.next(ev)
		if err != nil || n == nil {
			return nil, err
		}
		return matchObject(n), nil
	}})
	return o
}

// regexWork bounds the work of matching one regex over one string (the
// string's length times the size of the regex program): Go's regexp runs
// in linear time but cannot be cancelled, so a huge subject with a huge
// pattern must be refused up front.
const regexWork = 1 << 28

func checkRegexWork(r *regexFn, s string) error {
	if len(s) > 0 && len(s)*r.lit.insts > regexWork {
		return newError(CodeSize, r.pos, "", len(s))
	}
	return nil
}

// matcher runs a matcher function (regex or lambda) on s.
func (ev *evaluator) matcher(fn any, s string, env *frame) (*matchResult, error) {
	if r, ok := fn.(*regexFn); ok {
		if err := checkRegexWork(r, s); err != nil {
			return nil, err
		}
		return r.find(s, 0), nil
	}
	res, err := ev.apply(fn, []any{s}, nil, env)
	if err != nil {
		return nil, err
	}
	return ev.toMatch(res, env)
}

func (ev *evaluator) toMatch(res any, env *frame) (*matchResult, error) {
	if res == nil {
		return nil, nil
	}
	o, ok := res.(*Object)
	if !ok {
		return nil, errCode("T1010", res)
	}
	m := &matchResult{obj: o}
	ms, ok1 := o.vals["match"].(string)
	start, ok2 := o.vals["start"].(float64)
	end, ok3 := o.vals["end"].(float64)
	if !ok1 || !ok2 || !ok3 {
		return nil, errCode("T1010", res)
	}
	m.match = ms
	m.start, m.end, m.index = int(start), int(end), int(start)
	if g, ok := o.vals["groups"].(*array); ok {
		m.groups = g.items
	}
	if nf := o.vals["next"]; isFunction(nf) {
		m.nextFn = func(ev *evaluator) (*matchResult, error) {
			r, err := ev.apply(nf, nil, nil, env)
			if err != nil {
				return nil, err
			}
			return ev.toMatch(r, env)
		}
	}
	return m, nil
}
