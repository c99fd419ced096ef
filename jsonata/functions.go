package jsonata

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

var builtins = map[string]*builtin{}

func reg(name, sig string, arity int, impl func(ev *evaluator, c *call) (any, error)) {
	b := &builtin{name: name, arity: arity, impl: impl}
	if sig != "" {
		s, err := parseSignature(sig)
		if err != nil {
			panic("bad signature of $" + name + ": " + err.Error())
		}
		b.sig = s
	}
	builtins[name] = b
}

func init() {
	registerAggregates()
	registerStrings()
	registerNumeric()
	registerHOF()
	registerObjects()
	registerDates()
}

func registerAggregates() {
	reg("sum", "<a<n>:n>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		t := 0.0
		for _, x := range a.items {
			t += x.(float64)
		}
		return t, nil
	})
	reg("count", "<a:n>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return 0.0, nil
		}
		return float64(len(a.items)), nil
	})
	minmax := func(isMax bool) func(ev *evaluator, c *call) (any, error) {
		return func(ev *evaluator, c *call) (any, error) {
			a, ok := c.arg(0).(*array)
			if !ok || len(a.items) == 0 {
				return nil, nil
			}
			m := a.items[0].(float64)
			for _, x := range a.items[1:] {
				f := x.(float64)
				if (isMax && f > m) || (!isMax && f < m) {
					m = f
				}
			}
			return m, nil
		}
	}
	reg("max", "<a<n>:n>", 1, minmax(true))
	reg("min", "<a<n>:n>", 1, minmax(false))
	reg("average", "<a<n>:n>", 1, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok || len(a.items) == 0 {
			return nil, nil
		}
		t := 0.0
		for _, x := range a.items {
			t += x.(float64)
		}
		return t / float64(len(a.items)), nil
	})
}

