package expr

import "fmt"

// Error codes, stable for the API and the engine to match on.
const (
	// CodePathInvalid: a dot path does not parse, or a write cannot follow it.
	CodePathInvalid = "PATH_INVALID"
	// CodeAppendNotArray: an append mapping found something other than an array.
	CodeAppendNotArray = "APPEND_NOT_ARRAY"
	// CodeNotBoolean: a transition condition yielded a value that is not a boolean.
	CodeNotBoolean = "CONDITION_NOT_BOOLEAN"
	// CodeEvaluation: a JSONata expression failed to compile or evaluate; Err is the
	// *jsonata.Error with its own code and position.
	CodeEvaluation = "EXPRESSION_FAILED"
	// CodeProvider: a value provider, field ref or param is malformed (unknown type or source).
	CodeProvider = "PROVIDER_INVALID"
)

// Error is an error of the expression layer. It names what failed (the expression's source, or
// the path) so a person reading a failed step's reason can find it in the definition.
type Error struct {
	Code    string
	Expr    string // the JSONata source, when an expression failed
	Path    string // the dot path, when a path failed
	Message string
	Err     error // the underlying error, e.g. a *jsonata.Error
}

func (e *Error) Error() string {
	switch {
	case e.Expr != "":
		return fmt.Sprintf("%s: expression %q: %s", e.Code, e.Expr, e.Message)
	case e.Path != "":
		return fmt.Sprintf("%s: path %q: %s", e.Code, e.Path, e.Message)
	default:
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
}

func (e *Error) Unwrap() error { return e.Err }
