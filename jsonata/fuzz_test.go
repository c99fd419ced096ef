package jsonata

import (
	"context"
	"testing"
	"time"
)

// The seed corpora in testdata/fuzz are expressions taken from the
// conformance suite.

func FuzzCompile(f *testing.F) {
	f.Add(`$sum(Account.Order.Product.(Price * Quantity))`)
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := parse(src); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Compile(%q) returned a non-JSONata error %T: %v", src, err, err)
			}
		}
	})
}

func FuzzEvaluate(f *testing.F) {
	f.Add(`Account.Order[0].Product.Price`, `{"Account": {"Order": [{"Product": {"Price": 1}}]}}`)
	f.Fuzz(func(t *testing.T, src, data string) {
		root, err := parse(src)
		if err != nil {
			return
		}
		var in any
		if v, err := ParseJSON([]byte(data)); err == nil {
			if in, err = fromGo(v); err != nil {
				return
			}
		}
		e := &Expression{src: src, root: root}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		// evaluate, unlike Evaluate, does not recover panics: a panic
		// here fails the fuzz target.
		_, err = e.evaluate(ctx, in, &options{maxDepth: 200, maxItems: 10000, maxBytes: 100000})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("%q: non-JSONata error %T: %v", src, err, err)
			}
		}
	})
}
