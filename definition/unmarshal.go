package definition

import "fmt"

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
	v, err := parseJSON(b)
	if err != nil {
		return fmt.Errorf("decoding step: %w", err)
	}
	*s = (&decoder{}).step(v, "", 0)
	return nil
}

// UnmarshalJSON decodes one transition tolerantly.
func (t *Transition) UnmarshalJSON(b []byte) error {
	v, err := parseJSON(b)
	if err != nil {
		return fmt.Errorf("decoding transition: %w", err)
	}
	*t = (&decoder{}).transition(v, "")
	return nil
}

// UnmarshalJSON decodes an expression; a bare string is its source.
func (e *Expr) UnmarshalJSON(b []byte) error {
	o, err := wrapped(b)
	if err != nil {
		return fmt.Errorf("decoding expression: %w", err)
	}
	if x := o.expr("v", false); x != nil {
		*e = *x
	}
	return nil
}

// UnmarshalJSON decodes a value provider tolerantly.
func (p *ValueProvider) UnmarshalJSON(b []byte) error {
	o, err := wrapped(b)
	if err != nil {
		return fmt.Errorf("decoding value provider: %w", err)
	}
	if x := o.provider("v", false); x != nil {
		*p = *x
	}
	return nil
}

// UnmarshalJSON decodes a param value (provider, object, array or literal).
func (p *ParamValue) UnmarshalJSON(b []byte) error {
	v, err := parseJSON(b)
	if err != nil {
		return fmt.Errorf("decoding param value: %w", err)
	}
	*p = (&decoder{}).param(v, "")
	return nil
}

// wrapped parses the JSON value b as the member "v" of an object, so that
// the object accessors that decode members can decode it. b is validated
// alone first: wrapping must not turn invalid input into valid JSON.
func wrapped(b []byte) (*object, error) {
	if _, err := parseJSON(b); err != nil {
		return nil, err
	}
	doc := make([]byte, 0, len(b)+6)
	doc = append(append(append(doc, `{"v":`...), b...), '}')
	root, err := parseJSON(doc)
	if err != nil {
		return nil, err
	}
	return (&decoder{}).object(root, "", nil), nil
}
