package definition

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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
	m     map[string]any
	path  string
	known map[string]bool
	bad   []string
}

// object returns nil, after noting the problem, when v is not an object.
func (d *decoder) object(v any, path string, known map[string]bool) *object {
	m, ok := v.(map[string]any)
	if !ok {
		d.shape(path, "expected a JSON object, got %s", jsonType(v))
		return nil
	}
	return &object{d: d, m: m, path: path, known: known}
}

func (o *object) extra() Extra {
	var e Extra
	for k, v := range o.m {
		if o.known[k] && !o.isBad(k) {
			continue
		}
		if e == nil {
			e = Extra{}
		}
		e[k] = marshalAny(v)
	}
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
func (o *object) wrongType(key, want string, v any) {
	o.bad = append(o.bad, key)
	o.d.shape(pointer(o.path, key), "%s must be %s, got %s", key, want, jsonType(v))
}

func (o *object) missing(key, what string) {
	o.d.shape(o.path, "%s is required (%s)", key, what)
}

func (o *object) str(key string, required bool) string {
	v, ok := o.m[key]
	if !ok {
		if required {
			o.missing(key, "a string")
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		o.wrongType(key, "a string", v)
	}
	return s
}

// id is a required, non-empty string.
func (o *object) id(key string) string {
	s := o.str(key, true)
	if _, present := o.m[key]; present && s == "" && !o.isBad(key) {
		o.d.shape(pointer(o.path, key), "%s must not be empty", key)
	}
	return s
}

func (o *object) enum(key string, e *enum, required bool) string {
	s := o.str(key, required)
	if s == "" {
		if _, present := o.m[key]; present && !o.isBad(key) {
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
	v, ok := o.m[key]
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		o.wrongType(key, "a boolean", v)
	}
	return b
}

func (o *object) num(key string) *float64 {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	n, isNum := v.(json.Number)
	f, err := n.Float64()
	if !isNum || err != nil {
		o.wrongType(key, "a number", v)
		return nil
	}
	return &f
}

func (o *object) integer(key string) *int {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	n, isNum := v.(json.Number)
	i, err := strconv.Atoi(n.String())
	if !isNum || err != nil {
		o.wrongType(key, "an integer", v)
		return nil
	}
	return &i
}

// raw keeps any JSON value as written (schemas, ui, const values).
func (o *object) raw(key string) json.RawMessage {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	return marshalAny(v)
}

func (o *object) obj(key string, required bool, known map[string]bool) *object {
	v, ok := o.m[key]
	if !ok {
		if required {
			o.missing(key, "an object")
		}
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		o.wrongType(key, "an object", v)
		return nil
	}
	return &object{d: o.d, m: m, path: pointer(o.path, key), known: known}
}

func (o *object) array(key string, required bool) ([]any, string, bool) {
	v, ok := o.m[key]
	if !ok {
		if required {
			o.missing(key, "an array")
		}
		return nil, "", false
	}
	a, ok := v.([]any)
	if !ok {
		o.wrongType(key, "an array", v)
		return nil, "", false
	}
	return a, pointer(o.path, key), true
}

// expr decodes an Expr; a bare string is accepted as its source.
func (o *object) expr(key string, required bool) *Expr {
	v, ok := o.m[key]
	if !ok {
		if required {
			o.missing(key, "an expression")
		}
		return nil
	}
	if s, ok := v.(string); ok {
		return &Expr{Type: ExprJSONata, Src: s, bare: true}
	}
	e := o.obj(key, false, exprKeys)
	if e == nil {
		return nil
	}
	x := &Expr{Type: ExprType(e.enum("type", exprTypes, false)), Src: e.str("src", true)}
	_, isString := e.m["src"].(string)
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
