package sim

import (
	"bytes"
	_ "embed" // the scenario schema
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/workflowbuilder/wfb/definition"
)

//go:embed scenario.schema.json
var schemaJSON []byte

// Schema is the JSON Schema (2020-12) of a scenario file.
func Schema() []byte { return schemaJSON }

// Scenario is one scenario file: a definition, an initial context, a script and expectations.
type Scenario struct {
	Name           string          `json:"name"`
	Description    string          `json:"description,omitempty"`
	Definition     json.RawMessage `json:"definition,omitempty"`
	DefinitionFile string          `json:"definitionFile,omitempty"`
	Context        map[string]any  `json:"context,omitempty"`
	Script         Script          `json:"script"`
	Expect         *Expect         `json:"expect,omitempty"`
	Limits         *Limits         `json:"limits,omitempty"`
}

// Limits override the simulation's bounds for one scenario.
type Limits struct {
	MaxStepRuns int `json:"maxStepRuns,omitempty"`
	LoopLimit   int `json:"loopLimit,omitempty"`
}

// Problem is one reason a scenario is invalid: where (a JSON Pointer into the scenario, or
// into its definition file when Pointer starts with the file's name) and what was expected.
type Problem struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// InvalidError lists why a scenario cannot run.
type InvalidError struct {
	Problems []Problem
}

func (e *InvalidError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		ptr := p.Pointer
		if ptr == "" {
			ptr = "(document)"
		}
		parts[i] = ptr + ": " + p.Message
	}
	return "invalid scenario: " + strings.Join(parts, "; ")
}

// printer words the schema's failures.
var printer = message.NewPrinter(language.English)

var (
	compileOnce sync.Once
	compiled    *jsonschema.Schema
	compileErr  error
)

func scenarioSchema() (*jsonschema.Schema, error) {
	compileOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
		if err != nil {
			compileErr = fmt.Errorf("reading the scenario schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		const url = "wfb:///scenario.schema.json"
		if err := c.AddResource(url, doc); err != nil {
			compileErr = fmt.Errorf("loading the scenario schema: %w", err)
			return
		}
		compiled, compileErr = c.Compile(url)
	})
	return compiled, compileErr
}

// Parse reads a scenario document and checks it against the schema. It does not check the
// script against the definition: see CheckScript, once the definition is known.
func Parse(raw []byte) (*Scenario, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, &InvalidError{Problems: []Problem{{Pointer: "", Message: "expected a JSON document: " + err.Error()}}}
	}
	s, err := scenarioSchema()
	if err != nil {
		return nil, err
	}
	if err := s.Validate(doc); err != nil {
		return nil, &InvalidError{Problems: schemaProblems(err)}
	}
	var sc Scenario
	if err := json.Unmarshal(raw, &sc); err != nil {
		return nil, &InvalidError{Problems: []Problem{{Pointer: "", Message: err.Error()}}}
	}
	return &sc, nil
}

// schemaProblems turns the validator's error tree into one problem per leaf.
func schemaProblems(err error) []Problem {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{{Message: err.Error()}}
	}
	var out []Problem
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, Problem{Pointer: pointer(e.InstanceLocation), Message: e.ErrorKind.LocalizedString(printer)})
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
	return slices.Compact(out)
}

func pointer(loc []string) string {
	var b strings.Builder
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(pointerEscape(t))
	}
	return b.String()
}

