package jsonata

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
)

// TestConcurrentEvaluationMatchesSequential evaluates compiled expressions
// from many goroutines at once (run with -race) and checks every result
// against a sequential evaluation.
func TestConcurrentEvaluationMatchesSequential(t *testing.T) {
	t.Parallel()
	input, err := ParseJSON([]byte(`{"orders": [
		{"id": 1, "customer": "a", "total": 30.5, "items": ["x", "y"]},
		{"id": 2, "customer": "b", "total": 12, "items": ["z"]},
		{"id": 3, "customer": "a", "total": 7.25, "items": []}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	sources := []string{
		`orders[total > 10].id`,
		`orders{customer: $sum(total)}`,
		`orders^(>total).{"id": id, "n": $count(items)}`,
		`$map(orders, function($o, $i){ $o.customer & $string($i) })`,
		`orders#$i[$i > 0].{"pos": $i, "id": id}`,
		`($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))`,
		`$keys(orders[0]) ~> $join(",")`,
		`orders.items[0].%.id`,
		`$sort(orders.total)`,
		`$string(orders[1])`,
	}
	exprs := make([]*Expression, len(sources))
	want := make([]string, len(sources))
	for i, src := range sources {
		exprs[i] = MustCompile(src)
		res, err := exprs[i].Evaluate(context.Background(), input)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		b, _ := json.Marshal(res)
		want[i] = string(b)
	}
	const workers, rounds = 8, 50
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*len(sources))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				for i, e := range exprs {
					res, err := e.Evaluate(context.Background(), input)
					if err != nil {
						errs <- sources[i] + ": " + err.Error()
						continue
					}
					b, _ := json.Marshal(res)
					if string(b) != want[i] {
						errs <- sources[i] + ": got " + string(b) + ", want " + want[i]
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
