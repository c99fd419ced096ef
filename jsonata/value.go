package jsonata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
)

// nullT is the engine's representation of JSON null; Go nil means
// JSONata "undefined" inside the evaluator.
type nullT struct{}

// jsonNull is the internal JSON null value.
var jsonNull = nullT{}

// array is a JSONata array or sequence. The flags mirror the hidden
// properties jsonata-js puts on its arrays: seq marks a result sequence
// (collapsed to its single item), keep a sequence that must stay an array,
// cons an array built by a constructor (never flattened), outer the
// wrapper around an input array, tuple a stream of tuple bindings.
type array struct {
	items []any
	seq   bool
	keep  bool
	cons  bool
	outer bool
	tuple bool
}

func newSeq(items ...any) *array { return &array{items: items, seq: true} }

// Object is a JSON object that remembers key order. Results of Evaluate
// use it for every object; json.Marshal prints its keys in order.
type Object struct {
	keys []string
	vals map[string]any
}

// NewObject returns an empty ordered object.
func NewObject() *Object { return &Object{vals: map[string]any{}} }

func newObjectCap(n int) *Object {
	return &Object{keys: make([]string, 0, n), vals: make(map[string]any, n)}
}

// Keys returns the keys in order. The slice must not be modified.
func (o *Object) Keys() []string { return o.keys }

// Len is the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// Get returns the value of key and whether it is present.
func (o *Object) Get(key string) (any, bool) {
	v, ok := o.vals[key]
	return v, ok
}

// Set sets key to v, appending key if it is new.
func (o *Object) Set(key string, v any) {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
}

// Delete removes key.
func (o *Object) Delete(key string) {
	if _, ok := o.vals[key]; !ok {
		return
	}
	delete(o.vals, key)
	for i, k := range o.keys {
		if k == key {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// MarshalJSON prints the object with its keys in order.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// ParseJSON decodes a JSON document keeping the key order of objects
// (as *Object). Arrays are []any, numbers float64, null nil: the same
// shapes Evaluate accepts and returns.
func ParseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, fmt.Errorf("parsing JSON: %w", err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("parsing JSON: unexpected data after the document")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := NewObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o.Set(k, v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
		return nil, fmt.Errorf("unexpected delimiter %v", t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, err
		}
		return f, nil
	default:
		return t, nil
	}
}

// maxInputDepth bounds the nesting of a caller's value, so that a cyclic
// map or slice fails instead of overflowing the stack. encoding/json
// itself stops at 10000 levels.
const maxInputDepth = 10000

// fromGo converts a caller's value (encoding/json shapes, *Object,
// json.Number, Go numbers, registered functions) to the internal form.
func fromGo(v any) (any, error) { return fromGoDepth(v, 0) }

func fromGoDepth(v any, depth int) (any, error) {
	if depth > maxInputDepth {
		return nil, fmt.Errorf("converting input: nested deeper than %d levels (a cycle?)", maxInputDepth)
	}
	switch v := v.(type) {
	case nil:
		return jsonNull, nil
	case string, bool:
		return v, nil
	case float64:
		return v, nil
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil, fmt.Errorf("converting number %q: %w", v, err)
		}
		return f, nil
	case int:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case int32:
		return float64(v), nil
	case float32:
		return float64(v), nil
	case uint:
		return float64(v), nil
	case uint64:
		return float64(v), nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := newObjectCap(len(keys))
		for _, k := range keys {
			c, err := fromGoDepth(v[k], depth+1)
			if err != nil {
				return nil, err
			}
			o.keys = append(o.keys, k)
			o.vals[k] = c
		}
		return o, nil
	case *Object:
		o := newObjectCap(len(v.keys))
		for _, k := range v.keys {
			c, err := fromGoDepth(v.vals[k], depth+1)
			if err != nil {
				return nil, err
			}
			o.keys = append(o.keys, k)
			o.vals[k] = c
		}
		return o, nil
	case []any:
		items := make([]any, len(v))
		for i, x := range v {
			c, err := fromGoDepth(x, depth+1)
			if err != nil {
				return nil, err
			}
			items[i] = c
		}
		return &array{items: items}, nil
	case []string:
		items := make([]any, len(v))
		for i, x := range v {
			items[i] = x
		}
		return &array{items: items}, nil
	case []map[string]any:
		items := make([]any, len(v))
		for i, x := range v {
			c, err := fromGoDepth(x, depth+1)
			if err != nil {
				return nil, err
			}
			items[i] = c
		}
		return &array{items: items}, nil
	case *Function:
		return v.fn, nil
	case *Input:
		return v.v, nil
	case nullT:
		return v, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	}
	// Anything else goes through encoding/json, keeping the engine free of
	// reflection-based struct walking.
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("converting %T: %w", v, err)
	}
	pv, err := ParseJSON(b)
	if err != nil {
		return nil, err
	}
	return fromGo(pv)
}

// toGo converts an internal value to the public result shape.
func toGo(v any) any {
	r, _ := toGoB(v, &budget{left: math.MaxInt})
	return r
}

// toGoB is toGo within a budget of visited values; ok is false when the
// value (which may share substructure) is too large to unfold.
func toGoB(v any, bud *budget) (any, bool) {
	if !bud.spend() {
		return nil, false
	}
	switch v := v.(type) {
	case nullT:
		return nil, true
	case *array:
		out := make([]any, 0, len(v.items))
		for _, x := range v.items {
			if x == nil {
				continue
			}
			c, ok := toGoB(x, bud)
			if !ok {
				return nil, false
			}
			out = append(out, c)
		}
		return out, true
	case *Object:
		o := newObjectCap(len(v.keys))
		for _, k := range v.keys {
			x := v.vals[k]
			if x == nil {
				continue
			}
			c, ok := toGoB(x, bud)
			if !ok {
				return nil, false
			}
			o.keys = append(o.keys, k)
			o.vals[k] = c
		}
		return o, true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, true
		}
		return v, true
	case string, bool:
		return v, true
	}
	if isFunction(v) {
		// JSON has no functions; jsonata-js stringifies them as "".
		return "", true
	}
	return v, true
}
