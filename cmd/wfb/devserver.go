package main

import (
	"io"

	"github.com/workflowbuilder/wfb/internal/devserver"
)

// runTemporalDevServer is the hidden subcommand `wfb serve` re-executes itself with to run the
// embedded Temporal server in a child process (see package devserver for why a child).
func runTemporalDevServer(args []string, stdin io.Reader, _, stderr io.Writer) int {
	return devserver.RunChild(args, stdin, stderr)
}

// temporalDevServerCommand names the subcommand in the commands table; devserver.Start runs
// this executable with it.
const temporalDevServerCommand = devserver.ChildCommand
