package jsonata

import (
	"math"
	"strings"
	"unicode/utf8"
)

func fnSplit(ev *evaluator, c *call) (any, error) {
	s, ok := str(c.arg(0))
	if !ok {
		return nil, nil
	}
	limit := -1
	if l, ok := c.arg(2).(float64); ok {
		if l < 0 {
			return nil, newError("D3020", -1, "", l)
		}
		limit = jsInt(l)
	}
	res := &array{items: []any{}}
	if limit == 0 {
		return res, nil
	}
	if sep, ok := c.arg(1).(string); ok {
		var parts []string
		if sep == "" {
			if e := ev.allocItems(utf8.RuneCountInString(s)); e != nil {
				return nil, e
			}
			for _, r := range s {
				parts = append(parts, string(r))
			}
		} else {
			parts = strings.Split(s, sep)
		}
		if limit >= 0 && len(parts) > limit {
			parts = parts[:limit]
		}
		if e := ev.allocItems(len(parts)); e != nil {
			return nil, e
		}
		for _, p := range parts {
			res.items = append(res.items, p)
		}
		return res, nil
	}
	m, err := ev.matcher(c.arg(1), s, c.env)
	if err != nil {
		return nil, err
	}
	if m == nil {
		res.items = append(res.items, s)
		return res, nil
	}
	start := 0
	count := 0
	for m != nil && (limit < 0 || count < limit) {
		res.items = append(res.items, s[start:m.start])
		start = m.end
		if m, err = m.next(ev); err != nil {
			return nil, err
		}
		count++
	}
	if limit < 0 || count < limit {
		res.items = append(res.items, s[start:])
	}
	return res, nil
}

func fnMatch(ev *evaluator, c *call) (any, error) {
	s, ok := str(c.arg(0))
	if !ok {
		return nil, nil
	}
	limit := -1
	if l, ok := c.arg(2).(float64); ok {
		if l < 0 {
			return nil, newError("D3040", -1, "", l)
		}
		limit = jsInt(l)
	}
	res := &array{seq: true}
	if limit == 0 {
		return res, nil
	}
	m, err := ev.matcher(c.arg(1), s, c.env)
	if err != nil {
		return nil, err
	}
	for m != nil && (limit < 0 || len(res.items) < limit) {
		o := newObjectCap(3)
		o.Set("match", m.match)
		o.Set("index", float64(m.index))
		groups := make([]any, len(m.groups))
		copy(groups, m.groups)
		o.Set("groups", &array{items: groups})
		res.items = append(res.items, o)
		if m, err = m.next(ev); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func fnReplace(ev *evaluator, c *call) (any, error) {
	s, ok := str(c.arg(0))
	if !ok {
		return nil, nil
	}
	pattern := c.arg(1)
	if p, ok := pattern.(string); ok && p == "" {
		return nil, newError("D3010", -1, "", p)
	}
	limit := -1
	if l, ok := c.arg(3).(float64); ok {
		if l < 0 {
			return nil, newError("D3011", -1, "", l)
		}
		limit = jsInt(l)
	}
	repl := c.arg(2)
	if limit == 0 {
		return s, nil
	}
	var sb strings.Builder
	if p, ok := pattern.(string); ok {
		rs, _ := repl.(string)
		count := 0
		pos := 0
		for {
			i := strings.Index(s[pos:], p)
			if i < 0 || (limit >= 0 && count >= limit) {
				break
			}
			sb.WriteString(s[pos : pos+i])
			sb.WriteString(rs)
			pos += i + len(p)
			count++
			if e := ev.checkBytes(sb.Len()); e != nil {
				return nil, e
			}
		}
		sb.WriteString(s[pos:])
		return sb.String(), nil
	}
	m, err := ev.matcher(pattern, s, c.env)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return s, nil
	}
	pos := 0
	count := 0
	for m != nil && (limit < 0 || count < limit) {
		sb.WriteString(s[pos:m.start])
		var with any
		if rs, ok := repl.(string); ok {
			with = substitute(rs, m)
		} else {
			if with, err = ev.apply(repl, []any{m.object()}, nil, c.env); err != nil {
				return nil, err
			}
		}
		ws, ok := with.(string)
		if !ok {
			return nil, newError("D3012", -1, "", with)
		}
		sb.WriteString(ws)
		if e := ev.checkBytes(sb.Len()); e != nil {
			return nil, e
		}
		pos = m.start + len(m.match)
		count++
		if m, err = m.next(ev); err != nil {
			return nil, err
		}
	}
	sb.WriteString(s[pos:])
	return sb.String(), nil
}

// substitute expands $0, $1.. and $$ in a replacement string, with the
// digit-greedy rule of jsonata-js.
func substitute(repl string, m *matchResult) string {
	var sb strings.Builder
	pos := 0
	for {
		i := strings.IndexByte(repl[pos:], '$')
		if i < 0 || pos >= len(repl) {
			break
		}
		i += pos
		sb.WriteString(repl[pos:i])
		pos = i + 1
		if pos >= len(repl) {
			sb.WriteByte('$')
			break
		}
		d := repl[pos]
		if d == '$' {
			sb.WriteByte('$')
			pos++
			continue
		}
		if d == '0' {
			sb.WriteString(m.match)
			pos++
			continue
		}
		maxDigits := 1
		if len(m.groups) > 0 {
			maxDigits = int(math.Floor(math.Log10(float64(len(m.groups))))) + 1
		}
		end := pos + maxDigits
		if end > len(repl) {
			end = len(repl)
		}
		idx, n := leadingInt(repl[pos:end])
		if maxDigits > 1 && idx > len(m.groups) {
			idx, n = leadingInt(repl[pos : end-1])
		}
		if n == 0 {
			sb.WriteByte('$')
			continue
		}
		if len(m.groups) > 0 && idx >= 1 && idx <= len(m.groups) {
			if g, ok := m.groups[idx-1].(string); ok {
				sb.WriteString(g)
			}
		}
		pos += len(itoa(idx))
	}
	if pos < len(repl) {
		sb.WriteString(repl[pos:])
	}
	return sb.String()
}

func leadingInt(s string) (int, int) {
	v, n := 0, 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		v = v*10 + int(s[n]-'0')
		n++
	}
	return v, n
}
