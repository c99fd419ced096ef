// Command wfb is Workflow Builder: one binary that serves the API, runs the workflow engine, and
// validates and evaluates definitions offline. See README.md for the two commands to start with.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
)

// command is one subcommand. run gets the arguments after the subcommand's name and returns the
// process exit status.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
	// hidden commands are for wfb's own use (a child process it starts) and are not listed.
	hidden bool
}

// commands lists the subcommands. Each lives in its own file; this table is the only place that
// names them all, so `wfb help` and dispatch never disagree.
var commands = map[string]command{
	"version": {summary: "print the version of this build", run: runVersion},
	"serve":   {summary: "run everything in one process: API, engine worker and an embedded Temporal server", run: runServe},
	"api":     {summary: "run the API process (production split: external Temporal, no worker)", run: runAPI},
	"worker":  {summary: "run the engine worker (production split: external Temporal and database)", run: runWorker},
	"migrate": {summary: "apply database migrations and exit", run: runMigrate},
	"keys":    {summary: "create, list and revoke API keys in the configured database", run: runKeys},
	"openapi": {summary: "print the API's OpenAPI document (what /openapi.json serves); needs no database", run: runOpenAPI},
	"validate": {summary: "validate definition files offline (exit 1 on any ERROR)", run: func(args []string, _ io.Reader, stdout, stderr io.Writer) int {
		return runValidate(args, stdout, stderr)
	}},
	"test":                   {summary: "run scenario files: dry runs of definitions with the outside world scripted (exit 1 on any failure)", run: runTest},
	"eval":                   {summary: "evaluate a JSONata expression against a JSON document", run: runEval},
	"bench":                  {summary: "measure the engine against a bare Temporal workflow, and BATCH fan-out times", run: runBench},
	temporalDevServerCommand: {summary: "the embedded Temporal server process that wfb serve starts", run: runTemporalDevServer, hidden: true},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "wfb: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: wfb <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for name, cmd := range commands {
		if !cmd.hidden {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'wfb <command> -h' for a command's flags.")
}

func runVersion(_ []string, _ io.Reader, stdout, _ io.Writer) int {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	fmt.Fprintf(stdout, "wfb %s\n", version)
	return 0
}
