package datasource

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// template is a parsed string template: literal text and {placeholder} references. It is written
// by hand because the rules are small and ours (dot paths into the params, literal host, typed
// body substitution); RFC 6570 libraries bring operators ({?x}, {/x}) we do not want admins to learn.
type template struct {
	segs []segment
}

// segment is literal text (ref nil) or a reference to a param by dot path.
type segment struct {
	lit string
	ref []string
}

// parseTemplate parses {name} and {a.b} placeholders. Names are dot-separated segments of
// letters, digits, '_' and '-'. A brace outside a well-formed placeholder is an error: braces
// are not valid URL characters, so there is nothing to escape.
func parseTemplate(s string) (template, error) {
	var t template
	for i := 0; i < len(s); {
		switch s[i] {
		case '}':
			return template{}, fmt.Errorf("unmatched '}' at offset %d", i)
		case '{':
			end := strings.IndexAny(s[i+1:], "{}")
			if end < 0 || s[i+1+end] != '}' {
				return template{}, fmt.Errorf("'{' at offset %d is not closed", i)
			}
			name := s[i+1 : i+1+end]
			ref, err := parseRef(name)
			if err != nil {
				return template{}, fmt.Errorf("placeholder at offset %d: %w", i, err)
			}
			t.segs = append(t.segs, segment{ref: ref})
			i += end + 2
		default:
			end := strings.IndexAny(s[i:], "{}")
			if end < 0 {
				end = len(s) - i
			}
			t.segs = append(t.segs, segment{lit: s[i : i+end]})
			i += end
		}
	}
	return t, nil
}

func parseRef(name string) ([]string, error) {
	if name == "" {
		return nil, fmt.Errorf("empty placeholder {}")
	}
	ref := strings.Split(name, ".")
	for _, seg := range ref {
		if seg == "" {
			return nil, fmt.Errorf("{%s} has an empty path segment", name)
		}
		for _, r := range seg {
			if !(r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
				return nil, fmt.Errorf("{%s}: %q is not allowed in a param name", name, r)
			}
		}
	}
	return ref, nil
}

// whole returns the reference when the template is exactly one placeholder.
func (t template) whole() ([]string, bool) {
	if len(t.segs) == 1 && t.segs[0].ref != nil {
		return t.segs[0].ref, true
	}
	return nil, false
}

// expand substitutes every placeholder with its param rendered as text and passed through
// escape, and records the top-level param names it used.
func (t template) expand(params map[string]any, escape func(string) string, used map[string]bool) (string, error) {
	var b strings.Builder
	for _, seg := range t.segs {
		if seg.ref == nil {
			b.WriteString(seg.lit)
			continue
		}
		v, err := lookup(params, seg.ref)
		if err != nil {
			return "", err
		}
		s, err := scalarText(strings.Join(seg.ref, "."), v)
		if err != nil {
			return "", err
		}
		used[seg.ref[0]] = true
		b.WriteString(escape(s))
	}
	return b.String(), nil
}

// lookup follows a dot path through the params; a numeric segment indexes an array.
func lookup(params map[string]any, ref []string) (any, error) {
	var cur any = params
	for i, seg := range ref {
		found := false
		switch c := cur.(type) {
		case map[string]any:
			cur, found = c[seg]
		case []any:
			if n, err := strconv.Atoi(seg); err == nil && n >= 0 && n < len(c) {
				cur, found = c[n], true
			}
		}
		if !found {
			return nil, &Error{Kind: KindParams, Message: fmt.Sprintf("param %q is missing", strings.Join(ref[:i+1], "."))}
		}
	}
	return cur, nil
}

// scalarText renders a param for a URL, a query string or a header: strings as they are,
// numbers in their shortest exact form (1, 2.5, never 1e+06 for whole numbers up to 2^53),
// booleans as true/false. Null, objects and arrays have no single text form and are errors.
func scalarText(name string, v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return strconv.FormatInt(int64(x), 10), nil
		}
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case json.Number:
		return x.String(), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case nil:
		return "", &Error{Kind: KindParams, Message: fmt.Sprintf("param %q is null", name)}
	default:
		return "", &Error{Kind: KindParams, Message: fmt.Sprintf("param %q is %s, not a string, number or boolean", name, jsonKind(v))}
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64, json.Number, int, int64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	default:
		return fmt.Sprintf("a %T", v)
	}
}

// escapeComponent percent-encodes every byte outside RFC 3986's unreserved set, as RFC 6570
// simple expansion does: a value can never add a path segment, a query parameter or a fragment.
func escapeComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// expandBody renders a body template: a string that is exactly one placeholder takes the
// param's JSON value (any type, so {"ids": "{ids}"} sends an array); any other string is
// expanded as text. Object keys are not templates.
func expandBody(v any, params map[string]any, used map[string]bool) (any, error) {
	switch x := v.(type) {
	case string:
		t, err := parseTemplate(x)
		if err != nil {
			return nil, &Error{Kind: KindConfig, Message: fmt.Sprintf("body: %v", err)}
		}
		if ref, ok := t.whole(); ok {
			val, err := lookup(params, ref)
			if err != nil {
				return nil, err
			}
			used[ref[0]] = true
			return val, nil
		}
		return t.expand(params, func(s string) string { return s }, used)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			e, err := expandBody(child, params, used)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, child := range x {
			e, err := expandBody(child, params, used)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	default:
		return v, nil
	}
}
