package jsonata

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func benchInput(b *testing.B) *Input {
	b.Helper()
	var items []string
	for i := 0; i < 1000; i++ {
		items = append(items, fmt.Sprintf(`{"id": "i%d", "category": "c%d", "status": "%s", "amount": %d}`,
			i, i%4, []string{"open", "closed"}[i%2], (i*37)%500))
	}
	doc := `{"__context__": {"customer": {"type": "premium"}, "items": [` + strings.Join(items, ",") +
		`]}, "__steps__": {"verify": {"approved": true}}}`
	v, err := ParseJSON([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	in, err := NewInput(v)
	if err != nil {
		b.Fatal(err)
	}
	return in
}

// BenchmarkEvaluate measures product-shaped expressions; cmd/jsonatabench
// compares the same kind of expressions against jsonata-js.
func BenchmarkEvaluate(b *testing.B) {
	in := benchInput(b)
	for _, bc := range []struct{ name, expr string }{
		{"condition", `__context__.customer.type = "premium" and __steps__.verify.approved = true`},
		{"filter-map-sort", `__context__.items[status = "open" and amount > 50]^(>amount).{"id": id, "amount": amount * 1.2}`},
		{"group-by", `__context__.items{category: $sum(amount)}`},
		{"map-lambda", `$map(__context__.items, function($it, $i){ $it.id & ":" & $i })`},
	} {
		e := MustCompile(bc.expr)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := e.Evaluate(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
