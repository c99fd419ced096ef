package expr

import (
	"fmt"
	"strconv"
	"strings"
)

// Path is a parsed dot path (SPEC §5): segments separated by dots, a backslash escaping the next
// character (so `a\.b` is the one key "a.b"). A segment of decimal digits indexes an array; on an
// object it is an ordinary key.
type Path []string

// ParsePath parses a dot path. The empty string is the empty path, which denotes the root.
// Empty segments ("a..b", ".a", "a.") and a trailing lone backslash are errors.
func ParsePath(s string) (Path, error) {
	if s == "" {
		return Path{}, nil
	}
	var (
		segs []string
		cur  strings.Builder
	)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) {
				return nil, &Error{Code: CodePathInvalid, Path: s, Message: "path ends in a lone backslash"}
			}
			i++
			cur.WriteByte(s[i])
		case '.':
			if cur.Len() == 0 {
				return nil, &Error{Code: CodePathInvalid, Path: s, Message: fmt.Sprintf("empty segment at offset %d", i)}
			}
			segs = append(segs, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() == 0 {
		return nil, &Error{Code: CodePathInvalid, Path: s, Message: "path ends with a dot"}
	}
	return append(segs, cur.String()), nil
}

// String writes the path back in dot form, escaping dots and backslashes inside segments.
func (p Path) String() string {
	var b strings.Builder
	for i, seg := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		for j := 0; j < len(seg); j++ {
			if seg[j] == '.' || seg[j] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(seg[j])
		}
	}
	return b.String()
}

// index returns the array index a segment denotes, if it is all decimal digits.
func index(seg string) (int, bool) {
	if seg == "" || len(seg) > 9 {
		return 0, false
	}
	for i := 0; i < len(seg); i++ {
		if seg[i] < '0' || seg[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(seg)
	return n, err == nil
}

// Get reads the value at p under root. It reports false when any segment is missing, indexes
// past the end of an array, or steps into a scalar: a missing value is "no value", not an error.
func Get(root any, p Path) (any, bool) {
	cur := root
	for _, seg := range p {
		switch node := cur.(type) {
		case map[string]any:
			v, ok := node[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, ok := index(seg)
			if !ok || i >= len(node) {
				return nil, false
			}
			cur = node[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// Set writes v at p under root, creating missing containers: an array when the next segment is
// an index, else an object. Writing index len(array) appends; a larger index pads with nulls, as
// lodash's set does, which the definitions we run were written against. Stepping into a scalar is
// an error: a mapping never silently replaces data it did not address. A failed write leaves
// root unchanged.
func Set(root map[string]any, p Path, v any) error {
	return write(root, p, v, false)
}

// Append appends v to the array at p under root, creating the array (and the containers above
// it) when the path is missing. A value there that is not an array is an error.
func Append(root map[string]any, p Path, v any) error {
	return write(root, p, v, true)
}

func write(root map[string]any, p Path, v any, appending bool) error {
	if len(p) == 0 {
		return &Error{Code: CodePathInvalid, Message: "cannot write to the empty path"}
	}
	_, err := writeIn(root, p, 0, v, appending)
	return err
}

// writeIn writes into node at p[i:] and returns the node to store in the parent (a slice may
// have grown, so the parent must store the returned value).
func writeIn(node any, p Path, i int, v any, appending bool) (any, error) {
	if i == len(p) {
		if !appending {
			return v, nil
		}
		switch arr := node.(type) {
		case nil:
			return []any{v}, nil
		case []any:
			return append(arr, v), nil
		default:
			return nil, &Error{Code: CodeAppendNotArray, Path: p.String(),
				Message: fmt.Sprintf("append needs an array at %q, found %s", p.String(), typeName(node))}
		}
	}
	seg := p[i]
	if node == nil {
		if _, ok := index(seg); ok {
			node = []any{}
		} else {
			node = map[string]any{}
		}
	}
	switch n := node.(type) {
	case map[string]any:
		child, err := writeIn(n[seg], p, i+1, v, appending)
		if err != nil {
			return nil, err
		}
		n[seg] = child
		return n, nil
	case []any:
		idx, ok := index(seg)
		if !ok {
			return nil, &Error{Code: CodePathInvalid, Path: p.String(),
				Message: fmt.Sprintf("segment %q indexes an array but is not a number", seg)}
		}
		if idx >= maxPadding+len(n) {
			return nil, &Error{Code: CodePathInvalid, Path: p.String(),
				Message: fmt.Sprintf("index %d is too far past the end of an array of %d", idx, len(n))}
		}
		for len(n) <= idx {
			n = append(n, nil)
		}
		child, err := writeIn(n[idx], p, i+1, v, appending)
		if err != nil {
			return nil, err
		}
		n[idx] = child
		return n, nil
	default:
		return nil, &Error{Code: CodePathInvalid, Path: p.String(),
			Message: fmt.Sprintf("segment %q steps into a %s", seg, typeName(node))}
	}
}

// maxPadding bounds how many nulls a write past the end of an array may add, so a mapping
// target like "a.999999999" cannot allocate gigabytes.
const maxPadding = 10000

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64, int, int64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return fmt.Sprintf("%T", v)
	}
}
