package definition

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/valyala/fastjson"
)

// Decode reads a definition tolerantly: enum keys become values, an
// expression without a type is JSONata, a mapping without an id gets one from
// its position, unknown fields and known fields of the wrong JSON type are
// kept in Extra so that [Encode] writes them back. It fails only when data is
// not JSON or not a JSON object; every other problem is left for [Validate]
// to report, so a draft that does not validate still loads and saves. A key
// repeated in one object keeps its first value.
func Decode(data []byte) (*Definition, error) {
	var def *Definition
	err := withJSON(data, func(root *fastjson.Value) { def, _ = decodeRoot(root) })
	if err != nil {
		return nil, fmt.Errorf("decoding definition: %w", err)
	}
	if def == nil {
		return nil, errors.New("decoding definition: the document is not a JSON object")
	}
	return def, nil
}

// parsers are reused: fastjson's parser keeps its value cache between
// documents, which is most of what parsing would otherwise allocate.
var parsers fastjson.ParserPool

// withJSON parses one JSON value, keeping numbers as written, and calls fn
// with it. The value is only valid during fn (the parser is reused after);
// decoders copy what they keep. It uses fastjson because parsing dominated
// validation time with encoding/json (about 5x slower into map[string]any at
// 5,000 steps); the strict validation pass first keeps fastjson's lenient
// parser from accepting what encoding/json would reject. Nesting is limited
// to fastjson.MaxDepth (300).
func withJSON(data []byte, fn func(*fastjson.Value)) error {
	if err := fastjson.ValidateBytes(data); err != nil {
		return err
	}
	p := parsers.Get()
	defer parsers.Put(p)
	v, err := p.ParseBytes(data)
	if err != nil {
		return err
	}
	fn(v)
	return nil
}

// decodeRoot builds the definition and the DEFINITION_SHAPE and
// STEP_TYPE_KNOWN issues found on the way. def is nil when root is not an
// object.
func decodeRoot(root *fastjson.Value) (*Definition, []Issue) {
	d := &decoder{}
	if _, ok := asObject(root); !ok {
		d.shape("", "the definition must be a JSON object, got %s", jsonType(root))
		return nil, d.issues
	}
	o := d.object(root, "", definitionKeys)
	def := &Definition{
		ID:                       o.str("id", true),
		Name:                     o.str("name", true),
		LegacyServiceRequestType: o.str("legacyServiceRequestType", false),
	}
	if arr, path, ok := o.array("steps", true); ok {
		def.Steps = make([]Step, len(arr))
		for i, v := range arr {
			def.Steps[i] = d.step(v, index(path, i), i)
		}
	}
	d.ctx = issueCtx{}
	if arr, path, ok := o.array("stepTransitions", true); ok {
		def.Transitions = make([]Transition, len(arr))
		for i, v := range arr {
			def.Transitions[i] = d.transition(v, index(path, i))
		}
	}
	d.ctx = issueCtx{}
	if arr, path, ok := o.array("stepGroups", false); ok {
		def.Groups = make([]StepGroup, len(arr))
		for i, v := range arr {
			def.Groups[i] = d.group(v, index(path, i))
		}
	}
	d.ctx = issueCtx{}
	def.Extra = o.extra()
	return def, d.issues
}

var (
	definitionKeys = keys("id", "name", "steps", "stepTransitions", "stepGroups", "legacyServiceRequestType")
	stepKeys       = keys("id", "type", "name", "outputSchema", "group", "legacyServiceRequestTaskKey",
		"activationPolicy", "ui", "assignee", "dueIn", "form", "url", "documents", "mode",
		"childWorkflowTemplateVersionId", "dataSources", "inputMapping", "contextProjection",
		"childWorkflowName", "iterable", "maxConcurrency", "onChildFailure")
	groupRefKeys   = keys("groupId", "order")
	policyKeys     = keys("defaultStatus")
	documentKeys   = keys("key", "name", "required")
	transitionKeys = keys("id", "fromStepId", "toStepId", "condition", "isDefault", "label", "onArrival", "ui")
	onArrivalKeys  = keys("status")
	groupKeys      = keys("id", "name", "stepIds", "legacyServiceRequestTaskGroupKey")
	exprKeys       = keys("type", "src")
	providerKeys   = keys("type", "value", "ref", "expr")
	fieldRefKeys   = keys("source", "stepId", "key", "path")
	mappingKeys    = keys("id", "targetPath", "value", "mode")
	dataSourceKeys = keys("id", "alias", "type", "dataSourceID", "params", "select", "scope")
	iterableKeys   = keys("type", "expr", "stepId", "key", "select")
)

