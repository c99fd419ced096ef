package expr_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// A transition condition reads the context and a completed step's output.
func ExampleEvaluator_Condition() {
	ev := expr.New(expr.Options{})
	scope := expr.Scope{
		Context: map[string]any{"customer": map[string]any{"type": "premium"}},
		Steps:   map[string]any{"verify": map[string]any{"approved": true}},
	}
	cond := &definition.Expr{Src: `__context__.customer.type = "premium" and __steps__.verify.approved`}
	ok, err := ev.Condition(context.Background(), cond, scope)
	fmt.Println(ok, err)
	// Output: true <nil>
}

// Mappings build a child's context from the parent's scope, here for one BATCH item.
func ExampleEvaluator_Apply() {
	ev := expr.New(expr.Options{})
	scope := expr.Scope{
		Context: map[string]any{"company": map[string]any{"name": "Acme"}},
		Each:    map[string]any{"id": "d2", "name": "Ravi"}, HasEach: true,
	}
	mappings := []definition.Mapping{
		{ID: "m1", TargetPath: "director.name", Value: definition.ValueProvider{
			Type: definition.ProviderField, Ref: &definition.FieldRef{Source: definition.SourceEach, Path: "name"}}},
		{ID: "m2", TargetPath: "companyName", Value: definition.ValueProvider{
			Type: definition.ProviderExpr, Expr: &definition.Expr{Src: `$uppercase(__context__.company.name)`}}},
	}
	child, err := ev.Apply(context.Background(), nil, mappings, scope)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.Marshal(child)
	fmt.Println(string(out))
	// Output: {"companyName":"ACME","director":{"name":"Ravi"}}
}

// Dot paths escape dots with a backslash; numeric segments index arrays.
func ExampleSet() {
	doc := map[string]any{}
	p, _ := expr.ParsePath(`files.0.meta\.name`)
	_ = expr.Set(doc, p, "deed.pdf")
	out, _ := json.Marshal(doc)
	fmt.Println(string(out))
	// Output: {"files":[{"meta.name":"deed.pdf"}]}
}
