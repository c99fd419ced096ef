// Package scenarios runs scenario files (the format of internal/engine/sim, documented in
// docs/testing-workflows.md) from disk: it finds them, reads their definitions, runs them and
// reports each one for people or tools. `wfb test` is a thin shell over it, and the test
// suite runs the repository's scenarios through it, the same code path.
package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/workflowbuilder/wfb/internal/engine/sim"
)

// Verdicts of a scenario.
const (
	Passed  = "passed"
	Failed  = "failed"
	Invalid = "invalid"
)

// Report is one scenario file's outcome.
type Report struct {
	File    string `json:"file"`
	Name    string `json:"name,omitempty"`
	Verdict string `json:"verdict"`
	// Problems say why an invalid file cannot run: a JSON Pointer into the file (or into its
	// definition file, named in the pointer) and what was expected.
	Problems []sim.Problem `json:"problems,omitempty"`
	// Mismatches are the expectations a failed scenario missed.
	Mismatches []sim.Mismatch `json:"mismatches,omitempty"`
	Result     *sim.Result    `json:"result,omitempty"`
}

// Find lists the scenario files named by args: files as given, directories walked for
// *.json files (sorted), so that a run's order is stable.
func Find(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("finding scenarios: %w", err)
		}
		if !info.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".json")) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("finding scenarios under %s: %w", a, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// Loaded is a scenario file read from disk with its definition document.
type Loaded struct {
	Scenario *sim.Scenario
	// Definition is the definition document (inline, or read from definitionFile).
	Definition []byte
	// DefinitionPointer prefixes the pointers of the definition's problems: "/definition", or
	// "<file>#" for a definition file.
	DefinitionPointer string
}

// Load reads and checks one scenario file (not yet its script against the definition: the
// run does that) and reads its definition file.
func Load(path string) (*Loaded, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, &sim.InvalidError{Problems: []sim.Problem{{Message: fmt.Sprintf("reading the file: %v", err)}}}
	}
	sc, err := sim.Parse(raw)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Scenario: sc, Definition: sc.Definition, DefinitionPointer: "/definition"}
	if sc.DefinitionFile != "" {
		defPath := filepath.FromSlash(sc.DefinitionFile)
		if !filepath.IsAbs(defPath) {
			defPath = filepath.Join(filepath.Dir(path), defPath)
		}
		if l.Definition, err = os.ReadFile(defPath); err != nil {
			return l, &sim.InvalidError{Problems: []sim.Problem{{Pointer: "/definitionFile", Message: fmt.Sprintf("expected a readable definition file: %v", err)}}}
		}
		l.DefinitionPointer = defPath + "#"
	}
	return l, nil
}

// RunFile reads, checks and runs one scenario file.
func RunFile(path string) Report {
	rep := Report{File: path}
	l, err := Load(path)
	if l != nil {
		rep.Name = l.Scenario.Name
	}
	if err != nil {
		return invalidFrom(rep, err)
	}
	out, err := sim.RunScenario(l.Scenario, l.Definition, l.DefinitionPointer)
	if err != nil {
		return invalidFrom(rep, err)
	}
	rep.Result, rep.Mismatches = out.Result, out.Mismatches
	rep.Verdict = Passed
	if !out.Passed {
		rep.Verdict = Failed
	}
	return rep
}

func invalid(rep Report, ps ...sim.Problem) Report {
	rep.Verdict, rep.Problems = Invalid, ps
	return rep
}

func invalidFrom(rep Report, err error) Report {
	var ie *sim.InvalidError
	if errors.As(err, &ie) {
		return invalid(rep, ie.Problems...)
	}
	return invalid(rep, sim.Problem{Message: err.Error()})
}

// Summary counts verdicts.
type Summary struct {
	Passed  int      `json:"passed"`
	Failed  int      `json:"failed"`
	Invalid int      `json:"invalid"`
	Reports []Report `json:"scenarios"`
}

// OK reports whether every scenario passed.
func (s Summary) OK() bool { return s.Failed == 0 && s.Invalid == 0 }

// Run runs every scenario named by args.
func Run(args []string) (Summary, error) {
	files, err := Find(args)
	if err != nil {
		return Summary{}, err
	}
	s := Summary{Reports: []Report{}}
	for _, f := range files {
		rep := RunFile(f)
		switch rep.Verdict {
		case Passed:
			s.Passed++
		case Failed:
			s.Failed++
		default:
			s.Invalid++
		}
		s.Reports = append(s.Reports, rep)
	}
	return s, nil
}

// WriteText prints one line per scenario, with the problems of an invalid file and a diff for
// a failed one, then a summary line.
func WriteText(w io.Writer, s Summary) error {
	var b strings.Builder
	for _, r := range s.Reports {
		name := r.Name
		if name == "" {
			name = "-"
		}
		switch r.Verdict {
		case Passed:
			fmt.Fprintf(&b, "ok      %s  %s (%s)\n", r.File, name, r.Result.Status)
		case Failed:
			fmt.Fprintf(&b, "FAIL    %s  %s\n%s", r.File, name, sim.Diff(r.Mismatches))
			fmt.Fprintf(&b, "  path: %s\n", strings.Join(path(r.Result), " → "))
		default:
			fmt.Fprintf(&b, "INVALID %s  %s\n", r.File, name)
			for _, p := range r.Problems {
				ptr := p.Pointer
				if ptr == "" {
					ptr = "(document)"
				}
				fmt.Fprintf(&b, "  %s: %s\n", ptr, p.Message)
			}
		}
	}
	fmt.Fprintf(&b, "%d passed, %d failed, %d invalid\n", s.Passed, s.Failed, s.Invalid)
	_, err := io.WriteString(w, b.String())
	return err
}

// path is the steps in the order they ran, with attempts after the first.
func path(r *sim.Result) []string {
	out := make([]string, 0, len(r.Steps))
	for _, s := range r.Steps {
		p := s.StepID
		if s.Attempt > 1 {
			p += fmt.Sprintf("#%d", s.Attempt)
		}
		if s.Status != "Completed" {
			p += "(" + string(s.Status) + ")"
		}
		out = append(out, p)
	}
	return out
}

// WriteJSON writes the summary as one JSON document for tools.
func WriteJSON(w io.Writer, s Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
