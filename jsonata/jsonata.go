package jsonata

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Expression is a compiled JSONata expression. It is safe for concurrent use.
type Expression struct {
	src  string
	root *node
}

// Compile parses src. Syntax errors are *Error values with S0xxx codes.
func Compile(src string) (*Expression, error) {
	root, err := parse(src)
	if err != nil {
		return nil, utf16Position(err, src)
	}
	return &Expression{src: src, root: root}, nil
}

// MustCompile is Compile that panics on error, for expressions that are
// program constants.
func MustCompile(src string) *Expression {
	e, err := Compile(src)
	if err != nil {
		panic(err)
	}
	return e
}

// String returns the source of the expression.
func (e *Expression) String() string { return e.src }

// Default limits. They bound an evaluation of a hostile expression to
// roughly a few hundred megabytes and the caller's deadline.
const (
	DefaultMaxDepth = 1000
	DefaultMaxItems = 1_000_000
	DefaultMaxBytes = 10_000_000
)

type options struct {
	vars     map[string]any
	maxDepth int
	maxItems int
	maxBytes int
	maxSteps int
	clock    func() time.Time
	random   func() float64
}

func (o *options) applyDefaults() {
	if o.maxDepth <= 0 {
		o.maxDepth = DefaultMaxDepth
	}
	if o.maxItems <= 0 {
		o.maxItems = DefaultMaxItems
	}
	if o.maxBytes <= 0 {
		o.maxBytes = DefaultMaxBytes
	}
}

// Option configures one evaluation.
type Option func(*options)

// WithBindings binds variables: each key k is available as $k. Values may
// be JSON values (as for the input, including *Input) or *Function.
func WithBindings(vars map[string]any) Option {
	return func(o *options) {
		if o.vars == nil {
			o.vars = map[string]any{}
		}
		for k, v := range vars {
			o.vars[k] = v
		}
	}
}

// WithMaxDepth limits how deeply evaluation may nest (error U1002). A
// value n <= 0 keeps the default.
func WithMaxDepth(n int) Option { return func(o *options) { o.maxDepth = n } }

// WithMaxItems limits the length of any sequence or array built during
// evaluation (error U1003). A value n <= 0 keeps the default.
func WithMaxItems(n int) Option { return func(o *options) { o.maxItems = n } }

// WithMaxBytes limits the length in bytes of any string built during
// evaluation (error U1003). A value n <= 0 keeps the default.
func WithMaxBytes(n int) Option { return func(o *options) { o.maxBytes = n } }

// WithMaxSteps limits how many steps an evaluation may take (error U1004):
// one per expression node evaluated, per tail call, and per comparison in
// the library's quadratic loops. Unlike a deadline it stops an evaluation
// at the same point on every run, so workflow code that must replay
// deterministically can bound its running time with it. A value n <= 0
// means no step limit, the default.
func WithMaxSteps(n int) Option { return func(o *options) { o.maxSteps = n } }

// WithClock sets the clock read (once per evaluation) by $now and $millis.
// The default is the wall clock, which is not deterministic: workflow code
// must pass its deterministic clock.
func WithClock(now func() time.Time) Option { return func(o *options) { o.clock = now } }

// WithRandom sets the source of $random and $shuffle: a function returning
// numbers in [0, 1). The default is math/rand/v2, which is not
// deterministic: workflow code must pass its deterministic source.
func WithRandom(r func() float64) Option { return func(o *options) { o.random = r } }

// Function is a Go function callable from expressions, registered with
// WithBindings. Arguments and results use the public value shapes;
// return ErrUndefined for "no value".
type Function struct {
	fn *builtin
}

