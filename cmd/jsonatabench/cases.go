package main

import (
	"fmt"
	"strings"
)

// benchCase is one product-shaped expression with its input document.
type benchCase struct {
	Name  string `json:"name"`
	Expr  string `json:"expr"`
	Input any    `json:"input"`
}

// scopeJSON builds the evaluation scope the engine gives expressions
// (SPEC §5): __context__ with a 1,000-item list, __steps__ with outputs.
func scopeJSON() string {
	var items []string
	cats := []string{"hardware", "software", "services", "support"}
	statuses := []string{"open", "closed", "pending"}
	for i := 0; i < 1000; i++ {
		items = append(items, fmt.Sprintf(`{"id": "item-%04d", "category": %q, "status": %q, "amount": %d.%02d, "tags": ["t%d", "t%d"]}`,
			i, cats[i%len(cats)], statuses[(i*7)%len(statuses)], (i*37)%500, i%100, i%5, i%3))
	}
	return `{
  "__context__": {
    "customer": {"id": "c-42", "firstName": "Ada", "lastName": "Lovelace", "type": "premium", "country": "GB"},
    "order": {"total": 1234.5, "currency": "EUR", "lines": [
      {"sku": "A", "price": 10.5, "qty": 3}, {"sku": "B", "price": 99.99, "qty": 1}, {"sku": "C", "price": 5, "qty": 12}
    ]},
    "createdAt": 1700000000000,
    "items": [` + strings.Join(items, ",\n") + `]
  },
  "__steps__": {
    "verify": {"approved": true, "score": 0.93},
    "fraud": {"flags": [], "checked": true}
  }
}`
}

var benchCases = []struct{ name, expr string }{
	{"condition", `__context__.customer.type = "premium" and __steps__.verify.approved = true`},
	{"condition-or-count", `__context__.order.total > 1000 or $count(__steps__.fraud.flags) > 0`},
	{"mapping", `{"name": __context__.customer.firstName & " " & __context__.customer.lastName, "tier": __context__.customer.type, "total": $sum(__context__.order.lines.(price * qty)), "approved": __steps__.verify.approved}`},
	{"filter-map-sort-1000", `__context__.items[status = "open" and amount > 50]^(>amount).{"id": id, "amount": amount * 1.2}`},
	{"group-by-1000", `__context__.items{category: $sum(amount)}`},
	{"map-lambda-1000", `$map(__context__.items, function($it, $i){ $it.id & ":" & $i })`},
	{"date-format", `$fromMillis(__context__.createdAt, "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01]")`},
}
