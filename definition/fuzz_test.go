package definition_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

func addExampleSeeds(f *testing.F) {
	valid, invalid := exampleFiles(f)
	for _, p := range append(valid, invalid...) {
		f.Add(readFile(f, p))
	}
	f.Add(readFile(f, filepath.Join("testdata", "full.json")))
}

// FuzzDecode checks that decoding never panics and that the canonical form
// is a fixed point: encoding, decoding and encoding again changes nothing.
func FuzzDecode(f *testing.F) {
	addExampleSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := definition.Decode(data)
		if err != nil {
			return
		}
		once, err := definition.Encode(d)
		if err != nil {
			t.Fatalf("Encode after Decode: %v", err)
		}
		if !json.Valid(once) {
			t.Fatalf("Encode wrote invalid JSON: %s", once)
		}
		d2, err := definition.Decode(once)
		if err != nil {
			t.Fatalf("Decode of canonical form: %v\n%s", err, once)
		}
		twice, err := definition.Encode(d2)
		if err != nil {
			t.Fatalf("second Encode: %v", err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("canonical form is not stable:\n%s\n%s", once, twice)
		}
	})
}

// FuzzValidate checks that validation never panics, that every issue comes
// from the rule table, and that every path resolves in the input.
func FuzzValidate(f *testing.F) {
	addExampleSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		issues := definition.Validate(data, definition.Options{})
		for _, i := range issues {
			if info, ok := definition.Rules[i.Rule]; !ok || info.Code != i.Code || info.Severity != i.Severity {
				t.Fatalf("issue outside the rule table: %v", i)
			}
		}
		if !json.Valid(data) {
			if len(issues) != 1 || issues[0].Path != "" {
				t.Fatalf("invalid JSON: want one issue at the root, got %v", issues)
			}
			return
		}
		assertPointersResolve(t, data, issues)
	})
}
