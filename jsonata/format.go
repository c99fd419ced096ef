package jsonata

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

func itoa(i int) string { return strconv.Itoa(i) }

// formatNumber prints a number the way JavaScript's Number#toString does:
// shortest round-trip digits, exponent notation outside [1e-7, 1e21).
func formatNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	if math.IsNaN(f) {
		return "NaN"
	}
	if math.IsInf(f, 1) {
		return "Infinity"
	}
	if math.IsInf(f, -1) {
		return "-Infinity"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	// Go: 1e+21, 1.5e-07; JavaScript: 1e+21, 1.5e-7
	mant, exp, _ := strings.Cut(s, "e")
	sign := exp[0]
	exp = strings.TrimLeft(exp[1:], "0")
	if exp == "" {
		exp = "0"
	}
	return mant + "e" + string(sign) + exp
}

// precision15 rounds a non-integer f to 15 significant digits, as
// jsonata-js does before stringifying numbers, hiding binary
// floating-point noise.
func precision15(f float64) float64 {
	if f == math.Trunc(f) || math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'e', 14, 64), 64)
	if err != nil {
		return f
	}
	return r
}

// toJSString is $string: strings unchanged, functions "", other values
// as JSON with numbers at 15 significant digits.
func toJSString(v any, pretty bool) (string, error) {
	return toJSStringLimit(v, pretty, math.MaxInt)
}

// toJSStringLimit is toJSString that fails with U1003 once the text
// exceeds limit bytes, before building all of it.
func toJSStringLimit(v any, pretty bool, limit int) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", errCode("D3001", v)
		}
		return formatNumber(precision15(v)), nil // integers are left alone by precision15
	}
	if isFunction(v) {
		return "", nil
	}
	if a, ok := v.(*array); ok && a.outer && len(a.items) > 0 {
		v = a.items[0]
	}
	sb := jsonWriter{limit: limit}
	if err := sb.write(v, pretty, 0); err != nil {
		return "", err
	}
	return sb.String(), nil
}

type jsonWriter struct {
	strings.Builder
	limit int
}

func (sb *jsonWriter) write(v any, pretty bool, indent int) error {
	if sb.Len() > sb.limit {
		return newError(CodeSize, -1, "", sb.Len())
	}
	switch v := v.(type) {
	case nil, nullT:
		sb.WriteString("null")
	case bool:
		if v {
			sb.WriteString("true")
		} else {
			sb.WriteString("false")
		}
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errCode("D1001", v)
		} else {
			sb.WriteString(formatNumber(precision15(v)))
		}
	case string:
		writeJSONString(sb, v)
	case *array:
		if len(v.items) == 0 {
			sb.WriteString("[]")
			return nil
		}
		sb.WriteByte('[')
		for i, x := range v.items {
			if i > 0 {
				sb.WriteByte(',')
			}
			newline(sb, pretty, indent+1)
			if isFunction(x) {
				sb.WriteString(`""`)
			} else if err := sb.write(x, pretty, indent+1); err != nil {
				return err
			}
		}
		newline(sb, pretty, indent)
		sb.WriteByte(']')
	case *Object:
		first := true
		sb.WriteByte('{')
		for _, k := range v.keys {
			x := v.vals[k]
			if x == nil {
				continue
			}
			if !first {
				sb.WriteByte(',')
			}
			first = false
			newline(sb, pretty, indent+1)
			writeJSONString(sb, k)
			sb.WriteByte(':')
			if pretty {
				sb.WriteByte(' ')
			}
			if isFunction(x) {
				sb.WriteString(`""`)
			} else if err := sb.write(x, pretty, indent+1); err != nil {
				return err
			}
		}
		if !first {
			newline(sb, pretty, indent)
		}
		sb.WriteByte('}')
	default:
		if isFunction(v) {
			sb.WriteString(`""`)
		} else {
			sb.WriteString("null")
		}
	}
	return nil
}

func newline(sb *jsonWriter, pretty bool, indent int) {
	if !pretty {
		return
	}
	sb.WriteByte('\n')
	for i := 0; i < indent; i++ {
		sb.WriteString("  ")
	}
}

