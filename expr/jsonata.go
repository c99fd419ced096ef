package expr

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/workflowbuilder/wfb/jsonata"
)

// cache holds compiled expressions by source, process-wide: definitions are immutable once
// published, so the same few hundred sources are evaluated over and over. It is bounded: when it
// fills up (only a stream of distinct sources does that) it starts over rather than grow.
var cache = struct {
	sync.RWMutex
	m map[string]*jsonata.Expression
}{m: map[string]*jsonata.Expression{}}

const cacheMax = 4096

func compile(src string) (*jsonata.Expression, error) {
	cache.RLock()
	c, ok := cache.m[src]
	cache.RUnlock()
	if ok {
		return c, nil
	}
	c, err := jsonata.Compile(src)
	if err != nil {
		return nil, err
	}
	cache.Lock()
	if len(cache.m) >= cacheMax {
		cache.m = map[string]*jsonata.Expression{}
	}
	cache.m[src] = c
	cache.Unlock()
	return c, nil
}

func (e *Evaluator) evaluate(ctx context.Context, c *jsonata.Expression, input any) (any, bool, error) {
	_, opts := e.Limits()
	if e.opts.Clock != nil {
		opts = append(opts, jsonata.WithClock(e.opts.Clock))
	}
	if e.opts.Random != nil {
		opts = append(opts, jsonata.WithRandom(e.opts.Random))
	}
	v, err := c.Evaluate(ctx, input, opts...)
	if errors.Is(err, jsonata.ErrUndefined) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return plain(v), true, nil
}

// Limits returns the bounds every evaluation of e runs under: how long one expression may run,
// and the JSONata options that bound its steps, its depth and the size of what it builds. `wfb
// eval` applies the limits of expr.New(Options{}), the evaluator the engine uses, so that an
// expression tried offline meets the bounds it will meet in a workflow.
func (e *Evaluator) Limits() (time.Duration, []jsonata.Option) {
	return e.opts.Timeout, []jsonata.Option{
		jsonata.WithMaxSteps(e.opts.MaxSteps),
		jsonata.WithMaxDepth(e.opts.MaxDepth), // 0 keeps the JSONata package's default
		jsonata.WithMaxItems(e.opts.MaxItems),
		jsonata.WithMaxBytes(e.opts.MaxBytes),
	}
}

// plain turns the engine's ordered objects into map[string]any, so that everything the
// expression layer hands out has the shapes encoding/json produces. (Key order is not kept: a
// context is a JSON object, and Temporal and the database store it with sorted keys.)
func plain(v any) any {
	switch t := v.(type) {
	case *jsonata.Object:
		m := make(map[string]any, t.Len())
		for _, k := range t.Keys() {
			x, _ := t.Get(k)
			m[k] = plain(x)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = plain(x)
		}
		return out
	default:
		return v
	}
}

// Check compiles src as the evaluator would (through the same cache) without evaluating it, so
// that an editor can report a syntax error before anything runs. The error is the
// *jsonata.Error with its code and position.
func Check(src string) error {
	_, err := compile(src)
	return err
}
