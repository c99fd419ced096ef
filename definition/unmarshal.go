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
	v, err := parseJSON(b)
	if err != nil {
		return fmt.Errorf("decoding expression: %w", err)
	}
	o := &object{d: &decoder{}, m: map[string]any{"e": v}}
	if x := o.expr("e", false); x != nil {
		*e = *x
	}
	return nil
}

// UnmarshalJSON decodes a value provider tolerantly.
func (p *ValueProvider) UnmarshalJSON(b []byte) error {
	v, err := parseJSON(b)
	if err != nil {
		return fmt.Errorf("decoding value provider: %w", err)
	}
	o := &object{d: &decoder{}, m: map[string]any{"p": v}}
	if x := o.provider("p", false); x != nil {
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
