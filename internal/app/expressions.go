package app

import (
	"context"
	"errors"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
	"github.com/workflowbuilder/wfb/jsonata"
)

// ExpressionFault is where and why a JSONata expression failed: JSONata's own error code (S0201,
// T2001, U1004...) and the position in the expression (UTF-16 code units, just past the
// offending token; -1 when the engine does not know it).
type ExpressionFault struct {
	Code     string
	Position int
	Token    string
}

// ExpressionResult is what an expression yielded. Defined is false for JSONata's "no value"
// (undefined), which differs from null.
type ExpressionResult struct {
	Value   any
	Defined bool
}

// evaluator is the engine's evaluator without its workflow bindings: the same bounds (steps,
// depth, items, bytes, time) as expr.New(expr.Options{}) gives the engine, with the real clock
// and random source in place of Temporal's deterministic ones.
var evaluator = expr.New(expr.Options{})

// EvaluateExpression compiles src and, unless compileOnly, evaluates it against scope with the
// engine's evaluator and limits (docs/expressions.md), for the editor's "Try it". A syntax error
// is CodeExpressionInvalid; a failure while evaluating (a type error, a bound exceeded) is
// CodeExpressionFailed; both carry the JSONata fault.
func (s *Service) EvaluateExpression(ctx context.Context, src string, scope expr.Scope, compileOnly bool) (ExpressionResult, error) {
	if err := expr.Check(src); err != nil {
		return ExpressionResult{}, expressionError(CodeExpressionInvalid, "the expression does not compile", err)
	}
	if compileOnly {
		return ExpressionResult{}, nil
	}
	v, ok, err := evaluator.Eval(ctx, definition.Expr{Type: definition.ExprJSONata, Src: src}, scope.Input())
	if err != nil {
		return ExpressionResult{}, expressionError(CodeExpressionFailed, "the expression failed", err)
	}
	return ExpressionResult{Value: v, Defined: ok}, nil
}

// expressionError turns an evaluation error into a domain error carrying JSONata's code and
// position; the message is the engine's, which names no internals.
func expressionError(code Code, what string, err error) *Error {
	e := &Error{Code: code, Message: what + ": " + err.Error()}
	var je *jsonata.Error
	if errors.As(err, &je) {
		e.Message = what + ": " + je.Error()
		e.Expression = &ExpressionFault{Code: je.Code, Position: je.Position, Token: je.Token}
	}
	return e
}
