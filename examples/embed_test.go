package examples

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbedded checks that every definition of the folder is embedded, described (here and in
// README.md), and found by its name.
func TestEmbedded(t *testing.T) {
	t.Parallel()
	onDisk, err := filepath.Glob("*.json")
	if err != nil || len(onDisk) == 0 {
		t.Fatalf("no definitions in the folder: %v", err)
	}
	if len(All()) != len(onDisk) || len(descriptions) != len(onDisk) {
		t.Fatalf("%d files, %d embedded, %d descriptions", len(onDisk), len(All()), len(descriptions))
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range onDisk {
		name := strings.TrimSuffix(f, ".json")
		e, ok := Get(name)
		if !ok {
			t.Errorf("%s is not embedded", f)
			continue
		}
		raw, _ := os.ReadFile(f)
		if string(raw) != string(e.Definition) || !json.Valid(e.Definition) || e.File != "examples/"+f {
			t.Errorf("%s: embedded as %s, %d bytes (valid JSON: %v)", f, e.File, len(e.Definition), json.Valid(e.Definition))
		}
		if e.Title == "" || e.Description == "" || !strings.Contains(string(readme), f) {
			t.Errorf("%s: title %q, description %q, in README.md: %v", f, e.Title, e.Description, strings.Contains(string(readme), f))
		}
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"linear-confirm", true}, {"linear-confirm.json", false}, {"", false}, {"invalid/self-loop", false}, {"zzz", false},
	}
	for _, tt := range tests {
		if _, ok := Get(tt.name); ok != tt.ok {
			t.Errorf("Get(%q) found %v, want %v", tt.name, ok, tt.ok)
		}
	}
}