func str(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

func registerStrings() {
	reg("string", "<x-b?:s>", 1, func(ev *evaluator, c *call) (any, error) {
		v := c.arg(0)
		if v == nil {
			return nil, nil
		}
		pretty, _ := c.arg(1).(bool)
		return toJSStringLimit(v, pretty, ev.maxBytes)
	})
	reg("substring", "<s-nn?:s>", 3, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		runes := []rune(s)
		n := len(runes)
		sf, ok := c.arg(1).(float64)
		if !ok {
			// jsonata-js computes with NaN here: all of s, or nothing
			if c.arg(2) == nil {
				return s, nil
			}
			return "", nil
		}
		start := jsInt(sf)
		if n+start < 0 {
			start = 0
		}
		if l, ok := c.arg(2).(float64); ok {
			if l <= 0 {
				return "", nil
			}
			var end int
			if start >= 0 {
				end = start + jsInt(l)
			} else {
				end = n + start + jsInt(l)
			}
			return string(sliceRunes(runes, start, end)), nil
		}
		return string(sliceRunes(runes, start, n)), nil
	})
	reg("substringBefore", "<s-s:s>", 2, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		chars, ok := str(c.arg(1))
		if !ok {
			return s, nil // jsonata-js finds no undefined in s
		}
		if i := strings.Index(s, chars); i >= 0 {
			return s[:i], nil
		}
		return s, nil
	})
	reg("substringAfter", "<s-s:s>", 2, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		chars, ok := str(c.arg(1))
		if !ok {
			return s, nil // jsonata-js finds no undefined in s
		}
		if i := strings.Index(s, chars); i >= 0 {
			return s[i+len(chars):], nil
		}
		return s, nil
	})
	reg("lowercase", "<s-:s>", 1, strFn(lower))
	reg("uppercase", "<s-:s>", 1, strFn(upper))
	reg("length", "<s-:n>", 1, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		return float64(utf8.RuneCountInString(s)), nil
	})
	reg("trim", "<s-:s>", 1, strFn(func(s string) string {
		return strings.Trim(collapseSpace(s), " ")
	}))
	reg("pad", "<s-ns?:s>", 3, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		width, _ := c.arg(1).(float64)
		if math.IsNaN(width) {
			return s, nil
		}
		if math.Abs(width) > float64(ev.maxBytes) {
			return nil, newError(CodeSize, -1, "", width)
		}
		ch, _ := str(c.arg(2))
		if ch == "" {
			ch = " "
		}
		padLen := int(math.Abs(math.Trunc(width))) - utf8.RuneCountInString(s)
		if padLen <= 0 {
			return s, nil
		}
		if e := ev.allocBytes(padLen*len(ch) + len(s)); e != nil {
			return nil, e
		}
		padding := strings.Repeat(ch, padLen)
		if utf8.RuneCountInString(ch) > 1 {
			padding = string([]rune(padding)[:padLen])
		}
		if width > 0 {
			return s + padding, nil
		}
		return padding + s, nil
	})
	reg("contains", "<s-(sf):b>", 2, func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		if t, ok := c.arg(1).(string); ok {
			return strings.Contains(s, t), nil
		}
		if c.arg(1) == nil {
			return nil, nil
		}
		m, err := ev.matcher(c.arg(1), s, c.env)
		if err != nil {
			return nil, err
		}
		return m != nil, nil
	})
	reg("split", "<s-(sf)n?:a<s>>", 3, fnSplit)
	reg("join", "<a<s>s?:s>", 2, func(ev *evaluator, c *call) (any, error) {
		a, ok := c.arg(0).(*array)
		if !ok {
			return nil, nil
		}
		sep, _ := str(c.arg(1))
		parts := make([]string, len(a.items))
		total := 0
		for i, x := range a.items {
			parts[i] = x.(string)
			total += len(parts[i]) + len(sep)
		}
		if e := ev.allocBytes(total); e != nil {
			return nil, e
		}
		return strings.Join(parts, sep), nil
	})
	reg("match", "<s-f<s:o>n?:a<o>>", 3, fnMatch)
	reg("replace", "<s-(sf)(sf)n?:s>", 4, fnReplace)
	reg("base64encode", "<s-:s>", 1, fnBase64Encode)
	reg("base64decode", "<s-:s>", 1, fnBase64Decode)
	reg("encodeUrlComponent", "<s-:s>", 1, urlFn(encodeURIComponent))
	reg("encodeUrl", "<s-:s>", 1, urlFn(encodeURI))
	reg("decodeUrlComponent", "<s-:s>", 1, urlFn(decodeURIComponent))
	reg("decodeUrl", "<s-:s>", 1, urlFn(decodeURI))
	reg("eval", "<sx?:x>", 2, fnEval)
	reg("error", "<s?:x>", 1, func(ev *evaluator, c *call) (any, error) {
		msg, ok := str(c.arg(0))
		e := errCode("D3137", nil)
		if ok {
			e.Message = msg
		}
		return nil, e
	})
	reg("assert", "<bs?:x>", 2, func(ev *evaluator, c *call) (any, error) {
		if b, _ := c.arg(0).(bool); b {
			return nil, nil
		}
		e := errCode("D3141", nil)
		if msg, ok := str(c.arg(1)); ok {
			e.Message = msg
		}
		return nil, e
	})
}

func strFn(f func(string) string) func(ev *evaluator, c *call) (any, error) {
	return func(ev *evaluator, c *call) (any, error) {
		s, ok := str(c.arg(0))
		if !ok {
			return nil, nil
		}
		return f(s), nil
	}
}

// upper and lower use full Unicode case mapping (ß becomes SS), as
// JavaScript's toUpperCase and toLowerCase do; a Caser is not safe for
// concurrent use, so each call makes its own.
func upper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	return cases.Upper(language.Und).String(s)
}

func lower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return cases.Lower(language.Und).String(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func collapseSpace(s string) string {
	var sb strings.Builder
	inSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !inSpace {
				sb.WriteByte(' ')
			}
			inSpace = true
			continue
		}
		inSpace = false
		sb.WriteByte(c)
	}
	return sb.String()
}

// jsInt truncates like JavaScript's ToIntegerOrInfinity, clamped to int.
func jsInt(f float64) int {
	if math.IsNaN(f) {
		return 0
	}
	if f > 1e15 {
		return 1 << 50
	}
	if f < -1e15 {
		return -(1 << 50)
	}
	return int(f)
}

// sliceRunes is Array#slice on a rune array.
func sliceRunes(r []rune, start, end int) []rune {
	n := len(r)
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	if end < 0 {
		end += n
		if end < 0 {
			end = 0
		}
	}
	if start > n {
		start = n
	}
	if end > n {
		end = n
	}
	if start >= end {
		return nil
	}
	return r[start:end]
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
