package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/workflowbuilder/wfb/jsonata"
)

// runEval implements `wfb eval EXPR [--input FILE] [--bindings FILE]`: it
// evaluates a JSONata expression against a JSON document and prints the
// result as JSON. Exit status: 0 on success, 1 on an expression error
// (printed as "CODE at position N: message"), 2 on usage or I/O errors.
// An undefined result prints nothing and succeeds.
func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	inputPath := fs.String("input", "", "JSON input document (`FILE`, - for stdin)")
	bindingsPath := fs.String("bindings", "", "JSON object of variables (`FILE`)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: wfb eval EXPR [--input FILE] [--bindings FILE]")
		fs.PrintDefaults()
	}
	// Accept flags before or after the expression.
	var expr []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		expr = append(expr, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(expr) != 1 {
		fs.Usage()
		return 2
	}
	var input any
	if *inputPath != "" {
		data, err := readFile(*inputPath, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "wfb eval: reading input: %v\n", err)
			return 2
		}
		if input, err = jsonata.ParseJSON(data); err != nil {
			fmt.Fprintf(stderr, "wfb eval: input %s: %v\n", *inputPath, err)
			return 2
		}
	}
	var opts []jsonata.Option
	if *bindingsPath != "" {
		data, err := readFile(*bindingsPath, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "wfb eval: reading bindings: %v\n", err)
			return 2
		}
		var vars map[string]any
		if err := json.Unmarshal(data, &vars); err != nil {
			fmt.Fprintf(stderr, "wfb eval: bindings %s must be a JSON object: %v\n", *bindingsPath, err)
			return 2
		}
		opts = append(opts, jsonata.WithBindings(vars))
	}
	e, err := jsonata.Compile(expr[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	res, err := e.Evaluate(context.Background(), input, opts...)
	if errors.Is(err, jsonata.ErrUndefined) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	out, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "wfb eval: encoding result: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, string(out))
	return 0
}

func readFile(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}
