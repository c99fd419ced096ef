package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/expr"
)

// ExpressionFault is JSONata's error code (S0201, T2001, U1004...) and the character position
// of a failed expression, for an editor to underline.
type ExpressionFault struct {
	Code     string `json:"code" doc:"JSONata's error code: S0xxx syntax, T0xxx/T1xxx/T2xxx type, D0xxx/D3xxx dynamic, U1001-U1004 the engine's bounds (time, depth, size, steps)."`
	Position *int   `json:"position,omitempty" doc:"Offset in the expression in UTF-16 code units (as in JavaScript), just past the offending token; absent when unknown."`
	Token    string `json:"token,omitempty" doc:"The offending token, when there is one."`
}

// ExpressionScope is the input an expression is tried against: the scope of a running step
// (docs/expressions.md).
type ExpressionScope struct {
	Context     map[string]any  `json:"__context__,omitempty" doc:"The execution's context; {} when absent."`
	Steps       map[string]any  `json:"__steps__,omitempty" doc:"Step id to that step's outputData; {} when absent."`
	Datasources map[string]any  `json:"__datasources__,omitempty" doc:"Data source alias to its result; {} when absent."`
	Each        json.RawMessage `json:"__each__,omitempty" doc:"The current BATCH item; when absent, __each__ is absent too (null is a value)."`
}

// EvaluateExpressionRequest is the body of POST /v1/expressions/evaluate.
type EvaluateExpressionRequest struct {
	Expression  string          `json:"expression" maxLength:"65536" doc:"The JSONata source."`
	Scope       ExpressionScope `json:"scope,omitempty" doc:"What the expression reads."`
	CompileOnly bool            `json:"compileOnly,omitempty" doc:"Only compile: 200 {\"undefined\": true} when it compiles, else expression_invalid."`
}

// EvaluateExpressionResult is what the expression yielded.
type EvaluateExpressionResult struct {
	Result    json.RawMessage `json:"result,omitempty" doc:"The value (any JSON, null included); absent when the expression yielded no value."`
	Undefined bool            `json:"undefined,omitempty" doc:"True when the expression yielded no value (JSONata's undefined: a missing field, say), which a condition treats as false."`
}

type evaluateExpressionInput struct {
	Body EvaluateExpressionRequest
}

type evaluateExpressionOutput struct {
	Body EvaluateExpressionResult
}

func (s *server) registerExpressions(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "evaluateExpression", Method: http.MethodPost, Path: "/v1/expressions/evaluate", Tags: []string{"Validation"},
		Summary: "Try a JSONata expression against a sample scope",
		Description: "Compiles and evaluates the expression with the engine's own evaluator and bounds (steps, depth, size, time; docs/expressions.md), " +
			"for the editor's \"Try it\". 422 expression_invalid when it does not compile, expression_failed when it fails while evaluating; " +
			"both carry `expression` with JSONata's code and position.",
		MaxBodyBytes: MaxDefinitionBody,
		Errors:       []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *evaluateExpressionInput) (*evaluateExpressionOutput, error) {
		sc := expr.Scope{Context: in.Body.Scope.Context, Steps: in.Body.Scope.Steps, Datasources: in.Body.Scope.Datasources}
		if len(in.Body.Scope.Each) > 0 {
			if err := json.Unmarshal(in.Body.Scope.Each, &sc.Each); err != nil {
				return nil, invalid("body.scope.__each__", "__each__ is not JSON: "+err.Error())
			}
			sc.HasEach = true
		}
		res, err := s.app.EvaluateExpression(ctx, in.Body.Expression, sc, in.Body.CompileOnly)
		if err != nil {
			return nil, problemOf(err)
		}
		out := &evaluateExpressionOutput{}
		if !res.Defined {
			out.Body.Undefined = true
			return out, nil
		}
		b, err := json.Marshal(res.Value)
		if err != nil {
			return nil, problemOf(err)
		}
		out.Body.Result = b
		return out, nil
	})
}
