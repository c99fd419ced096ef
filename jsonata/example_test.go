package jsonata_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/workflowbuilder/wfb/jsonata"
)

func ExampleCompile() {
	_, err := jsonata.Compile(`orders[total > `)
	var je *jsonata.Error
	if errors.As(err, &je) {
		fmt.Println(je.Code)
	}
	// Output: S0207
}

func ExampleExpression_Evaluate() {
	expr := jsonata.MustCompile(`__context__.customer.type = "premium" and __steps__.verify.approved`)
	input := map[string]any{
		"__context__": map[string]any{"customer": map[string]any{"type": "premium"}},
		"__steps__":   map[string]any{"verify": map[string]any{"approved": true}},
	}
	res, err := expr.Evaluate(context.Background(), input)
	fmt.Println(res, err)
	// Output: true <nil>
}

func ExampleExpression_Evaluate_undefined() {
	_, err := jsonata.MustCompile(`missing.field`).Evaluate(context.Background(), map[string]any{})
	fmt.Println(errors.Is(err, jsonata.ErrUndefined))
	// Output: true
}

func ExampleParseJSON() {
	doc, _ := jsonata.ParseJSON([]byte(`{"b": 2, "a": 1}`))
	res, _ := jsonata.MustCompile(`$merge([$, {"c": 3}])`).Evaluate(context.Background(), doc)
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	// Output: {"b":2,"a":1,"c":3}
}

func ExampleNewFunction() {
	greet, _ := jsonata.NewFunction("greet", "<s:s>", func(args []any) (any, error) {
		return "hello " + args[0].(string), nil
	})
	res, _ := jsonata.MustCompile(`$greet(name)`).Evaluate(context.Background(),
		map[string]any{"name": "ada"}, jsonata.WithBindings(map[string]any{"greet": greet}))
	fmt.Println(res)
	// Output: hello ada
}

func ExampleNewInput() {
	// Convert a scope once and evaluate several expressions against it.
	scope, _ := jsonata.NewInput(map[string]any{"__context__": map[string]any{"amount": 120.0, "currency": "EUR"}})
	for _, src := range []string{`__context__.amount > 100`, `__context__.currency`} {
		res, _ := jsonata.MustCompile(src).Evaluate(context.Background(), scope)
		fmt.Println(res)
	}
	// Output:
	// true
	// EUR
}
