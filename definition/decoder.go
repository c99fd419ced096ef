package definition

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/valyala/fastjson"
)

// decoder turns a parsed JSON tree into typed values, noting shape problems
// with the JSON Pointer where they are.
type decoder struct {
	issues []Issue
	ctx    issueCtx
}

// issueCtx is the step, transition or group the decoder is inside.
type issueCtx struct {
	stepID, transitionID, groupID string
}

func (d *decoder) add(rule Rule, path, format string, args ...any) {
	info := Rules[rule]
	d.issues = append(d.issues, Issue{
		Rule: rule, Code: info.Code, Severity: info.Severity,
		Message: fmt.Sprintf(format, args...), Path: path,
		StepID: d.ctx.stepID, TransitionID: d.ctx.transitionID, GroupID: d.ctx.groupID,
	})
}

func (d *decoder) shape(path, format string, args ...any) {
	d.add(RuleDefinitionShape, path, format, args...)
}

// object is one JSON object being decoded. Keys in known are the DSL's; the
// rest, and known keys whose value had the wrong JSON type, go to Extra.
type object struct {
	d     *decoder
	m     *fastjson.Object
	path  string
	known map[string]bool
	bad   []string
}

// object returns nil, after noting the problem, when v is not an object.
func (d *decoder) object(v *fastjson.Value, path string, known map[string]bool) *object {
	m, ok := asObject(v)
	if !ok {
		d.shape(path, "expected a JSON object, got %s", jsonType(v))
		return nil
	}
	return &object{d: d, m: m, path: path, known: known}
}

// get returns the member named key, or nil.
func (o *object) get(key string) *fastjson.Value { return o.m.Get(key) }

func (o *object) extra() Extra {
	var e Extra
	o.m.Visit(func(key []byte, v *fastjson.Value) {
		if o.known[string(key)] && !o.isBad(string(key)) {
			return
		}
		k := validUTF8(string(key))
		if _, dup := e[k]; dup {
			return // a repeated key: the first one wins, as in get
		}
		if e == nil {
			e = Extra{}
		}
		e[k] = marshalAny(v)
	})
	return e
}

func (o *object) isBad(k string) bool {
	for _, b := range o.bad {
		if b == k {
			return true
		}
	}
	return false
}

// wrongType notes a known field whose JSON type is wrong and keeps its value.
func (o *object) wrongType(key, want string, v *fastjson.Value) {
	o.bad = append(o.bad, key)
	o.d.shape(pointer(o.path, key), "%s must be %s, got %s", key, want, jsonType(v))
}

func (o *object) missing(key, what string) {
	o.d.shape(o.path, "%s is required (%s)", key, what)
}

func (o *object) str(key string, required bool) string {
	v := o.get(key)
	if v == nil {
		if required {
			o.missing(key, "a string")
		}
		return ""
	}
	s, ok := asString(v)
	if !ok {
		o.wrongType(key, "a string", v)
	}
	return s
}

// id is a required, non-empty string.
func (o *object) id(key string) string {
	s := o.str(key, true)
	if o.get(key) != nil && s == "" && !o.isBad(key) {
		o.d.shape(pointer(o.path, key), "%s must not be empty", key)
	}
	return s
}

func (o *object) enum(key string, e *enum, required bool) string {
	s := o.str(key, required)
	if s == "" {
		if o.get(key) != nil && !o.isBad(key) {
			o.d.add(RuleStepTypeKnown, pointer(o.path, key), "%s must be one of %s", e.name, strings.Join(e.values, ", "))
		}
		return ""
	}
	v := e.normalize(s)
	if !e.known(v) {
		o.d.add(RuleStepTypeKnown, pointer(o.path, key), "unknown %s %q; allowed: %s", e.name, s, strings.Join(e.values, ", "))
	}
	return v
}

func (o *object) boolean(key string) bool {
	v := o.get(key)
	if v == nil {
		return false
	}
	t := v.Type()
	if t != fastjson.TypeTrue && t != fastjson.TypeFalse {
		o.wrongType(key, "a boolean", v)
	}
	return t == fastjson.TypeTrue
}

func (o *object) num(key string) *float64 {
	v := o.get(key)
	if v == nil {
		return nil
	}
	f, err := strconv.ParseFloat(numberText(v), 64)
	if err != nil {
		o.wrongType(key, "a number", v)
		return nil
	}
	return &f
}

func (o *object) integer(key string) *int {
	v := o.get(key)
	if v == nil {
		return nil
	}
	i, err := strconv.Atoi(numberText(v))
	if err != nil {
		o.wrongType(key, "an integer", v)
		return nil
	}
	return &i
}

// raw keeps any JSON value as written (schemas, ui, const values).
func (o *object) raw(key string) json.RawMessage {
	v := o.get(key)
	if v == nil {
		return nil
	}
	return marshalAny(v)
}