// NewFunction wraps fn as a JSONata function. sig is a JSONata signature
// such as "<s-n?:s>" (empty for none); arguments are validated against it
// before fn is called.
func NewFunction(name, sig string, fn func(args []any) (any, error)) (*Function, error) {
	b := &builtin{name: name}
	if sig != "" {
		s, err := parseSignature(sig)
		if err != nil {
			return nil, fmt.Errorf("parsing signature of %s: %w", name, err)
		}
		b.sig = s
		b.arity = len(s.params)
	}
	b.impl = func(ev *evaluator, c *call) (any, error) {
		args := make([]any, len(c.args))
		bud := budget{left: ev.maxItems * totalFactor}
		for i, a := range c.args {
			if a == nil {
				continue
			}
			v, ok := toGoB(a, &bud)
			if !ok {
				return nil, newError(CodeSize, -1, name, nil)
			}
			args[i] = v
		}
		res, err := fn(args)
		if errors.Is(err, ErrUndefined) {
			return nil, nil
		}
		if err != nil {
			var je *Error
			if errors.As(err, &je) {
				return nil, err
			}
			return nil, &Error{Code: "D3137", Position: -1, Token: name, Message: err.Error()}
		}
		return fromGo(res)
	}
	return &Function{fn: b}, nil
}

// Input is an input document converted once to the engine's internal form,
// for evaluating several expressions against the same document without
// converting it each time. Evaluation never modifies it, so one Input may
// be shared by concurrent evaluations.
type Input struct{ v any }

// NewInput converts v (any value Evaluate accepts) into an Input.
func NewInput(v any) (*Input, error) {
	c, err := fromGo(v)
	if err != nil {
		return nil, err
	}
	return &Input{v: c}, nil
}

// utf16Position converts the byte offset of a JSONata error in src into
// the UTF-16 offset jsonata-js reports (they differ only past non-ASCII
// characters).
func utf16Position(err error, src string) error {
	var je *Error
	if errors.As(err, &je) && je.Position > 0 && je.Position <= len(src) {
		je.Position = utf16Len(src[:je.Position])
	}
	return err
}

// Evaluate evaluates the expression against input (nil input means no
// input document; an *Input skips the conversion of the document). It
// returns ErrUndefined when the result is undefined. Evaluation failures
// are *Error values; an input or binding that cannot be converted (a
// cycle, a value JSON cannot represent) is a plain error.
func (e *Expression) Evaluate(ctx context.Context, input any, opts ...Option) (res any, err error) {
	defer func() {
		// A panic here is an engine bug; report it as an error rather than
		// take down the worker that evaluates a user's expression.
		if r := recover(); r != nil {
			res, err = nil, &Error{Code: "U1000", Position: -1, Message: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	o := options{}
	for _, f := range opts {
		f(&o)
	}
	o.applyDefaults()
	var in any
	if p, ok := input.(*Input); ok {
		in = p.v
	} else if input != nil {
		if in, err = fromGo(input); err != nil {
			return nil, err
		}
	}
	res, err = e.evaluate(ctx, in, &o)
	if err != nil {
		return nil, utf16Position(err, e.src)
	}
	if res == nil {
		return nil, ErrUndefined
	}
	out, ok := toGoB(res, &budget{left: o.maxItems * totalFactor})
	if !ok {
		return nil, newError(CodeSize, -1, "", nil)
	}
	return out, nil
}

// evaluate runs the expression on an already converted input; res is the
// internal value (nil for undefined).
func (e *Expression) evaluate(ctx context.Context, in any, o *options) (any, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ev := &evaluator{ctx: ctx, maxDepth: o.maxDepth, maxItems: o.maxItems, maxBytes: o.maxBytes, maxSteps: o.maxSteps, random: o.random}
	if o.clock != nil {
		ev.now = o.clock()
	} else {
		ev.now = time.Now()
	}
	if ev.random == nil {
		ev.random = rand.Float64
	}
	env := newFrame(nil)
	for k, v := range o.vars {
		c, err := fromGo(v)
		if err != nil {
			return nil, fmt.Errorf("binding $%s: %w", k, err)
		}
		env.bind(k, c)
	}
	env.bind("$", in)
	if a, ok := in.(*array); ok && !a.seq {
		in = &array{items: []any{a}, seq: true, outer: true}
	}
	if err := ctx.Err(); err != nil {
		return nil, newError(CodeTimeout, -1, "", err.Error())
	}
	res, err := ev.eval(e.root, in, env)
	if err != nil {
		return nil, err
	}
	return res, nil
}
