// Package examples holds Workflow Builder's example definitions, the *.json files of this
// folder, embedded so that the server can offer them ("start from an example") without the
// repository beside it. README.md describes each; the tests of the repository read the same files.
package examples

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

//go:embed *.json
var files embed.FS

// Example is one example definition.
type Example struct {
	// Name is the file's name without .json, e.g. "linear-confirm".
	Name string
	// File is the file's path in the repository, e.g. "examples/linear-confirm.json".
	File string
	// Title is the definition's own name.
	Title string
	// Description says what the example shows.
	Description string
	// Definition is the file's content, as written.
	Definition json.RawMessage
}

// descriptions says what each example shows (the table of README.md); a test checks that every
// file has one.
var descriptions = map[string]string{
	"linear-confirm":       "The smallest useful workflow: one human confirmation with an output schema.",
	"exclusive-approval":   "A yes/no decision on a step's output; both branches merge on a normal step.",
	"parallel-documents":   "Parallel split and join.",
	"inclusive-onboarding": "Inclusive split; the join waits only for the branches that were taken.",
	"dsc-child":            "A child workflow with a step group.",
	"incorporation-batch":  "A form collects directors, then one DSC child workflow per director without one (BATCH); point its child version id at a published version of dsc-child.",
	"legacy-mapped":        "Steps mapped onto a service-request type's task groups and tasks (the type is examples/service-request-types/india-pvt-ltd.json).",
	"tolerant-keys":        "Written with enum keys, expressions without type, a mapping without id and no ui: loads, validates, and saves back in canonical form.",
	"rework-loop":          "A loop back to an earlier step through an exclusive split.",
}

// all is every example, read once.
var all = func() []Example {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(fmt.Sprintf("examples: reading the embedded files: %v", err))
	}
	out := make([]Example, 0, len(entries))
	for _, e := range entries {
		raw, err := files.ReadFile(e.Name())
		if err != nil {
			panic(fmt.Sprintf("examples: reading %s: %v", e.Name(), err))
		}
		var head struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			panic(fmt.Sprintf("examples: %s is not JSON: %v", e.Name(), err)) // a test parses every file first
		}
		name := strings.TrimSuffix(e.Name(), ".json")
		out = append(out, Example{Name: name, File: "examples/" + e.Name(), Title: head.Name, Description: descriptions[name], Definition: raw})
	}
	slices.SortFunc(out, func(a, b Example) int { return strings.Compare(a.Name, b.Name) })
	return out
}()

// All returns every example, ordered by name. The caller must not modify them.
func All() []Example {
	return all
}

// Get returns the example called name (its file's name without .json).
func Get(name string) (Example, bool) {
	i, ok := slices.BinarySearchFunc(all, name, func(e Example, n string) int { return strings.Compare(e.Name, n) })
	if !ok {
		return Example{}, false
	}
	return all[i], true
}
