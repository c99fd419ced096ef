package definition_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

// nodes lists every value of a parsed JSON tree with a setter that replaces
// it, in a stable order (object keys sorted).
func nodes(v any, set func(any), out *[]func(any)) {
	*out = append(*out, set)
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeysTest(x) {
			nodes(x[k], func(n any) {
				if n == nil {
					delete(x, k) // deleting a key is the interesting "null" for objects
					return
				}
				x[k] = n
			}, out)
		}
	case []any:
		for i := range x {
			nodes(x[i], func(n any) { x[i] = n }, out)
		}
	}
}

func sortedKeysTest(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// replacement returns a fresh value each time, so that later mutations never
// write into a value shared with another place (or another run).
func replacement(i int) any {
	values := []func() any{
		func() any { return nil }, func() any { return 0.0 }, func() any { return "x" }, func() any { return "" },
		func() any { return true }, func() any { return []any{} }, func() any { return map[string]any{} },
		func() any { return []any{1.0, "a"} }, func() any { return map[string]any{"type": "const"} },
		func() any { return map[string]any{"src": 1.0} }, func() any { return "start" }, func() any { return "end" },
		func() any { return "gateway.parallel_split" }, func() any { return "BATCH" },
	}
	return values[i%len(values)]()
}

// FuzzValidateMutations replaces values deep inside a valid definition with
// values of other JSON types, driven by the fuzz input: each byte pair picks
// a node and a replacement. It finds wrong-type cases that byte-level
// mutation of the JSON text rarely reaches.
func FuzzValidateMutations(f *testing.F) {
	f.Add([]byte{0, 0})
	f.Add([]byte{10, 1, 40, 3, 77, 5})
	f.Add([]byte{200, 6, 13, 8, 99, 9, 150, 12})
	base := readFile(f, "testdata/full.json")
	f.Fuzz(func(t *testing.T, ops []byte) {
		var root any
		if err := json.Unmarshal(base, &root); err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(ops) && i < 16; i += 2 {
			var all []func(any)
			nodes(root, func(n any) { root = n }, &all)
			all[int(ops[i])%len(all)](replacement(int(ops[i+1])))
		}
		raw, err := json.Marshal(root)
		if err != nil {
			t.Fatal(err)
		}
		issues := definition.Validate(raw, definition.Options{})
		assertPointersResolve(t, raw, issues)
		d, err := definition.Decode(raw)
		if err != nil {
			return
		}
		once, err := definition.Encode(d)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		d2, err := definition.Decode(once)
		if err != nil {
			t.Fatalf("Decode of canonical form: %v", err)
		}
		if twice, _ := definition.Encode(d2); string(twice) != string(once) {
			t.Fatalf("canonical form not stable:\n%s\n%s", once, twice)
		}
	})
}
