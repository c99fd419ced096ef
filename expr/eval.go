package expr

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/workflowbuilder/wfb/definition"
)

// Options bound and bind every evaluation of an [Evaluator]. Zero fields take safe defaults.
type Options struct {
	// Clock is what JSONata's $now and $millis read. The engine binds it to Temporal's
	// workflow clock so that a replay gives the same result. Default: time.Now.
	Clock func() time.Time
	// Random is what $random and $shuffle draw from, in [0, 1). The engine seeds it
	// deterministically. Default: the JSONata package's own source.
	Random func() float64
	// Timeout bounds one expression's evaluation in wall-clock time. Default: DefaultTimeout.
	// It is a backstop: MaxSteps stops a runaway expression first, and does so at the same
	// point on every run, which a replayed workflow needs.
	Timeout time.Duration
	// MaxSteps bounds the number of evaluation steps (JSONata's U1004). Default:
	// DefaultMaxSteps.
	MaxSteps int
	// MaxDepth bounds evaluation depth (recursion). Default: the JSONata package's default.
	MaxDepth int
	// MaxItems bounds the length of any sequence or array an expression produces (and 16 times
	// it, everything it builds). Default: DefaultMaxItems.
	MaxItems int
	// MaxBytes bounds the length of any string an expression produces (and 16 times it, all the
	// strings it builds). Default: DefaultMaxBytes.
	MaxBytes int
}

// The default bounds of one evaluation. Workflow code runs expressions inside a workflow task,
// which Temporal's deadlock detector aborts when it runs for 1 s without yielding; a task that
// keeps being aborted wedges its execution. So an expression that exhausts any one bound must
// stop well within that second on a loaded 2-core machine, also under the race detector:
// measured there, exhausting DefaultMaxSteps takes 10-40 ms (100-160 ms with -race), and the
// library's bulk work on DefaultMaxItems items (sorting, stringifying) under 250 ms with -race.
// A real condition or mapping over a context of the API's size takes a few hundred steps.
const (
	DefaultTimeout  = 500 * time.Millisecond
	DefaultMaxSteps = 100_000
	DefaultMaxItems = 20_000
	DefaultMaxBytes = 1_000_000
)

// IterableMaxItems is the item bound of a BATCH step's iterable (see Evaluator.ForIterables):
// a fan-out is meant to be large, and its items are only generated or selected, while the
// default bound is sized for the library's bulk work (sorting, stringifying) on every item.
const IterableMaxItems = 200_000

// ForIterables returns an evaluator with the bounds of a BATCH iterable: IterableMaxItems items
// (and 16 times that built), the other bounds unchanged.
func (e *Evaluator) ForIterables() *Evaluator {
	opts := e.opts
	opts.MaxItems = max(opts.MaxItems, IterableMaxItems)
	return &Evaluator{opts: opts}
}

// Evaluator evaluates a definition's expressions, providers, params and mappings. It is safe for
// concurrent use; compiled expressions are shared process-wide.
type Evaluator struct {
	opts Options
}

// New returns an Evaluator with the given options.
func New(opts Options) *Evaluator {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = DefaultMaxItems
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	return &Evaluator{opts: opts}
}

