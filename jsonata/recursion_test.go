package jsonata

import (
	"slices"
	"testing"
)

func TestUnboundedRecursion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      []string
	}{
		{"direct tail call", `($f := function($n){$f($n+1)}; $f(0))`, []string{"f"}},
		{"mutual recursion", `($f := function($n){$g($n+1)}; $g := function($n){$f($n+1)}; $f(0))`, []string{"f", "g"}},
		{"non-tail self call", `($f := function($n){ 1 + $f($n - 1) }; $f(3))`, []string{"f"}},
		{"call in an argument", `($f := function($n){ $string($f($n)) }; $f(3))`, []string{"f"}},
		{"call through ~>", `($f := function($n){ $n ~> $f }; $f(3))`, []string{"f"}},
		{"call in an array constructor", `($f := function($n){ [$f($n)] }; $f(3))`, []string{"f"}},
		{"a cycle of three, one outside", `($a := function(){ $b() }; $b := function(){ $c() }; $c := function(){ $a() }; $d := function(){ $a() }; $d())`, []string{"a", "b", "c"}},
		{"base case in a condition", `($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(3))`, nil},
		{"base case with and", `($f := function($n){ $n > 0 and $f($n - 1) }; $f(3))`, nil},
		{"base case with ?:", `($f := function($n){ $n ?: $f($n + 1) }; $f(0))`, nil},
		{"call in a predicate", `($f := function($n){ [1,2][$f($)] }; $f(0))`, nil},
		{"call in a callback", `($f := function($a){ $map($a, function($v){ $f($v) }) }; $f([1]))`, nil},
		{"a parameter named like the function", `($f := function($f){ $f() }; $f(function(){1}))`, nil},
		{"calls of other functions", `($g := function($n){ $n * 2 }; $f := function($n){ $g($n) + $g($n) }; $f(1))`, nil},
		{"builtins only", `$sort([1..10], function($a,$b){$a<$b})`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MustCompile(tt.src).UnboundedRecursion(); !slices.Equal(got, tt.want) {
				t.Errorf("UnboundedRecursion() = %v, want %v", got, tt.want)
			}
		})
	}
}
