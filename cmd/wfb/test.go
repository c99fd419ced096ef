package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/workflowbuilder/wfb/internal/scenarios"
)

const testUsage = `Usage: wfb test [--json] FILE_OR_DIR...

Runs scenario files (docs/testing-workflows.md): each simulates its definition
with the outside world scripted, in memory (no database, no Temporal, no
network), and checks its expectations. A directory is searched for *.json files.

Prints one line per scenario, with a diff for a failed one and the file and
JSON Pointer of each problem for an invalid one; with --json, one JSON document
{"passed", "failed", "invalid", "scenarios": [...]}.

Exit status: 0 all passed, 1 a scenario failed or is invalid, 2 bad usage or a
path that cannot be read.
`

// runTest is `wfb test`.
func runTest(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	asJSON := false
	var paths []string
	for _, a := range args {
		switch {
		case !strings.HasPrefix(a, "-"):
			paths = append(paths, a)
		case a == "--json" || a == "-json":
			asJSON = true
		case a == "-h" || a == "--help" || a == "-help":
			fmt.Fprint(stdout, testUsage)
			return 0
		default:
			fmt.Fprintf(stderr, "wfb test: unknown flag %s\n\n%s", a, testUsage)
			return 2
		}
	}
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "wfb test: no files given\n\n%s", testUsage)
		return 2
	}
	sum, err := scenarios.Run(paths)
	if err != nil {
		fmt.Fprintf(stderr, "wfb test: %v\n", err)
		return 2
	}
	write := scenarios.WriteText
	if asJSON {
		write = scenarios.WriteJSON
	}
	if err := write(stdout, sum); err != nil {
		fmt.Fprintf(stderr, "wfb test: writing the report: %v\n", err)
		return 2
	}
	if !sum.OK() {
		return 1
	}
	return 0
}
