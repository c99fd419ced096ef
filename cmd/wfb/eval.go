package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/workflowbuilder/wfb/expr"
	"github.com/workflowbuilder/wfb/jsonata"
)

// runEval implements `wfb eval EXPR [--input FILE] [--bindings FILE]`: it
// evaluates a JSONata expression against a JSON document and prints the
// result as JSON. Without --input the document is standard input, unless that
// is a terminal or empty (then there is no input). The evaluation has the
// engine's limits (expr.Evaluator.Limits): its step, depth and size bounds
// and its time limit. Exit status: 0 on success, 1 on an expression error (printed as
// "CODE at position N: message"), 2 on usage or I/O errors. An undefined
// result prints nothing and succeeds.
func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	inputPath := fs.String("input", "", "JSON input document (`FILE`, - for stdin); default: standard input when it is not a terminal")
	bindingsPath := fs.String("bindings", "", "JSON object of variables (`FILE`, - for stdin)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: wfb eval EXPR [--input FILE] [--bindings FILE]")
		fmt.Fprintln(stderr, "  e.g. wfb eval '$sum(items.(price * qty))' --input examples/data/order.json")
		fmt.Fprintln(stderr, "       echo '{\"a\": 1}' | wfb eval 'a + 1'")
		fs.PrintDefaults()
	}
	// Accept flags before or after the expression.
	var srcs []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		srcs = append(srcs, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(srcs) != 1 {
		fs.Usage()
		return 2
	}
	var input any
	switch {
	case *inputPath != "":
		data, err := readFile(*inputPath, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "wfb eval: reading input: %v\n", err)
			return 2
		}
		if input, err = jsonata.ParseJSON(data); err != nil {
			fmt.Fprintf(stderr, "wfb eval: input %s: %v\n", *inputPath, err)
			return 2
		}
	case stdin != nil && *bindingsPath != "-" && !isTerminal(stdin):
		data, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "wfb eval: reading standard input: %v\n", err)
			return 2
		}
		if len(bytes.TrimSpace(data)) > 0 {
			if input, err = jsonata.ParseJSON(data); err != nil {
				fmt.Fprintf(stderr, "wfb eval: standard input: %v\n", err)
				return 2
			}
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
	e, err := jsonata.Compile(srcs[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	timeout, limits := expr.New(expr.Options{}).Limits()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	res, err := e.Evaluate(ctx, input, append(opts, limits...)...)
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

// isTerminal reports whether r is a terminal, which eval does not wait on for input.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func readFile(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}
