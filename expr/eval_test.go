package expr

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/jsonata"
)

func jx(src string) *definition.Expr { return &definition.Expr{Type: definition.ExprJSONata, Src: src} }

// testScope is a scope like a running step sees: a context, two completed steps, a data source.
func testScope(t *testing.T) Scope {
	t.Helper()
	return Scope{
		Context: decode(t, `{"customer": {"type": "premium", "tier": 2}, "company": {"name": "Acme"}}`).(map[string]any),
		Steps: map[string]any{
			"verify": decode(t, `{"approved": true, "score": 7}`),
			"collect": decode(t, `{"directors": [{"id": "d1", "name": "Asha", "hasDsc": true},
				{"id": "d2", "name": "Ravi", "hasDsc": false}, {"id": "d3", "name": "Meera", "hasDsc": false}]}`),
		},
		Datasources: map[string]any{"pan": decode(t, `{"status": "VALID"}`)},
	}
}

func TestCondition(t *testing.T) {
	t.Parallel()
	ev := New(Options{})
	s := testScope(t)
	for _, tc := range []struct {
		src  string
		want bool
		code string
	}{
		{src: `__context__.customer.type = "premium" and __steps__.verify.approved = true`, want: true},
		{src: `__steps__.verify.score > 9`, want: false},
		{src: `null`, want: false},
		{src: `__steps__.missing.approved`, want: false},          // no value
		{src: `__datasources__.pan.status = "VALID"`, want: true}, // data sources in scope
		{src: `__each__ = null`, want: false},                     // __each__ is absent outside BATCH
		{src: `__steps__.verify.score`, code: CodeNotBoolean},
		{src: `"yes"`, code: CodeNotBoolean},
		{src: `[true]`, code: CodeNotBoolean},
		{src: `1 +`, code: CodeEvaluation},
		{src: `$undefinedFunction()`, code: CodeEvaluation},
	} {
		got, err := ev.Condition(context.Background(), jx(tc.src), s)
		if tc.code != "" {
			wantCode(t, err, tc.code)
			var e *Error
			if errors.As(err, &e) && e.Expr != tc.src {
				t.Errorf("%s: error names expression %q", tc.src, e.Expr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Condition(%s): %v", tc.src, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Condition(%s) = %v, want %v", tc.src, got, tc.want)
		}
	}
	if ok, err := ev.Condition(context.Background(), nil, s); !ok || err != nil {
		t.Errorf("nil condition = %v, %v; want true", ok, err)
	}
}

func TestConditionErrorCarriesJSONataError(t *testing.T) {
	t.Parallel()
	_, err := New(Options{}).Condition(context.Background(), jx(`1 +`), Scope{})
	var je *jsonata.Error
	if !errors.As(err, &je) || je.Code == "" {
		t.Fatalf("error %v does not wrap a *jsonata.Error with a code", err)
	}
}

func provider(t *testing.T, s string) definition.ValueProvider {
	t.Helper()
	var m struct {
		Mappings []definition.Mapping `json:"m"`
	}
	// Decode through a definition so the provider goes through the real codec.
	doc := `{"id":"x","name":"x","steps":[{"id":"s","type":"sys.sub_workflow","mode":"SINGLE",
		"inputMapping":[{"id":"m","targetPath":"v","value":` + s + `}]}],"stepTransitions":[]}`
	d, err := definition.Decode([]byte(doc))
	if err != nil {
		t.Fatalf("decoding provider %s: %v", s, err)
	}
	m.Mappings = d.Steps[0].InputMapping
	return m.Mappings[0].Value
}

func TestValue(t *testing.T) {
	t.Parallel()
	ev := New(Options{})
	s := testScope(t)
	s.Each, s.HasEach = decode(t, `{"name": "Ravi"}`), true
	for _, tc := range []struct {
		provider string
		want     any
		wantOK   bool
		code     string
	}{
		{provider: `{"type":"const","value":{"a":[1,"x"]}}`, want: decode(t, `{"a":[1,"x"]}`), wantOK: true},
		{provider: `{"type":"const","value":null}`, want: nil, wantOK: true},
		{provider: `{"type":"field","ref":{"source":"CONTEXT","path":"company.name"}}`, want: "Acme", wantOK: true},
		{provider: `{"type":"field","ref":{"source":"CONTEXT","path":""}}`, want: s.Context, wantOK: true},
		{provider: `{"type":"field","ref":{"source":"STEP","stepId":"verify","path":"score"}}`, want: 7.0, wantOK: true},
		{provider: `{"type":"field","ref":{"source":"STEP","stepId":"notyet","path":"score"}}`, wantOK: false},
		{provider: `{"type":"field","ref":{"source":"DATASOURCE","key":"pan","path":"status"}}`, want: "VALID", wantOK: true},
		{provider: `{"type":"field","ref":{"source":"DATASOURCE","key":"nope","path":"status"}}`, wantOK: false},
		{provider: `{"type":"field","ref":{"source":"EACH","path":"name"}}`, want: "Ravi", wantOK: true},
		{provider: `{"type":"field","ref":{"source":"CONTEXT","path":"a..b"}}`, code: CodePathInvalid},
		{provider: `{"type":"field","ref":{"source":"ELSEWHERE","path":"a"}}`, code: CodeProvider},
		{provider: `{"type":"expr","expr":{"type":"jsonata","src":"__each__.name & ' @ ' & __context__.company.name"}}`, want: "Ravi @ Acme", wantOK: true},
		{provider: `{"type":"expr","expr":{"src":"{'n': __steps__.verify.score * 2}"}}`, want: map[string]any{"n": 14.0}, wantOK: true},
		{provider: `{"type":"expr","expr":{"src":"__context__.nothing"}}`, wantOK: false},
		{provider: `{"type":"teleport"}`, code: CodeProvider},
	} {
		got, ok, err := ev.Value(context.Background(), provider(t, tc.provider), s)
		if tc.code != "" {
			wantCode(t, err, tc.code)
			continue
		}
		if err != nil {
			t.Errorf("Value(%s): %v", tc.provider, err)
			continue
		}
		if ok != tc.wantOK || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Value(%s) = %#v, %v; want %#v, %v", tc.provider, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestEachIsVisibleOnlyInBatch(t *testing.T) {
	t.Parallel()
	ev := New(Options{})
	in := Scope{Each: nil, HasEach: true}
	v, ok, err := ev.Eval(context.Background(), *jx(`$exists(__each__)`), in.Input())
	if err != nil || !ok || v != true {
		t.Errorf("with a null item: $exists(__each__) = %v, %v, %v; want true", v, ok, err)
	}
	v, _, err = ev.Eval(context.Background(), *jx(`$exists(__each__)`), Scope{}.Input())
	if err != nil || v != false {
		t.Errorf("outside BATCH: $exists(__each__) = %v, %v; want false", v, err)
	}
}

func TestParams(t *testing.T) {
	t.Parallel()
	doc := `{"id":"x","name":"x","steps":[{"id":"s","type":"sys.sub_workflow","mode":"BATCH",
		"dataSources":[{"id":"d","alias":"a","type":"COMMENDA_LOGICAL_BACKEND","dataSourceID":"ds",
		"params":{"company":{"type":"field","ref":{"source":"CONTEXT","path":"company.name"}},
		          "nested":{"director":{"type":"expr","expr":{"src":"__each__.id"}},"missing":{"type":"field","ref":{"source":"CONTEXT","path":"nope"}}},
		          "list":[{"type":"const","value":1},{"type":"field","ref":{"source":"CONTEXT","path":"nope"}}, "plain"],
		          "type":"not-a-provider-type"}}]}],"stepTransitions":[]}`
	d, err := definition.Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	s := testScope(t)
	s.Each, s.HasEach = decode(t, `{"id": "d2"}`), true
	got, err := New(Options{}).Params(context.Background(), *d.Steps[0].DataSources[0].Params, s)
	if err != nil {
		t.Fatal(err)
	}
	want := decode(t, `{"company":"Acme","nested":{"director":"d2"},"list":[1,null,"plain"],"type":"not-a-provider-type"}`)
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.Marshal(got)
		t.Errorf("Params = %s, want the object with providers resolved", gj)
	}
}

// TestIncorporationBatchMappings runs the input mappings and child name of the real example
// (examples/incorporation-batch.json) for each director its iterable selects, as the
// engine will, and checks the contexts its README promises.
func TestIncorporationBatchMappings(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(examplesDir(), "incorporation-batch.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := definition.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	var step *definition.Step
	for i := range d.Steps {
		if d.Steps[i].ID == "dsc" {
			step = &d.Steps[i]
		}
	}
	if step == nil || step.Iterable == nil || step.ChildWorkflowName == nil {
		t.Fatal("example has no dsc step with an iterable and a child name")
	}
	ev := New(Options{})
	s := testScope(t)
	items, ok, err := ev.Eval(context.Background(), *step.Iterable.Select, s.Steps[step.Iterable.StepID])
	if err != nil || !ok {
		t.Fatalf("iterable select: %v, %v", ok, err)
	}
	list, isList := items.([]any)
	if !isList || len(list) != 2 {
		t.Fatalf("iterable selected %v, want the two directors without a DSC", items)
	}
	want := []string{
		`{"companyName":"Acme","director":{"name":"Ravi"},"directorId":"d2"}`,
		`{"companyName":"Acme","director":{"name":"Meera"},"directorId":"d3"}`,
	}
	for i, item := range list {
		s.Each, s.HasEach = item, true
		ctx, err := ev.Apply(context.Background(), nil, step.InputMapping, s)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(ctx); string(got) != want[i] {
			t.Errorf("child %d context = %s, want %s", i, got, want[i])
		}
		name, _, err := ev.Eval(context.Background(), *step.ChildWorkflowName, s.Input())
		if err != nil || name != "DSC - "+item.(map[string]any)["name"].(string) {
			t.Errorf("child %d name = %v, %v", i, name, err)
		}
	}
}

func examplesDir() string {
	if dir := os.Getenv("WFB_EXAMPLES_DIR"); dir != "" {
		return dir
	}
	return filepath.Join("..", "examples")
}

func TestApplyIsAllOrNothing(t *testing.T) {
	t.Parallel()
	target := map[string]any{"list": map[string]any{}, "keep": 1.0}
	ms := []definition.Mapping{
		{ID: "ok", TargetPath: "written", Value: provider(t, `{"type":"const","value":true}`)},
		{ID: "bad", TargetPath: "list", Mode: definition.MappingAppend, Value: provider(t, `{"type":"const","value":2}`)},
	}
	_, err := New(Options{}).Apply(context.Background(), target, ms, Scope{})
	wantCode(t, err, CodeAppendNotArray)
	if _, written := target["written"]; written || len(target) != 2 {
		t.Errorf("a failed Apply changed its target: %v", target)
	}
}

func TestApplyCopiesValues(t *testing.T) {
	t.Parallel()
	s := testScope(t)
	ms := []definition.Mapping{
		{ID: "m", TargetPath: "customer", Value: provider(t, `{"type":"field","ref":{"source":"CONTEXT","path":"customer"}}`)},
		{ID: "skip", TargetPath: "absent", Value: provider(t, `{"type":"field","ref":{"source":"CONTEXT","path":"nope"}}`)},
	}
	out, err := New(Options{}).Apply(context.Background(), nil, ms, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["absent"]; ok {
		t.Error("a mapping with no value wrote its target")
	}
	out["customer"].(map[string]any)["type"] = "changed"
	if s.Context["customer"].(map[string]any)["type"] != "premium" {
		t.Error("writing the mapped result changed the scope it was read from")
	}
}

func TestClockAndRandomComeFromTheCaller(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ev := New(Options{Clock: func() time.Time { return fixed }, Random: func() float64 { return 0.25 }})
	v, _, err := ev.Eval(context.Background(), *jx(`[$now(), $millis(), $random()]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{"2026-01-02T03:04:05.000Z", float64(fixed.UnixMilli()), 0.25}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %v, want %v", v, want)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts Options
		src  string
		code string
	}{
		{"timeout", Options{Timeout: 20 * time.Millisecond, MaxSteps: math.MaxInt}, `($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) + $f($n - 1) }; $f(60))`, jsonata.CodeTimeout},
		{"depth", Options{MaxDepth: 50}, `($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000))`, jsonata.CodeDepth},
		{"size", Options{MaxItems: 1000}, `[1..100000]`, jsonata.CodeSize},
		{"string size", Options{MaxBytes: 1000}, `$pad("", 2000, "x")`, jsonata.CodeSize},
		{"steps", Options{MaxSteps: 1000}, `$map([1..1000], function($v){ $v * 2 })`, jsonata.CodeSteps},
		// The default bounds stop every runaway form without a deadline (Timeout is far away).
		{"default: tail recursion", Options{Timeout: time.Minute}, `($f := function($n){$f($n+1)}; $f(0))`, jsonata.CodeSteps},
		{"default: mutual recursion", Options{Timeout: time.Minute}, `($f := function($n){$g($n+1)}; $g := function($n){$f($n+1)}; $f(0))`, jsonata.CodeSteps},
		{"default: a sort comparing by a lambda", Options{Timeout: time.Minute}, `$sort([1..19999], function($a,$b){$a<$b})`, jsonata.CodeSteps},
		{"default: a huge range", Options{Timeout: time.Minute}, `$sort([1..1000000], function($a,$b){$a<$b})`, jsonata.CodeSize},
		{"default: a quadratic $distinct", Options{Timeout: time.Minute}, `$distinct([1..19999])`, jsonata.CodeSteps},
		{"default: string doubling", Options{Timeout: time.Minute}, `($f := function($s){ $f($s & $s) }; $f("x"))`, jsonata.CodeSize},
		{"default: exponential recursion", Options{Timeout: time.Minute}, `($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) + $f($n - 1) }; $f(60))`, jsonata.CodeSteps},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := New(tc.opts).Eval(context.Background(), *jx(tc.src), nil)
			var je *jsonata.Error
			if !errors.As(err, &je) || je.Code != tc.code {
				t.Fatalf("error = %v, want JSONata code %s", err, tc.code)
			}
			wantCode(t, err, CodeEvaluation)
		})
	}
}

// TestConcurrentEvaluation shares one Evaluator (and the compiled-expression cache) between
// goroutines, as the workers of a busy engine do; run it with -race.
func TestConcurrentEvaluation(t *testing.T) {
	t.Parallel()
	ev := New(Options{})
	s := testScope(t)
	errs := make(chan error, 16)
	for g := range 16 {
		go func() {
			for i := range 50 {
				src := `__steps__.verify.score + ` + string(rune('0'+(g+i)%10))
				v, _, err := ev.Eval(context.Background(), *jx(src), s.Input())
				if err == nil && v != 7.0+float64((g+i)%10) {
					err = errors.New("wrong result " + src)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestPreparedScopeGivesTheSameResults evaluates the same expressions against a scope and its
// prepared copy (with __each__ set per item on copies, as a BATCH does).
func TestPreparedScopeGivesTheSameResults(t *testing.T) {
	t.Parallel()
	ev := New(Options{})
	plain := testScope(t)
	prep, err := plain.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		`__context__.customer.type & "/" & __each__.name`,
		`$count(__steps__.collect.directors[hasDsc = false])`,
		`$keys(__context__)`,
		`__datasources__.pan.status`,
		`$exists(__each__)`,
	} {
		for _, each := range []any{nil, decode(t, `{"name": "Ravi"}`)} {
			a, b := plain, prep
			if each != nil {
				a.Each, a.HasEach = each, true
				b.Each, b.HasEach = each, true
			}
			want, wantOK, wantErr := ev.Eval(context.Background(), *jx(src), a.Input())
			got, gotOK, gotErr := ev.Eval(context.Background(), *jx(src), b.Input())
			if !reflect.DeepEqual(got, want) || gotOK != wantOK || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s with each %v: prepared %v %v %v, plain %v %v %v", src, each, got, gotOK, gotErr, want, wantOK, wantErr)
			}
		}
	}
}

// BenchmarkBatchMappings maps a child context for each of 2,000 items read from the context, with
// and without preparing the scope: prepared, the cost per item no longer grows with the context.
func BenchmarkBatchMappings(b *testing.B) {
	items := make([]any, 2000)
	for i := range items {
		items[i] = map[string]any{"id": float64(i), "name": "director"}
	}
	scope := Scope{Context: map[string]any{"directors": items, "company": map[string]any{"name": "Acme"}}}
	ms := []definition.Mapping{{ID: "m", TargetPath: "name", Value: definition.ValueProvider{
		Type: definition.ProviderExpr, Expr: jx(`__each__.name & " of " & __context__.company.name`)}}}
	ev := New(Options{})
	run := func(b *testing.B, s Scope) {
		for range b.N {
			for _, it := range items[:200] {
				c := s
				c.Each, c.HasEach = it, true
				if _, err := ev.Apply(context.Background(), nil, ms, c); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("plain", func(b *testing.B) { run(b, scope) })
	b.Run("prepared", func(b *testing.B) {
		p, err := scope.Prepare()
		if err != nil {
			b.Fatal(err)
		}
		run(b, p)
	})
}
