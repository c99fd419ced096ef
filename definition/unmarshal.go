package definition

import (
	"fmt"

	"github.com/valyala/fastjson"
)

// UnmarshalJSON decodes tolerantly, as [Decode] does, so a Definition can be
// a field of other JSON documents (API bodies, workflow inputs).
func (d *Definition) UnmarshalJSON(b []byte) error {
	def, err := Decode(b)
	if err != nil {
		return err
	}
	*d = *def
	return nil
}

// UnmarshalJSON decodes one step tolerantly.
func (s *Step) UnmarshalJSON(b []byte) error {
	err := withJSON(b, func(v *fastjson.Value) { *s = (&decoder{}).step(v, "", 0) })
	if err != nil {
		return fmt.Errorf("decoding step: %w", err)
	}
	return nil
}

// UnmarshalJSON decodes one transition tolerantly.
func (t *Transition) UnmarshalJSON(b []byte) error {
	err := withJSON(b, func(v *fastjson.Value) { *t = (&decoder{}).transition(v, "") })
	if err != nil {
		return fmt.Errorf("decoding transition: %w", err)
	}
	return nil
}

// UnmarshalJSON decodes an expression; a bare string is its source.
func (e *Expr) UnmarshalJSON(b []byte) error {
	err := withMember(b, func(o *object) {
		if x := o.expr("v", false); x != nil {
			*e = *x
		}
	})
	if err != nil {
		return fmt.Errorf("decoding expression: %w", err)
	}
	return nil
}

// UnmarshalJSON decodes a value provider tolerantly.
func (p *ValueProvider) UnmarshalJSON(b []byte) error {
	err := withMember(b, func(o *object) {
		if x := o.provider("v", false); x != nil {
			*p = *x
		}
	})
	if err != nil {
		return fmt.Errorf("decoding value provider: %w", err)
	}
	return nil
}

// UnmarshalJSON decodes a param value (provider, object, array or literal).
func (p *ParamValue) UnmarshalJSON(b []byte) error {
	err := withJSON(b, func(v *fastjson.Value) { *p = (&decoder{}).param(v, "") })
	if err != nil {
		return fmt.Errorf("decoding param value: %w", err)
	}
	return nil
}

// withMember parses the JSON value b as the member "v" of an object, so that
// the accessors that decode object members can decode it. b is validated
// alone first: wrapping must not turn invalid input into valid JSON.
func withMember(b []byte, fn func(*object)) error {
	if err := fastjson.ValidateBytes(b); err != nil {
		return err
	}
	doc := make([]byte, 0, len(b)+6)
	doc = append(append(append(doc, `{"v":`...), b...), '}')
	return withJSON(doc, func(root *fastjson.Value) { fn((&decoder{}).object(root, "", nil)) })
}
