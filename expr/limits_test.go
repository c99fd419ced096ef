package expr

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/jsonata"
)

// TestLimitsReported checks that Limits reports the bounds an Evaluator applies, so that a
// caller evaluating with the jsonata package directly (`wfb eval`) meets the same ones.
func TestLimitsReported(t *testing.T) {
	t.Parallel()
	deep := jsonata.MustCompile(`($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(50))`)
	tests := []struct {
		name     string
		opts     Options
		timeout  time.Duration
		wantCode string // "" for success
	}{
		{"the engine's defaults", Options{}, DefaultTimeout, ""},
		{"set bounds", Options{Timeout: 5 * time.Second, MaxDepth: 20}, 5 * time.Second, jsonata.CodeDepth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			timeout, opts := New(tt.opts).Limits()
			if timeout != tt.timeout {
				t.Errorf("timeout %v, want %v", timeout, tt.timeout)
			}
			_, err := deep.Evaluate(context.Background(), nil, opts...)
			var je *jsonata.Error
			if tt.wantCode == "" && err != nil || tt.wantCode != "" && (!errors.As(err, &je) || je.Code != tt.wantCode) {
				t.Fatalf("evaluating with the reported options: %v, want code %q", err, tt.wantCode)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		src  string
		code string // "" when it compiles
	}{
		{`__steps__.review.approved = true`, ""},
		{`$sum(__context__.items.(price * qty))`, ""},
		{`__context__.a +`, "S0207"},
		{`(1 + `, "S0207"},
		{`"unterminated`, "S0101"},
	}
	for _, c := range cases {
		err := Check(c.src)
		var je *jsonata.Error
		switch {
		case c.code == "" && err != nil:
			t.Errorf("Check(%q) = %v, want it to compile", c.src, err)
		case c.code != "" && (!errors.As(err, &je) || je.Code != c.code):
			t.Errorf("Check(%q) = %v, want a %s jsonata.Error", c.src, err, c.code)
		}
	}
}