func (o *object) obj(key string, required bool, known map[string]bool) *object {
	v := o.get(key)
	if v == nil {
		if required {
			o.missing(key, "an object")
		}
		return nil
	}
	m, ok := asObject(v)
	if !ok {
		o.wrongType(key, "an object", v)
		return nil
	}
	return &object{d: o.d, m: m, path: pointer(o.path, key), known: known}
}

func (o *object) array(key string, required bool) ([]*fastjson.Value, string, bool) {
	v := o.get(key)
	if v == nil {
		if required {
			o.missing(key, "an array")
		}
		return nil, "", false
	}
	a, err := v.Array()
	if err != nil {
		o.wrongType(key, "an array", v)
		return nil, "", false
	}
	return a, pointer(o.path, key), true
}

// expr decodes an Expr; a bare string is accepted as its source.
func (o *object) expr(key string, required bool) *Expr {
	v := o.get(key)
	if v == nil {
		if required {
			o.missing(key, "an expression")
		}
		return nil
	}
	if s, ok := asString(v); ok {
		return &Expr{Type: ExprJSONata, Src: s, bare: true}
	}
	e := o.obj(key, false, exprKeys)
	if e == nil {
		return nil
	}
	x := &Expr{Type: ExprType(e.enum("type", exprTypes, false)), Src: e.str("src", true)}
	_, isString := asString(e.get("src"))
	x.noSrc = !isString
	if x.Type == "" {
		x.Type = ExprJSONata
	}
	x.Extra = e.extra()
	return x
}

func (o *object) provider(key string, required bool) *ValueProvider {
	p := o.obj(key, required, providerKeys)
	if p == nil {
		return nil
	}
	return o.d.providerFrom(p)
}

func (o *object) mappings(key string) []Mapping {
	arr, path, ok := o.array(key, false)
	if !ok {
		return nil
	}
	out := make([]Mapping, len(arr))
	for i, v := range arr {
		p := pointer(path, i)
		m := o.d.object(v, p, mappingKeys)
		if m == nil {
			out[i] = Mapping{invalid: marshalAny(v)}
			continue
		}
		out[i] = Mapping{ID: m.str("id", false), TargetPath: m.str("targetPath", true),
			Mode: MappingMode(m.enum("mode", mappingModes, false))}
		if out[i].ID == "" {
			out[i].ID = key + "-" + strconv.Itoa(i)
		}
		if vp := m.provider("value", true); vp != nil {
			out[i].Value = *vp
		}
		out[i].Extra = m.extra()
	}
	return out
}

// asObject returns v's members when v is a JSON object.
func asObject(v *fastjson.Value) (*fastjson.Object, bool) {
	if v == nil || v.Type() != fastjson.TypeObject {
		return nil, false
	}
	o, err := v.Object()
	return o, err == nil
}

// asString returns v's value when v is a JSON string.
func asString(v *fastjson.Value) (string, bool) {
	if v == nil || v.Type() != fastjson.TypeString {
		return "", false
	}
	b, err := v.StringBytes()
	return validUTF8(string(b)), err == nil
}

// validUTF8 replaces invalid UTF-8 with U+FFFD, as encoding/json does on
// input, so that a string decodes to the same value before and after a
// round trip.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// numberText is the number as written, or "" when v is not a number.
func numberText(v *fastjson.Value) string {
	if v.Type() != fastjson.TypeNumber {
		return ""
	}
	return string(v.MarshalTo(nil))
}

func jsonType(v *fastjson.Value) string {
	if v == nil {
		return "nothing"
	}
	switch v.Type() {
	case fastjson.TypeNull:
		return "null"
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "a boolean"
	case fastjson.TypeNumber:
		return "a number"
	case fastjson.TypeString:
		return "a string"
	case fastjson.TypeArray:
		return "an array"
	default:
		return "an object"
	}
}

// marshalAny writes v back as JSON. It does not use fastjson's own
// MarshalTo, which quotes strings with Go escapes (\x01) that are not JSON.
func marshalAny(v *fastjson.Value) json.RawMessage {
	return appendJSON(nil, v)
}

func appendJSON(dst []byte, v *fastjson.Value) []byte {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		dst = append(dst, '{')
		first := true
		o.Visit(func(key []byte, e *fastjson.Value) {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendString(dst, validUTF8(string(key)))
			dst = append(dst, ':')
			dst = appendJSON(dst, e)
		})
		return append(dst, '}')
	case fastjson.TypeArray:
		a, _ := v.Array()
		dst = append(dst, '[')
		for i, e := range a {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, e)
		}
		return append(dst, ']')
	case fastjson.TypeString:
		s, _ := asString(v)
		return appendString(dst, s)
	default: // numbers as written, true, false, null
		return v.MarshalTo(dst)
	}
}

func appendString(dst []byte, s string) []byte {
	b, err := json.Marshal(s)
	if err != nil {
		// Marshalling a Go string cannot fail.
		return append(dst, `""`...)
	}
	return append(dst, b...)
}