// CheckScript checks a parsed scenario's script and expectations against its definition: every
// step id names a step of the right kind, every data source key a call of the definition.
func CheckScript(sc *Scenario, def *definition.Definition) []Problem {
	steps := map[string]*definition.Step{}
	calls := map[string]bool{}
	for i := range def.Steps {
		s := &def.Steps[i]
		steps[s.ID] = s
		for _, c := range s.DataSources {
			calls[c.Alias], calls[c.DataSourceID] = true, true
		}
	}
	var out []Problem
	for _, id := range sortedKeys(sc.Script.Steps) {
		s, ok := steps[id]
		switch {
		case !ok:
			out = append(out, Problem{"/script/steps/" + pointerEscape(id), fmt.Sprintf("expected the id of a human step of the definition; it has no step %q%s", id, suggest(id, steps))})
		case !s.IsHuman():
			out = append(out, Problem{"/script/steps/" + pointerEscape(id), fmt.Sprintf("expected the id of a human step; %q is a %s step", id, s.Type)})
		}
	}
	for _, id := range sortedKeys(sc.Script.Children) {
		s, ok := steps[id]
		switch {
		case !ok:
			out = append(out, Problem{"/script/children/" + pointerEscape(id), fmt.Sprintf("expected the id of a sub-workflow step of the definition; it has no step %q%s", id, suggest(id, steps))})
		case s.Type != definition.StepSubWorkflow:
			out = append(out, Problem{"/script/children/" + pointerEscape(id), fmt.Sprintf("expected the id of a sub-workflow step; %q is a %s step", id, s.Type)})
		}
	}
	for _, k := range sortedKeys(sc.Script.DataSources) {
		if !calls[k] {
			out = append(out, Problem{"/script/dataSources/" + pointerEscape(k), fmt.Sprintf("expected the alias or dataSourceId of a data source call of the definition; none is %q", k)})
		}
	}
	if e := sc.Expect; e != nil {
		check := func(ptr, id string) {
			if _, ok := steps[id]; !ok {
				out = append(out, Problem{ptr, fmt.Sprintf("expected a step id of the definition; it has no step %q%s", id, suggest(id, steps))})
			}
		}
		for i, id := range e.Ran {
			check(fmt.Sprintf("/expect/ran/%d", i), id)
		}
		for i, id := range e.NotRan {
			check(fmt.Sprintf("/expect/notRan/%d", i), id)
		}
		for _, id := range sortedKeys(e.Attempts) {
			check("/expect/attempts/"+pointerEscape(id), id)
		}
		for _, id := range sortedKeys(e.Outputs) {
			check("/expect/outputs/"+pointerEscape(id), id)
		}
		for _, id := range sortedKeys(e.Children) {
			check("/expect/children/"+pointerEscape(id), id)
		}
		for i, id := range e.Overdue {
			check(fmt.Sprintf("/expect/overdue/%d", i), id)
		}
		if e.Error != nil && e.Error.StepID != "" {
			check("/expect/error/stepId", e.Error.StepID)
		}
	}
	return out
}

// suggest names the closest step id when it is a likely slip (at most two edits away).
func suggest(id string, steps map[string]*definition.Step) string {
	best, bestD := "", 3
	for _, k := range sortedKeys(steps) {
		if d := distance(strings.ToLower(k), strings.ToLower(id)); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Options returns the simulation options a scenario asks for.
func (sc *Scenario) Options() Options {
	var o Options
	if sc.Limits != nil {
		o.MaxStepRuns, o.LoopLimit = sc.Limits.MaxStepRuns, sc.Limits.LoopLimit
	}
	return o
}

// Outcome is a scenario's run: the result and the expectations it missed.
type Outcome struct {
	Result     *Result    `json:"result"`
	Mismatches []Mismatch `json:"mismatches"`
	// Passed is true when every expectation held.
	Passed bool `json:"passed"`
}

// RunScenario decodes defRaw (the scenario's definition, inline or read from its file by the
// caller), checks the script against it, simulates, and checks the expectations. Problems with
// the definition are reported with pointers under defPointer ("/definition" for an inline one).
func RunScenario(sc *Scenario, defRaw []byte, defPointer string) (*Outcome, error) {
	def, err := DecodeDefinition(defRaw, defPointer)
	if err != nil {
		return nil, err
	}
	if ps := CheckScript(sc, def); len(ps) > 0 {
		return nil, &InvalidError{Problems: ps}
	}
	res, err := Run(def, sc.Context, sc.Script, sc.Options())
	if err != nil {
		return nil, &InvalidError{Problems: []Problem{{Pointer: "/script/clock", Message: err.Error()}}}
	}
	out := &Outcome{Result: res, Mismatches: []Mismatch{}}
	if sc.Expect != nil {
		out.Mismatches = append(out.Mismatches, Check(res, *sc.Expect)...)
	}
	out.Passed = len(out.Mismatches) == 0
	return out, nil
}

// DecodeDefinition validates a definition document as publishing does (offline rules: no
// store) and decodes it; ERROR issues make it invalid, with pointers under prefix.
func DecodeDefinition(raw []byte, prefix string) (*definition.Definition, error) {
	var ps []Problem
	for _, is := range definition.Validate(raw, definition.Options{}) {
		if is.Severity == definition.SeverityError {
			ps = append(ps, Problem{Pointer: prefix + is.Path, Message: fmt.Sprintf("%s: %s", is.Rule, is.Message)})
		}
	}
	if len(ps) > 0 {
		return nil, &InvalidError{Problems: ps}
	}
	def, err := definition.Decode(raw)
	if err != nil {
		return nil, &InvalidError{Problems: []Problem{{Pointer: prefix, Message: err.Error()}}}
	}
	return def, nil
}
