package datasource

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// ResolveParams resolves a DataSourceCall's params against the scope (with HasEach and Each set
// for a per-item call) into the JSON object Call expects. Absent params are an empty object;
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
		return nil, &Error{Kind: KindParams, Message: fmt.Sprintf("params must resolve to an object, got %s", jsonKind(v))}
	}
	return m, nil
}

// Select applies a DataSourceCall's select to a call's Result.Data (SPEC §5: the input of a
// select is the raw result). Without a select the data is the value; a select that yields no
// value gives null, so the alias still exists in __datasources__ and reads as null.
func Select(ctx context.Context, ev *expr.Evaluator, sel *definition.Expr, data any) (any, error) {
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
