package jsonata

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestHostileExpressionsHitTheirLimit(t *testing.T) {
	small := []Option{WithMaxItems(10000)}
	deep := strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000)
	tests := []struct {
		name string
		expr string
		opts []Option
		code string
	}{
		{"infinite recursion", `($f := function($n){ 1 + $f($n + 1) }; $f(0))`, nil, CodeDepth},
		{"infinite tail recursion", `($f := function($n){ $f($n + 1) }; $f(0))`, nil, CodeTimeout},
		{"infinite tail recursion with a step limit", `($f := function($n){ $f($n + 1) }; $f(0))`, []Option{WithMaxSteps(100000)}, CodeSteps},
		{"infinite mutual recursion with a step limit", `($f := function($n){ $g($n + 1) }; $g := function($n){ $f($n + 1) }; $f(0))`, []Option{WithMaxSteps(100000)}, CodeSteps},
		{"sort by a lambda with a step limit", `$sort([1..100000], function($a, $b){ $a < $b })`, []Option{WithMaxSteps(100000)}, CodeSteps},
		{"quadratic distinct with a step limit", `$distinct([1..100000])`, []Option{WithMaxSteps(100000)}, CodeSteps},
		{"step limit inside $eval", `$eval("($f := function($n){ $f($n + 1) }; $f(0))")`, []Option{WithMaxSteps(100000)}, CodeSteps},
		{"huge range", `[1..1e9]`, nil, "D2014"},
		{"range above the item limit", `$count([1..5000000])`, nil, CodeSize},
		{"string doubling", `($f := function($s){ $f($s & $s) }; $f("x"))`, nil, CodeSize},
		{"huge pad", `$pad("x", 1e12)`, nil, CodeSize},
		{"huge pad within int range", `$pad("x", 2e7)`, nil, CodeSize},
		{"deeply nested expression", deep, nil, CodeDepth},
		{"deep non-tail recursion with a small depth", `($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100))`, []Option{WithMaxDepth(50)}, CodeDepth},
		{"huge regex over a huge string", `$match($pad("", 9000000, "a"), /.{999}.{999}.{999}.{999}.{999}.{999}.{999}.{999}b/)`, nil, CodeSize},
		{"split into a huge array", `$split($pad("", 5000000, "x"), "")`, nil, CodeSize},
		{"many results adding up", `[1..100].([1..90000] ~> $count())`, []Option{WithMaxItems(100000)}, CodeSize},
		{"shared structure unfolded by the result", dagExpr(60), small, CodeSize},
		{"shared structure unfolded by =", dagExpr(60) + ` = ` + dagExpr(60), small, CodeSize},
		{"shared structure unfolded by $string", `$string(` + dagExpr(60) + `)`, []Option{WithMaxBytes(100000)}, CodeSize},
		{"shared structure unfolded by a field lookup", dagExpr(60) + `.a`, small, CodeSize},
		{"shared structure unfolded by a wildcard", dagExpr(60) + `.*`, small, CodeSize},
		{"shared structure unfolded by descendants", dagExpr(60) + `.**`, small, CodeSize},
		{"shared structure unfolded by $spread", `$spread(` + dagExpr(60) + `)`, small, CodeSize},
		{"shared structure unfolded by a transform", dagExpr(60) + ` ~> |$|{}|`, small, CodeSize},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The deadline is the limit under test only for the tail
			// recursion; the others must stop on their own limit first.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if tc.code == CodeTimeout {
				ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
			}
			defer cancel()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var err error
			e, cerr := Compile(tc.expr)
			if cerr != nil {
				err = cerr
			} else {
				_, err = e.Evaluate(ctx, nil, tc.opts...)
			}
			runtime.ReadMemStats(&after)
			var je *Error
			if !errors.As(err, &je) || je.Code != tc.code {
				t.Fatalf("got %v, want code %s", err, tc.code)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<30 {
				t.Errorf("allocated %d MB before stopping", grew>>20)
			}
		})
	}
}

// dagExpr builds a value of 2^n leaves in n small steps, by nesting one
// array twice at every level.
func dagExpr(n int) string {
	return `($f := function($x, $n){ $n = 0 ? $x : $f([[$x], [$x]], $n - 1) }; $f([1, 2], ` + itoa(n) + `))`
}

func TestCancelledContextStopsEvaluation(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := MustCompile(`$sum([1..100])`).Evaluate(ctx, nil)
	var je *Error
	if !errors.As(err, &je) || je.Code != CodeTimeout {
		t.Fatalf("got %v, want %s", err, CodeTimeout)
	}
}

func TestTailRecursionRunsDeep(t *testing.T) {
	t.Parallel()
	got, err := mustEval(t, `($sum := function($n, $acc){ $n = 0 ? $acc : $sum($n - 1, $acc + $n) }; $sum(100000, 0))`, nil, WithMaxDepth(100))
	if err != nil {
		t.Fatal(err)
	}
	if got != 5000050000.0 {
		t.Errorf("got %v", got)
	}
}

func TestChainedCoalescingRunsInLinearTime(t *testing.T) {
	t.Parallel()
	src := "a" + strings.Repeat(" ?? a", 200) + " ?: b" + strings.Repeat(" ?: b", 200)
	for _, in := range []map[string]any{{"b": 1}, {"a": 1}} {
		got, err := mustEval(t, src, in)
		if err != nil || got != 1.0 {
			t.Fatalf("input %v: got %v, %v", in, got, err)
		}
	}
}

// TestStepLimitIsDeterministic checks that the step limit stops an evaluation at the same point
// on every run: the expression needs some number of steps n, and succeeds with a limit of n and
// fails with n-1 every time, whatever else the machine is doing.
func TestStepLimitIsDeterministic(t *testing.T) {
	t.Parallel()
	e := MustCompile(`$sum($map([1..200], function($v){ $v % 7 = 0 ? $v : 0 }))`)
	n := 0
	for lo, hi := 1, 1<<20; lo <= hi; {
		mid := (lo + hi) / 2
		if _, err := e.Evaluate(context.Background(), nil, WithMaxSteps(mid)); err == nil {
			n, hi = mid, mid-1
		} else {
			lo = mid + 1
		}
	}
	if n < 200 {
		t.Fatalf("the expression needs %d steps, want at least one per item", n)
	}
	for range 20 {
		if v, err := e.Evaluate(context.Background(), nil, WithMaxSteps(n)); err != nil || v != 2842.0 {
			t.Fatalf("with %d steps: %v, %v; want 2842", n, v, err)
		}
		_, err := e.Evaluate(context.Background(), nil, WithMaxSteps(n-1))
		var je *Error
		if !errors.As(err, &je) || je.Code != CodeSteps {
			t.Fatalf("with %d steps: %v, want code %s", n-1, err, CodeSteps)
		}
	}
}
