// Command jsonatabench compares the speed of the Go JSONata engine with
// jsonata-js 2.2.2 on Node.js, on product-shaped expressions. It prints,
// per expression, the time per evaluation of each engine and the ratio
// (jsonata-js time / Go time: above 1 means the Go engine is faster).
//
// Usage (from the module root):
//
//	go run ./cmd/jsonatabench [-millis 1000] [-rounds 3] [-node-dir tools/jsonata-js]
//
// The Node side installs jsonata from the npm registry into -node-dir on
// first use (npm ci, from the committed package-lock.json).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/workflowbuilder/wfb/jsonata"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type nodeResult struct {
	Name    string          `json:"name"`
	NsPerOp float64         `json:"nsPerOp"`
	Result  json.RawMessage `json:"result"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jsonatabench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	millis := fs.Int("millis", 1000, "measuring time per expression, engine and round, in milliseconds")
	rounds := fs.Int("rounds", 3, "rounds per expression and engine; the best round counts, being the least disturbed by other load")
	nodeDir := fs.String("node-dir", filepath.Join("tools", "jsonata-js"), "folder with package.json and bench.js")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	doc := scopeJSON()
	parsed, err := jsonata.ParseJSON([]byte(doc))
	if err != nil {
		fmt.Fprintf(stderr, "jsonatabench: building input: %v\n", err)
		return 1
	}
	// Like the Node side, which parses the document once, convert it once.
	input, err := jsonata.NewInput(parsed)
	if err != nil {
		fmt.Fprintf(stderr, "jsonatabench: building input: %v\n", err)
		return 1
	}
	var plain any
	if err := json.Unmarshal([]byte(doc), &plain); err != nil {
		fmt.Fprintf(stderr, "jsonatabench: building input: %v\n", err)
		return 1
	}
	goNs := make(map[string]float64)
	goRes := make(map[string]string)
	var cases []benchCase
	for _, c := range benchCases {
		e, err := jsonata.Compile(c.expr)
		if err != nil {
			fmt.Fprintf(stderr, "jsonatabench: compiling %s: %v\n", c.name, err)
			return 1
		}
		for r := 0; r < max(*rounds, 1); r++ {
			ns, res, err := measure(e, input, time.Duration(*millis)*time.Millisecond)
			if err != nil {
				fmt.Fprintf(stderr, "jsonatabench: evaluating %s: %v\n", c.name, err)
				return 1
			}
			if best, ok := goNs[c.name]; !ok || ns < best {
				goNs[c.name], goRes[c.name] = ns, res
			}
		}
		cases = append(cases, benchCase{Name: c.name, Expr: c.expr, Input: plain})
	}
	js, err := runNode(*nodeDir, cases, *millis, *rounds, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "jsonatabench: jsonata-js side: %v\n", err)
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "expression\tgo ns/op\tjsonata-js ns/op\tratio (js/go)\tsame result\t")
	slower := 0
	for _, r := range js {
		ratio := r.NsPerOp / goNs[r.Name]
		if ratio < 1 {
			slower++
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2fx\t%v\t\n", r.Name, goNs[r.Name], r.NsPerOp, ratio, sameJSON(goRes[r.Name], r.Result))
	}
	tw.Flush()
	if slower > 0 {
		fmt.Fprintf(stdout, "the Go engine is slower than jsonata-js on %d expression(s)\n", slower)
	}
	return 0
}

// measure evaluates e repeatedly for about d (after a warm-up) and returns
// the mean time per evaluation and the result as JSON.
func measure(e *jsonata.Expression, input *jsonata.Input, d time.Duration) (float64, string, error) {
	ctx := context.Background()
	var res any
	var err error
	warm := time.Now().Add(min(d, 200*time.Millisecond))
	for time.Now().Before(warm) {
		if res, err = e.Evaluate(ctx, input); err != nil && !errors.Is(err, jsonata.ErrUndefined) {
			return 0, "", err
		}
	}
	ops := 0
	start := time.Now()
	for time.Since(start) < d {
		for i := 0; i < 10; i++ {
			res, _ = e.Evaluate(ctx, input)
		}
		ops += 10
	}
	elapsed := time.Since(start)
	b, err := json.Marshal(res)
	if err != nil {
		return 0, "", err
	}
	return float64(elapsed.Nanoseconds()) / float64(ops), string(b), nil
}

func runNode(dir string, cases []benchCase, millis, rounds int, stderr io.Writer) ([]nodeResult, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "jsonata", "package.json")); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("installing jsonata with npm ci in %s: %w", dir, err)
		}
	}
	f, err := os.CreateTemp("", "jsonatabench-*.json")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if err := json.NewEncoder(f).Encode(map[string]any{"millis": millis, "rounds": rounds, "cases": cases}); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing cases: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	cmd := exec.Command("node", "bench.js", f.Name())
	cmd.Dir = dir
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running node bench.js: %w", err)
	}
	var res []nodeResult
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("reading node output: %w", err)
	}
	return res, nil
}

// sameJSON reports whether two JSON texts hold equal values.
func sameJSON(a string, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}
