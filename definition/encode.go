package definition

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Encode writes d in canonical form: stored enum values, expressions with
// their type, mappings with their id, known fields in a fixed order, then the
// preserved unknown fields.
func Encode(d *Definition) ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encoding definition %q: %w", d.ID, err)
	}
	return b, nil
}

// objWriter writes a JSON object field by field. A key present in Extra is
// written from Extra unless the typed field was written first, so a field
// whose input had the wrong type survives a round trip unchanged.
type objWriter struct {
	b       bytes.Buffer
	written []string
	err     error
}

func (w *objWriter) field(key string, v any) {
	if w.err != nil {
		return
	}
	var val []byte
	if raw, ok := v.(json.RawMessage); ok {
		val = raw
	} else {
		val, w.err = json.Marshal(v)
	}
	if w.err != nil {
		w.err = fmt.Errorf("encoding %s: %w", key, w.err)
		return
	}
	if len(w.written) == 0 {
		w.b.WriteByte('{')
	} else {
		w.b.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	w.b.Write(k)
	w.b.WriteByte(':')
	w.b.Write(val)
	w.written = append(w.written, key)
}

// str writes a string field when set, or when required and Extra does not
// hold the original (mistyped) value.
func (w *objWriter) str(key, v string, required bool, extra Extra) {
	if _, inExtra := extra[key]; v != "" || (required && !inExtra) {
		w.field(key, v)
	}
}

func (w *objWriter) raw(key string, v json.RawMessage) {
	if v != nil {
		w.field(key, v)
	}
}

func (w *objWriter) finish(extra Extra) ([]byte, error) {
	for _, k := range sortedKeys(extra) {
		if !contains(w.written, k) {
			w.field(k, extra[k])
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if len(w.written) == 0 {
		return []byte("{}"), nil
	}
	w.b.WriteByte('}')
	return w.b.Bytes(), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MarshalJSON writes the canonical form.
func (d Definition) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("id", d.ID, true, d.Extra)
	w.str("name", d.Name, true, d.Extra)
	if _, inExtra := d.Extra["steps"]; d.Steps != nil || !inExtra {
		w.field("steps", nonNil(d.Steps))
	}
	if _, inExtra := d.Extra["stepTransitions"]; d.Transitions != nil || !inExtra {
		w.field("stepTransitions", nonNil(d.Transitions))
	}
	if d.Groups != nil {
		w.field("stepGroups", d.Groups)
	}
	w.str("legacyServiceRequestType", d.LegacyServiceRequestType, false, d.Extra)
	return w.finish(d.Extra)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes the canonical form.
func (s Step) MarshalJSON() ([]byte, error) {
	if s.invalid != nil {
		return s.invalid, nil
	}
	var w objWriter
	w.str("id", s.ID, true, s.Extra)
	w.str("type", string(s.Type), true, s.Extra)
	w.str("name", s.Name, true, s.Extra)
	w.raw("outputSchema", s.OutputSchema)
	if s.Group != nil {
		w.field("group", s.Group)
	}
	w.str("legacyServiceRequestTaskKey", s.LegacyServiceRequestTaskKey, false, nil)
	if s.ActivationPolicy != nil {
		w.field("activationPolicy", s.ActivationPolicy)
	}
	if s.Assignee != nil {
		w.field("assignee", s.Assignee)
	}
	w.str("dueIn", s.DueIn, false, nil)
	w.raw("form", s.Form)
	if s.URL != nil {
		w.field("url", s.URL)
	}
	if s.Documents != nil {
		w.field("documents", s.Documents)
	}
	w.str("mode", string(s.Mode), false, nil)
	w.str("childWorkflowTemplateVersionId", s.ChildWorkflowTemplateVersionID, false, nil)
	if s.DataSources != nil {
		w.field("dataSources", s.DataSources)
	}
	if s.InputMapping != nil {
		w.field("inputMapping", s.InputMapping)
	}
	if s.ContextProjection != nil {
		w.field("contextProjection", s.ContextProjection)
	}
	if s.ChildWorkflowName != nil {
		w.field("childWorkflowName", s.ChildWorkflowName)
	}
	if s.Iterable != nil {
		w.field("iterable", s.Iterable)
	}
	if s.MaxConcurrency != nil {
		w.field("maxConcurrency", *s.MaxConcurrency)
	}
	w.str("onChildFailure", string(s.OnChildFailure), false, nil)
	w.raw("ui", s.UI)
	return w.finish(s.Extra)
}

// MarshalJSON writes the canonical form.
func (g GroupRef) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("groupId", g.GroupID, true, g.Extra)
	if g.Order != nil {
		w.field("order", *g.Order)
	}
	return w.finish(g.Extra)
}

// MarshalJSON writes the canonical form.
func (p ActivationPolicy) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("defaultStatus", string(p.DefaultStatus), false, nil)
	return w.finish(p.Extra)
}

// MarshalJSON writes the canonical form.
func (d Document) MarshalJSON() ([]byte, error) {
	if d.invalid != nil {
		return d.invalid, nil
	}
	var w objWriter
	w.str("key", d.Key, true, d.Extra)
	w.str("name", d.Name, false, nil)
	if d.Required {
		w.field("required", true)
	}
	return w.finish(d.Extra)
}

// MarshalJSON writes the canonical form.
func (t Transition) MarshalJSON() ([]byte, error) {
	if t.invalid != nil {
		return t.invalid, nil
	}
	var w objWriter
	w.str("id", t.ID, true, t.Extra)
	w.str("fromStepId", t.FromStepID, true, t.Extra)
	w.str("toStepId", t.ToStepID, true, t.Extra)
	if t.Condition != nil {
		w.field("condition", t.Condition)
	}
	if t.IsDefault {
		w.field("isDefault", true)
	}
	w.str("label", t.Label, false, nil)
	if t.OnArrival != nil {
		w.field("onArrival", t.OnArrival)
	}
	w.raw("ui", t.UI)
	return w.finish(t.Extra)
}

// MarshalJSON writes the canonical form.
func (a OnArrival) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("status", string(a.Status), false, nil)
	return w.finish(a.Extra)
}

// MarshalJSON writes the canonical form.
func (g StepGroup) MarshalJSON() ([]byte, error) {
	if g.invalid != nil {
		return g.invalid, nil
	}
	var w objWriter
	w.str("id", g.ID, true, g.Extra)
	w.str("name", g.Name, true, g.Extra)
	if _, inExtra := g.Extra["stepIds"]; g.StepIDs != nil || !inExtra {
		w.field("stepIds", nonNil(g.StepIDs))
	}
	w.str("legacyServiceRequestTaskGroupKey", g.LegacyServiceRequestTaskGroupKey, false, nil)
	return w.finish(g.Extra)
}

// MarshalJSON writes the canonical form; the type is always written.
func (e Expr) MarshalJSON() ([]byte, error) {
	var w objWriter
	t := e.Type
	if t == "" {
		t = ExprJSONata
	}
	w.field("type", string(t))
	w.str("src", e.Src, true, e.Extra)
	return w.finish(e.Extra)
}

// MarshalJSON writes the canonical form.
func (p ValueProvider) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("type", string(p.Type), true, p.Extra)
	w.raw("value", p.Value)
	if p.Ref != nil {
		w.field("ref", p.Ref)
	}
	if p.Expr != nil {
		w.field("expr", p.Expr)
	}
	return w.finish(p.Extra)
}

