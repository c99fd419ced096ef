package interp

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// ResolveParams resolves a DataSourceCall's params against the scope (with HasEach and Each set
// for a per-item call) into the JSON object a data source call sends. Absent params are an empty object;
// params that resolve to anything but an object are an error, because a call's params are named.
func ResolveParams(ctx context.Context, ev *expr.Evaluator, p *definition.ParamValue, s expr.Scope) (map[string]any, error) {
	if p == nil {
		return map[string]any{}, nil
	}
	v, err := ev.Params(ctx, *p, s)
	if err != nil {
		return nil, fmt.Errorf("resolving data source params: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errorf(CodeDataSourceParams, "params must resolve to an object, got %s", jsonKind(v))
	}
	return m, nil
}

// SelectResult applies a DataSourceCall's select to a call's Result.Data (SPEC §5: the input of a
// select is the raw result). Without a select the data is the value; a select that yields no
// value gives null, so the alias still exists in __datasources__ and reads as null.
func SelectResult(ctx context.Context, ev *expr.Evaluator, sel *definition.Expr, data any) (any, error) {
	if sel == nil {
		return data, nil
	}
	v, ok, err := ev.Eval(ctx, *sel, data)
	if err != nil {
		return nil, fmt.Errorf("applying data source select: %w", err)
	}
	if !ok {
		return nil, nil
	}
	return v, nil
}

// jsonKind names a decoded JSON value's type for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64, json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}