func keys(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func (d *decoder) step(v *fastjson.Value, path string, index int) Step {
	m, ok := asObject(v)
	if !ok {
		d.ctx = issueCtx{}
		d.shape(path, "step %d must be a JSON object, got %s", index, jsonType(v))
		return Step{invalid: marshalAny(v)}
	}
	id, _ := asString(m.Get("id"))
	d.ctx = issueCtx{stepID: id}
	o := d.object(v, path, stepKeys)
	s := Step{
		ID:                          o.id("id"),
		Type:                        StepType(o.enum("type", stepTypes, true)),
		Name:                        o.str("name", true),
		OutputSchema:                o.raw("outputSchema"),
		LegacyServiceRequestTaskKey: o.str("legacyServiceRequestTaskKey", false),
		UI:                          o.raw("ui"),
		DueIn:                       o.str("dueIn", false),
		Form:                        o.raw("form"),
		ChildWorkflowName:           o.expr("childWorkflowName", false),
		OnChildFailure:              ChildFailure(o.enum("onChildFailure", childFailures, false)),
	}
	if g := o.obj("group", false, groupRefKeys); g != nil {
		s.Group = &GroupRef{GroupID: g.str("groupId", true), Order: g.num("order")}
		s.Group.Extra = g.extra()
	}
	if p := o.obj("activationPolicy", false, policyKeys); p != nil {
		s.ActivationPolicy = &ActivationPolicy{DefaultStatus: Status(p.enum("defaultStatus", statuses, false))}
		s.ActivationPolicy.Extra = p.extra()
	}
	s.Assignee = o.provider("assignee", false)
	s.URL = o.provider("url", false)
	if s.DueIn != "" && !validDuration(s.DueIn) {
		d.shape(pointer(path, "dueIn"), "dueIn %q is not an ISO 8601 duration such as P3D or PT4H", s.DueIn)
	}
	if arr, p, ok := o.array("documents", false); ok {
		s.Documents = make([]Document, 0, len(arr))
		for i, v := range arr {
			if doc := d.object(v, pointer(p, i), documentKeys); doc != nil {
				s.Documents = append(s.Documents, Document{Key: doc.str("key", true), Name: doc.str("name", false),
					Required: doc.boolean("required"), Extra: doc.extra()})
			} else {
				s.Documents = append(s.Documents, Document{invalid: marshalAny(v)})
			}
		}
	}
	sub := s.Type == StepSubWorkflow
	s.Mode = Mode(o.enum("mode", modes, sub))
	s.ChildWorkflowTemplateVersionID = o.str("childWorkflowTemplateVersionId", sub)
	if arr, p, ok := o.array("dataSources", false); ok {
		s.DataSources = make([]DataSourceCall, len(arr))
		for i, v := range arr {
			s.DataSources[i] = d.dataSource(v, pointer(p, i))
		}
	}
	s.InputMapping = o.mappings("inputMapping")
	s.ContextProjection = o.mappings("contextProjection")
	if it := o.obj("iterable", false, iterableKeys); it != nil {
		s.Iterable = d.iterable(it)
	}
	s.MaxConcurrency = o.integer("maxConcurrency")
	if s.MaxConcurrency != nil && *s.MaxConcurrency < 1 {
		d.shape(pointer(path, "maxConcurrency"), "maxConcurrency must be at least 1, got %d", *s.MaxConcurrency)
	}
	s.Extra = o.extra()
	return s
}

func (d *decoder) transition(v *fastjson.Value, path string) Transition {
	m, ok := asObject(v)
	if !ok {
		d.ctx = issueCtx{}
		d.shape(path, "transition must be a JSON object, got %s", jsonType(v))
		return Transition{invalid: marshalAny(v)}
	}
	id, _ := asString(m.Get("id"))
	d.ctx = issueCtx{transitionID: id}
	o := d.object(v, path, transitionKeys)
	t := Transition{
		ID:         o.id("id"),
		FromStepID: o.id("fromStepId"),
		ToStepID:   o.id("toStepId"),
		Condition:  o.expr("condition", false),
		IsDefault:  o.boolean("isDefault"),
		Label:      o.str("label", false),
		UI:         o.raw("ui"),
	}
	if a := o.obj("onArrival", false, onArrivalKeys); a != nil {
		t.OnArrival = &OnArrival{Status: Status(a.enum("status", statuses, false))}
		t.OnArrival.Extra = a.extra()
	}
	t.Extra = o.extra()
	return t
}

func (d *decoder) group(v *fastjson.Value, path string) StepGroup {
	m, ok := asObject(v)
	if !ok {
		d.ctx = issueCtx{}
		d.shape(path, "step group must be a JSON object, got %s", jsonType(v))
		return StepGroup{invalid: marshalAny(v)}
	}
	id, _ := asString(m.Get("id"))
	d.ctx = issueCtx{groupID: id}
	o := d.object(v, path, groupKeys)
	g := StepGroup{
		ID:                               o.id("id"),
		Name:                             o.str("name", true),
		LegacyServiceRequestTaskGroupKey: o.str("legacyServiceRequestTaskGroupKey", false),
	}
	if arr, p, ok := o.array("stepIds", true); ok {
		g.StepIDs = make([]string, len(arr))
		for i, v := range arr {
			s, ok := asString(v)
			if !ok {
				d.shape(pointer(p, i), "step ids must be strings, got %s", jsonType(v))
			}
			g.StepIDs[i] = s
		}
	}
	g.Extra = o.extra()
	return g
}

func (d *decoder) dataSource(v *fastjson.Value, path string) DataSourceCall {
	o := d.object(v, path, dataSourceKeys)
	if o == nil {
		return DataSourceCall{invalid: marshalAny(v)}
	}
	c := DataSourceCall{
		ID:           o.id("id"),
		Alias:        o.id("alias"),
		Type:         DataSourceType(o.enum("type", dsTypes, true)),
		DataSourceID: o.id("dataSourceID"),
		Select:       o.expr("select", false),
		Scope:        Scope(o.enum("scope", scopes, false)),
	}
	if pv := o.get("params"); pv != nil {
		p := d.param(pv, pointer(path, "params"))
		c.Params = &p
	}
	c.Extra = o.extra()
	return c
}

func (d *decoder) iterable(o *object) *Iterable {
	it := &Iterable{Type: IterableType(o.enum("type", iterableTypes, true))}
	it.Expr = o.expr("expr", it.Type == IterableExpression)
	it.StepID = o.str("stepId", it.Type == IterableStep)
	it.Key = o.str("key", it.Type == IterableDataSource)
	it.Select = o.expr("select", false)
	it.Extra = o.extra()
	return it
}

// param decodes a ParamValue: SPEC §3 says an object is a provider when its
// type is a provider type and it carries that provider's companion key.
func (d *decoder) param(v *fastjson.Value, path string) ParamValue {
	switch v.Type() {
	case fastjson.TypeObject:
		x, _ := v.Object()
		if t, ok := asString(x.Get("type")); ok {
			pt := ProviderType(providerTypes.normalize(t))
			if ck := companionKey[pt]; ck != "" && x.Get(ck) != nil {
				return ParamValue{Kind: ParamProvider, Provider: d.providerFrom(d.object(v, path, providerKeys))}
			}
		}
		members := map[string]*fastjson.Value{}
		x.Visit(func(k []byte, e *fastjson.Value) {
			if key := validUTF8(string(k)); members[key] == nil {
				members[key] = e // a repeated key: the first one wins
			}
		})
		obj := make(map[string]ParamValue, len(members))
		for _, k := range sortedKeys(members) {
			obj[k] = d.param(members[k], pointer(path, k))
		}
		return ParamValue{Kind: ParamObject, Object: obj}
	case fastjson.TypeArray:
		a, _ := v.Array()
		arr := make([]ParamValue, len(a))
		for i, e := range a {
			arr[i] = d.param(e, index(path, i))
		}
		return ParamValue{Kind: ParamArray, Array: arr}
	default:
		return ParamValue{Kind: ParamLiteral, Literal: marshalAny(v)}
	}
}

var companionKey = map[ProviderType]string{ProviderConst: "value", ProviderField: "ref", ProviderExpr: "expr"}

func (d *decoder) providerFrom(o *object) *ValueProvider {
	p := &ValueProvider{Type: ProviderType(o.enum("type", providerTypes, true))}
	switch p.Type {
	case ProviderConst:
		if o.get("value") == nil {
			d.shape(o.path, "a const provider needs a value")
		}
		p.Value = o.raw("value")
	case ProviderField:
		if r := o.obj("ref", true, fieldRefKeys); r != nil {
			p.Ref = d.fieldRef(r)
		}
	case ProviderExpr:
		p.Expr = o.expr("expr", true)
	}
	p.Extra = o.extra()
	return p
}

func (d *decoder) fieldRef(o *object) *FieldRef {
	r := &FieldRef{Source: Source(o.enum("source", sources, true))}
	r.StepID = o.str("stepId", r.Source == SourceStep)
	r.Key = o.str("key", r.Source == SourceDataSource)
	r.Path = o.str("path", false)
	r.Extra = o.extra()
	return r
}

// validDuration reports whether ParseDuration reads s.
func validDuration(s string) bool {
	_, err := ParseDuration(s)
	return err == nil
}

func allDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