// MarshalJSON writes the canonical form.
func (r FieldRef) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("source", string(r.Source), true, r.Extra)
	w.str("stepId", r.StepID, false, nil)
	w.str("key", r.Key, false, nil)
	w.str("path", r.Path, false, nil)
	return w.finish(r.Extra)
}

// MarshalJSON writes the provider, object, array or literal.
func (p ParamValue) MarshalJSON() ([]byte, error) {
	switch p.Kind {
	case ParamProvider:
		return json.Marshal(p.Provider)
	case ParamObject:
		return json.Marshal(nonNilMap(p.Object))
	case ParamArray:
		return json.Marshal(nonNil(p.Array))
	default:
		if p.Literal == nil {
			return []byte("null"), nil
		}
		return p.Literal, nil
	}
}

func nonNilMap(m map[string]ParamValue) map[string]ParamValue {
	if m == nil {
		return map[string]ParamValue{}
	}
	return m
}

// MarshalJSON writes the canonical form, including a generated id.
func (m Mapping) MarshalJSON() ([]byte, error) {
	if m.invalid != nil {
		return m.invalid, nil
	}
	var w objWriter
	w.str("id", m.ID, false, nil)
	w.str("targetPath", m.TargetPath, true, m.Extra)
	if _, inExtra := m.Extra["value"]; m.Value.Type != "" || !inExtra {
		w.field("value", m.Value)
	}
	w.str("mode", string(m.Mode), false, nil)
	return w.finish(m.Extra)
}

// MarshalJSON writes the canonical form.
func (c DataSourceCall) MarshalJSON() ([]byte, error) {
	if c.invalid != nil {
		return c.invalid, nil
	}
	var w objWriter
	w.str("id", c.ID, true, c.Extra)
	w.str("alias", c.Alias, true, c.Extra)
	w.str("type", string(c.Type), true, c.Extra)
	w.str("dataSourceID", c.DataSourceID, true, c.Extra)
	if c.Params != nil {
		w.field("params", c.Params)
	}
	if c.Select != nil {
		w.field("select", c.Select)
	}
	w.str("scope", string(c.Scope), false, nil)
	return w.finish(c.Extra)
}

// MarshalJSON writes the canonical form.
func (it Iterable) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.str("type", string(it.Type), true, it.Extra)
	if it.Expr != nil {
		w.field("expr", it.Expr)
	}
	w.str("stepId", it.StepID, false, nil)
	w.str("key", it.Key, false, nil)
	if it.Select != nil {
		w.field("select", it.Select)
	}
	return w.finish(it.Extra)
}
