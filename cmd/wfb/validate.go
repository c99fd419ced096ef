package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/workflowbuilder/wfb/definition"
)

const validateUsage = `Usage: wfb validate [--json] FILE...

Validates workflow definitions offline (SPEC §4). Rules that need the store
(child versions, sub-workflow cycles, service-request types) are skipped.

Prints each issue as FILE:PATH: SEVERITY RULE: message; with --json, one line
per file: {"file", "valid", "issues"}.

Exit status: 0 no errors, 1 some file has an ERROR, 2 a file cannot be read
or is not JSON (or bad usage).
`

// validateExit codes; a higher code wins when several files differ.
const (
	validateOK       = 0
	validateInvalid  = 1
	validateUnusable = 2
)

// runValidate is `wfb validate`.
func runValidate(args []string, stdout, stderr io.Writer) int {
	asJSON := false
	var files []string
	flagsDone := false
	for _, a := range args {
		switch {
		case flagsDone || !strings.HasPrefix(a, "-") || a == "-":
			files = append(files, a)
		case a == "--":
			flagsDone = true
		case a == "--json" || a == "-json":
			asJSON = true
		case a == "-h" || a == "--help" || a == "-help":
			fmt.Fprint(stdout, validateUsage)
			return validateOK
		default:
			fmt.Fprintf(stderr, "wfb validate: unknown flag %s\n\n%s", a, validateUsage)
			return validateUnusable
		}
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "wfb validate: no files given\n\n%s", validateUsage)
		return validateUnusable
	}
	status := validateOK
	for _, f := range files {
		status = max(status, validateFile(f, asJSON, stdout, stderr))
	}
	return status
}

// validateReport is one line of --json output.
type validateReport struct {
	File   string             `json:"file"`
	Valid  bool               `json:"valid"`
	Issues []definition.Issue `json:"issues"`
	Error  string             `json:"error,omitempty"`
}

func validateFile(name string, asJSON bool, stdout, stderr io.Writer) int {
	raw, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "wfb validate: reading %s: %v\n", name, err)
		if asJSON {
			writeValidateReport(stdout, stderr, validateReport{File: name, Issues: []definition.Issue{}, Error: err.Error()})
		}
		return validateUnusable
	}
	status := validateOK
	if !json.Valid(raw) {
		status = validateUnusable
	}
	issues := definition.Validate(raw, definition.Options{})
	if status == validateOK && definition.HasErrors(issues) {
		status = validateInvalid
	}
	if asJSON {
		writeValidateReport(stdout, stderr, validateReport{File: name, Valid: status == validateOK, Issues: validateNonNil(issues)})
		return status
	}
	if len(issues) == 0 {
		fmt.Fprintf(stdout, "%s: ok\n", name)
		return status
	}
	for _, i := range issues {
		fmt.Fprintf(stdout, "%s:%s: %s %s: %s%s\n", name, validateDisplayPath(i.Path), i.Severity, i.Rule, i.Message, validateIssueIDs(i))
	}
	return status
}

func writeValidateReport(stdout, stderr io.Writer, r validateReport) {
	// One object per line, and expressions stay readable: no HTML escaping.
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		fmt.Fprintf(stderr, "wfb validate: writing the report of %s: %v\n", r.File, err)
	}
}

func validateNonNil(issues []definition.Issue) []definition.Issue {
	if issues == nil {
		return []definition.Issue{}
	}
	return issues
}

func validateDisplayPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func validateIssueIDs(i definition.Issue) string {
	var ids []string
	if i.StepID != "" {
		ids = append(ids, "step "+i.StepID)
	}
	if i.TransitionID != "" {
		ids = append(ids, "transition "+i.TransitionID)
	}
	if i.GroupID != "" {
		ids = append(ids, "group "+i.GroupID)
	}
	if len(ids) == 0 {
		return ""
	}
	return " (" + strings.Join(ids, ", ") + ")"
}
