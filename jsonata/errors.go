package jsonata

import (
	"errors"
	"fmt"
	"strings"
)

// Error is a JSONata compile or evaluation error. Code is the error code
// jsonata-js raises for the same situation (for example "T2001" or
// "S0201"), so callers and tests can match on it. Position is the offset in
// the expression in UTF-16 code units (as in JavaScript), pointing just
// past the offending token as jsonata-js does, or -1 when unknown.
type Error struct {
	Code     string
	Position int
	Token    string
	Value    any
	Message  string
}

// Error formats the error as "CODE at position N: message".
func (e *Error) Error() string {
	if e.Position >= 0 {
		return fmt.Sprintf("%s at position %d: %s", e.Code, e.Position, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Limit error codes. The jsonata-js test harness reports both its time
// limit and its depth limit as U1001, and the official suite expects U1001
// for a non-terminating tail recursion, which only a time limit can stop;
// so U1001 is the time limit here, and the other limits get codes of their
// own so callers can tell them apart.
const (
	// CodeTimeout is raised when the context is cancelled or its deadline passes.
	CodeTimeout = "U1001"
	// CodeDepth is raised when evaluation nests deeper than the maximum depth.
	CodeDepth = "U1002"
	// CodeSize is raised when a sequence, array, object or string would exceed MaxSize.
	CodeSize = "U1003"
	// CodeSteps is raised when an evaluation takes more steps than WithMaxSteps allows: a
	// deterministic bound on its running time, for callers that must give the same answer on
	// every run (a replayed workflow), which a deadline cannot.
	CodeSteps = "U1004"
)

// ErrUndefined is returned by Expression.Evaluate when the expression
// produces no value (JSONata "undefined"), which is distinct from JSON null
// (returned as a nil value with a nil error).
var ErrUndefined = errors.New("jsonata: expression produced no value")

var messages = map[string]string{
	"S0101":     "String literal must be terminated by a matching quote",
	"S0102":     "Number out of range",
	"S0103":     "Unsupported escape sequence",
	"S0104":     "The escape sequence \\u must be followed by 4 hex digits",
	"S0105":     "Quoted property name must be terminated with a backquote (`)",
	"S0106":     "Comment has no closing tag",
	"S0201":     "Syntax error",
	"S0202":     "Expected a different token",
	"S0203":     "Expected a token before end of expression",
	"S0204":     "Unknown operator",
	"S0205":     "Unexpected token",
	"S0206":     "Unknown expression type",
	"S0207":     "Unexpected end of expression",
	"S0208":     "Parameter of function definition must be a variable name (start with $)",
	"S0209":     "A predicate cannot follow a grouping expression in a step",
	"S0210":     "Each step can only have one grouping expression",
	"S0211":     "The symbol cannot be used as a unary operator",
	"S0212":     "The left side of := must be a variable name (start with $)",
	"S0213":     "The literal value cannot be used as a step within a path expression",
	"S0214":     "The right side of the operator must be a variable name (start with $)",
	"S0215":     "A context variable binding must precede any predicates on a step",
	"S0216":     "A context variable binding must precede the 'order-by' clause on a step",
	"S0217":     "The object representing the 'parent' cannot be derived from this expression",
	"S0301":     "Empty regular expressions are not allowed",
	"S0302":     "No terminating / in regular expression",
	"S0303":     "Invalid regular expression",
	"S0401":     "Type parameters can only be applied to functions and arrays",
	"S0402":     "Choice groups containing parameterized types are not supported",
	"T0410":     "Argument does not match function signature",
	"T0411":     "Context value is not a compatible type with the argument",
	"T0412":     "Argument must be an array of the type given in the signature",
	"D1001":     "Number out of range",
	"D1002":     "Cannot negate a non-numeric value",
	"T1003":     "Key in object structure must evaluate to a string",
	"D1004":     "Regular expression matches zero length string",
	"T1005":     "Attempted to invoke a non-function. Did you mean ${token}?",
	"T1006":     "Attempted to invoke a non-function",
	"T1007":     "Attempted to partially apply a non-function. Did you mean ${token}?",
	"T1008":     "Attempted to partially apply a non-function",
	"D1009":     "Multiple key definitions evaluate to same key",
	"D1010":     "Attempted to access the Javascript object prototype",
	"T1010":     "The matcher function argument passed to function does not return the correct object structure",
	"T2001":     "The left side of the arithmetic operator must evaluate to a number",
	"T2002":     "The right side of the arithmetic operator must evaluate to a number",
	"T2003":     "The left side of the range operator (..) must evaluate to an integer",
	"T2004":     "The right side of the range operator (..) must evaluate to an integer",
	"D2005":     "The left side of := must be a variable name (start with $)",
	"T2006":     "The right side of the function application operator ~> must be a function",
	"T2007":     "Type mismatch when comparing values in order-by clause",
	"T2008":     "The expressions within an order-by clause must evaluate to numeric or string values",
	"T2009":     "The values on either side of the operator must be of the same data type",
	"T2010":     "The expressions either side of the operator must evaluate to numeric or string values",
	"T2011":     "The insert/update clause of the transform expression must evaluate to an object",
	"T2012":     "The delete clause of the transform expression must evaluate to a string or array of strings",
	"T2013":     "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
	"D2014":     "The size of the sequence allocated by the range operator (..) must not exceed 1e7",
	"D3001":     "Attempting to invoke string function on Infinity or NaN",
	"D3010":     "Second argument of replace function cannot be an empty string",
	"D3011":     "Fourth argument of replace function must evaluate to a positive number",
	"D3012":     "Attempted to replace a matched string with a non-string value",
	"D3020":     "Third argument of split function must evaluate to a positive number",
	"D3030":     "Unable to cast value to a number",
	"D3040":     "Third argument of match function must evaluate to a positive number",
	"D3050":     "The second argument of reduce function must be a function with at least two arguments",
	"D3060":     "The sqrt function cannot be applied to a negative number",
	"D3061":     "The power function has resulted in a value that cannot be represented as a JSON number",
	"D3070":     "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
	"D3100":     "The radix of the formatBase function must be between 2 and 36",
	"D3110":     "The argument of the toMillis function must be an ISO 8601 formatted timestamp",
	"D3120":     "Syntax error in expression passed to function eval",
	"D3121":     "Dynamic error evaluating the expression passed to function eval",
	"D3137":     "$error() function evaluated",
	"D3138":     "The $single() function expected exactly 1 matching result.  Instead it matched more.",
	"D3139":     "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
	"D3140":     "Malformed URL passed to function",
	"D3141":     "$assert() statement failed",
	CodeDepth:   "Stack overflow error: evaluation exceeded the maximum depth",
	CodeTimeout: "Expression evaluation timeout or cancellation",
	CodeSize:    "Result size limit exceeded",
	CodeSteps:   "Evaluation step limit exceeded",
}

// newError builds an *Error with the standard message for code.
func newError(code string, pos int, token string, value any) *Error {
	msg, ok := messages[code]
	if !ok {
		msg = "error " + code
	}
	msg = strings.ReplaceAll(msg, "${token}", "$"+token)
	return &Error{Code: code, Position: pos, Token: token, Value: value, Message: msg}
}

// errAt builds an error without position; the evaluator fills positions in.
func errCode(code string, value any) *Error { return newError(code, -1, "", value) }

// withPos fills in the position (and token) of err if it is an *Error
// that has none yet, the way jsonata-js annotates errors as they bubble up.
func withPos(err error, pos int, token string) error {
	var je *Error
	if errors.As(err, &je) {
		if je.Position < 0 {
			je.Position = pos
		}
		if je.Token == "" {
			je.Token = token
		}
	}
	return err
}
