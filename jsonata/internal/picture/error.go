package picture

import "fmt"

// Error is a picture or input error carrying the JSONata error code that
// jsonata-js raises for the same situation, so the engine can report it
// unchanged.
type Error struct {
	// Code is the JSONata error code, e.g. "D3133".
	Code string
	// Message is a human-readable description.
	Message string
	// Value is the offending token or value, when there is one (the
	// "value" property of a jsonata-js error).
	Value any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Value != nil {
		return fmt.Sprintf("%s: %s (%v)", e.Code, e.Message, e.Value)
	}
	return e.Code + ": " + e.Message
}

func errorf(code string, value any, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Value: value}
}