// Eval evaluates x against input. ok is false when the expression yields no value (JSONata's
// undefined), which differs from null. Results are plain decoded JSON: map[string]any, []any,
// float64, string, bool or nil.
func (e *Evaluator) Eval(ctx context.Context, x definition.Expr, input any) (v any, ok bool, err error) {
	compiled, err := compile(x.Src)
	if err != nil {
		return nil, false, &Error{Code: CodeEvaluation, Expr: x.Src, Message: err.Error(), Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	v, ok, err = e.evaluate(ctx, compiled, input)
	if err != nil {
		return nil, false, &Error{Code: CodeEvaluation, Expr: x.Src, Message: err.Error(), Err: err}
	}
	return v, ok, nil
}

// Condition evaluates a transition condition against the scope (SPEC §5): true takes the
// transition; false, null and no value do not; any other result is a CONDITION_NOT_BOOLEAN
// error naming the expression. A nil condition is true (an unconditional transition).
func (e *Evaluator) Condition(ctx context.Context, x *definition.Expr, s Scope) (bool, error) {
	if x == nil {
		return true, nil
	}
	v, ok, err := e.Eval(ctx, *x, s.Input())
	if err != nil || !ok {
		return false, err
	}
	switch b := v.(type) {
	case bool:
		return b, nil
	case nil:
		return false, nil
	default:
		return false, &Error{Code: CodeNotBoolean, Expr: x.Src,
			Message: fmt.Sprintf("a condition must yield a boolean, this one yielded a %s (%s)", typeName(v), preview(v))}
	}
}

// Value resolves a value provider against the scope. ok is false for no value: a field ref
// whose path is missing, or an expression that yields undefined.
func (e *Evaluator) Value(ctx context.Context, p definition.ValueProvider, s Scope) (v any, ok bool, err error) {
	switch p.Type {
	case definition.ProviderConst:
		if p.Value == nil {
			return nil, false, nil
		}
		if err := json.Unmarshal(p.Value, &v); err != nil {
			return nil, false, &Error{Code: CodeProvider, Message: fmt.Sprintf("const value is not JSON: %v", err), Err: err}
		}
		return v, true, nil
	case definition.ProviderField:
		if p.Ref == nil {
			return nil, false, &Error{Code: CodeProvider, Message: "field provider has no ref"}
		}
		return Field(*p.Ref, s)
	case definition.ProviderExpr:
		if p.Expr == nil {
			return nil, false, &Error{Code: CodeProvider, Message: "expr provider has no expr"}
		}
		return e.Eval(ctx, *p.Expr, s.Input())
	default:
		return nil, false, &Error{Code: CodeProvider, Message: fmt.Sprintf("unknown value provider type %q", p.Type)}
	}
}

// Field reads a field reference from the scope. ok is false when the path is missing (or the
// referenced step has not completed, or the alias was not fetched).
func Field(r definition.FieldRef, s Scope) (v any, ok bool, err error) {
	p, err := ParsePath(r.Path)
	if err != nil {
		return nil, false, err
	}
	var root any
	switch r.Source {
	case definition.SourceContext:
		root = orEmpty(s.Context)
	case definition.SourceStep:
		if root, ok = s.Steps[r.StepID]; !ok {
			return nil, false, nil
		}
	case definition.SourceDataSource:
		if root, ok = s.Datasources[r.Key]; !ok {
			return nil, false, nil
		}
	case definition.SourceEach:
		if !s.HasEach {
			return nil, false, nil
		}
		root = s.Each
	default:
		return nil, false, &Error{Code: CodeProvider, Message: fmt.Sprintf("unknown field ref source %q", r.Source)}
	}
	v, ok = Get(root, p)
	return v, ok, nil
}

// Params resolves data source parameters: providers are resolved, objects and arrays recursively.
// A provider with no value is left out of its object, and is null inside an array (an array keeps
// its positions).
func (e *Evaluator) Params(ctx context.Context, pv definition.ParamValue, s Scope) (any, error) {
	v, _, err := e.param(ctx, pv, s)
	return v, err
}

func (e *Evaluator) param(ctx context.Context, pv definition.ParamValue, s Scope) (any, bool, error) {
	switch pv.Kind {
	case definition.ParamProvider:
		if pv.Provider == nil {
			return nil, false, &Error{Code: CodeProvider, Message: "param provider is missing"}
		}
		return e.Value(ctx, *pv.Provider, s)
	case definition.ParamObject:
		out := make(map[string]any, len(pv.Object))
		for k, child := range pv.Object {
			v, ok, err := e.param(ctx, child, s)
			if err != nil {
				return nil, false, fmt.Errorf("param %q: %w", k, err)
			}
			if ok {
				out[k] = v
			}
		}
		return out, true, nil
	case definition.ParamArray:
		out := make([]any, len(pv.Array))
		for i, child := range pv.Array {
			v, _, err := e.param(ctx, child, s)
			if err != nil {
				return nil, false, fmt.Errorf("param [%d]: %w", i, err)
			}
			out[i] = v
		}
		return out, true, nil
	case definition.ParamLiteral:
		var v any
		if err := json.Unmarshal(pv.Literal, &v); err != nil {
			return nil, false, &Error{Code: CodeProvider, Message: fmt.Sprintf("param literal is not JSON: %v", err), Err: err}
		}
		return v, true, nil
	default:
		return nil, false, &Error{Code: CodeProvider, Message: fmt.Sprintf("unknown param kind %d", pv.Kind)}
	}
}

// Apply runs mappings in order over a copy of target and returns the result; target itself is
// never changed, so a mapping that fails part-way leaves no half-written context behind. A
// mapping whose value is "no value" writes nothing (as a JSONata object constructor drops an
// undefined value).
func (e *Evaluator) Apply(ctx context.Context, target map[string]any, ms []definition.Mapping, s Scope) (map[string]any, error) {
	out := deepCopy(target)
	for _, m := range ms {
		p, err := ParsePath(m.TargetPath)
		if err != nil {
			return nil, fmt.Errorf("mapping %s: %w", m.ID, err)
		}
		v, ok, err := e.Value(ctx, m.Value, s)
		if err != nil {
			return nil, fmt.Errorf("mapping %s: %w", m.ID, err)
		}
		if !ok {
			continue
		}
		if m.Mode == definition.MappingAppend {
			err = Append(out, p, deepCopyValue(v))
		} else {
			err = Set(out, p, deepCopyValue(v))
		}
		if err != nil {
			return nil, fmt.Errorf("mapping %s: %w", m.ID, err)
		}
	}
	return out, nil
}

// deepCopy copies a decoded JSON object so writes into the copy never reach the original.
func deepCopy(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	out := maps.Clone(m)
	for k, v := range out {
		out[k] = deepCopyValue(v)
	}
	return out
}

func deepCopyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return deepCopy(t)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopyValue(x)
		}
		return out
	default:
		return v
	}
}

// preview renders a value for an error message, cut short so a huge value cannot flood a
// failed step's reason.
func preview(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	const max = 80
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