// writeJSONString escapes like JSON.stringify: only quotes, backslashes
// and control characters.
func writeJSONString(sb *jsonWriter, s string) {
	sb.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			sb.WriteByte(c)
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			sb.WriteRune(r)
			i += size
			continue
		}
		switch c {
		case '"':
			sb.WriteString(`\"`)
		case '\\':
			sb.WriteString(`\\`)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '\b':
			sb.WriteString(`\b`)
		case '\f':
			sb.WriteString(`\f`)
		default:
			sb.WriteString(`\u00`)
			sb.WriteByte("0123456789abcdef"[c>>4])
			sb.WriteByte("0123456789abcdef"[c&15])
		}
		i++
	}
	sb.WriteByte('"')
}

// toBool is $boolean: the effective boolean value (false for undefined).
func toBool(v any) bool {
	switch v := v.(type) {
	case nil, nullT:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0
	case *array:
		if len(v.items) == 1 {
			return toBool(v.items[0])
		}
		for _, x := range v.items {
			if toBool(x) {
				return true
			}
		}
		return false
	case *Object:
		return len(v.keys) > 0
	}
	return false
}

// strictEqual is JavaScript ===.
func strictEqual(a, b any) bool {
	switch av := a.(type) {
	case float64:
		bv, ok := b.(float64)
		return ok && av == bv
	case string:
		bv, ok := b.(string)
		return ok && av == bv
	case bool:
		bv, ok := b.(bool)
		return ok && av == bv
	case nullT:
		_, ok := b.(nullT)
		return ok
	case *array:
		bv, ok := b.(*array)
		return ok && av == bv
	case *Object:
		bv, ok := b.(*Object)
		return ok && av == bv
	}
	return false
}

// budget bounds a walk over a value that may share substructure (a DAG
// whose unfolded size is exponential in its memory size): every visited
// node costs one unit.
type budget struct{ left int }

func (b *budget) spend() bool {
	b.left--
	return b.left >= 0
}

// deepEqualB compares values structurally (the = operator) within a
// budget; ok is false when it ran out.
func deepEqualB(a, b any, bud *budget) (eq, ok bool) {
	if !bud.spend() {
		return false, false
	}
	switch av := a.(type) {
	case *array:
		bv, isArr := b.(*array)
		if !isArr || len(av.items) != len(bv.items) {
			return false, true
		}
		for i := range av.items {
			if eq, ok := deepEqualB(av.items[i], bv.items[i], bud); !eq || !ok {
				return eq, ok
			}
		}
		return true, true
	case *Object:
		bv, isObj := b.(*Object)
		if !isObj || len(av.keys) != len(bv.keys) {
			return false, true
		}
		for _, k := range av.keys {
			x, has := bv.vals[k]
			if !has {
				return false, true
			}
			if eq, ok := deepEqualB(av.vals[k], x, bud); !eq || !ok {
				return eq, ok
			}
		}
		return true, true
	case nil:
		return b == nil, true
	}
	if isFunction(a) {
		return a == b, true
	}
	return strictEqual(a, b), true
}

// equal is deepEqual bounded by the evaluation's size limits.
func (ev *evaluator) equal(a, b any) (bool, error) {
	eq, ok := deepEqualB(a, b, &budget{left: ev.maxItems * totalFactor})
	if !ok {
		return false, newError(CodeSize, -1, "", nil)
	}
	return eq, nil
}

// jsKeyOrder orders keys like JavaScript objects do: array-index keys
// first in ascending numeric order, then the rest in insertion order.
func jsKeyOrder(keys []string) []string {
	n := 0
	for _, k := range keys {
		if isIndexKey(k) {
			n++
		}
	}
	if n == 0 {
		return keys
	}
	idx := make([]string, 0, n)
	rest := make([]string, 0, len(keys)-n)
	for _, k := range keys {
		if isIndexKey(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	sort.Slice(idx, func(i, j int) bool {
		a, _ := strconv.ParseUint(idx[i], 10, 64)
		b, _ := strconv.ParseUint(idx[j], 10, 64)
		return a < b
	})
	return append(idx, rest...)
}

func isIndexKey(k string) bool {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return false
		}
	}
	v, _ := strconv.ParseUint(k, 10, 64)
	return v < 4294967295
}
