package jsonata

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// conformanceFloor is the minimum fraction of suite cases that must pass.
const conformanceFloor = 0.99

type suiteCase struct {
	Expr            *string         `json:"expr"`
	ExprFile        string          `json:"expr-file"`
	Data            json.RawMessage `json:"data"`
	Dataset         *string         `json:"dataset"`
	Bindings        map[string]any  `json:"bindings"`
	Timelimit       *float64        `json:"timelimit"`
	Depth           *int            `json:"depth"`
	Result          json.RawMessage `json:"result"`
	UndefinedResult bool            `json:"undefinedResult"`
	Code            string          `json:"code"`
	Error           *struct {
		Code string `json:"code"`
	} `json:"error"`
	Unordered bool `json:"unordered"`
}

type namedCase struct {
	name string
	dir  string
	c    suiteCase
}

// suiteDir is the folder of the official JSONata test suite: $JSONATA_SUITE_DIR, else
// ../shared/jsonata-suite beside the repository. The suite is not part of the repository.
func suiteDir() string {
	if d := os.Getenv("JSONATA_SUITE_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "jsonata-suite")
}

// requireSuite skips the test when the suite is not in dir, saying where to get it, and fails
// it instead under CI=true, where a missing suite must not pass for a green run.
func requireSuite(t testing.TB, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "groups")); err == nil {
		return
	}
	msg := "the official JSONata test suite is not in " + dir + ": copy test/test-suite (groups/ and datasets/) of " +
		"https://github.com/jsonata-js/jsonata (release v2.2.2) there, or set JSONATA_SUITE_DIR to such a folder"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: required)")
	}
	t.Skip(msg)
}

func loadSuite(t testing.TB, dir string) []namedCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "groups", "*", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no suite cases under %s (set JSONATA_SUITE_DIR): %v", dir, err)
	}
	sort.Strings(files)
	var out []namedCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("reading %s: %v", f, err)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + strings.TrimSuffix(filepath.Base(f), ".json")
		trimmed := strings.TrimSpace(string(b))
		if strings.HasPrefix(trimmed, "[") {
			var cs []suiteCase
			if err := json.Unmarshal(b, &cs); err != nil {
				t.Fatalf("decoding %s: %v", f, err)
			}
			for i, c := range cs {
				out = append(out, namedCase{name: fmt.Sprintf("%s[%d]", name, i), dir: filepath.Dir(f), c: c})
			}
			continue
		}
		var c suiteCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("decoding %s: %v", f, err)
		}
		out = append(out, namedCase{name: name, dir: filepath.Dir(f), c: c})
	}
	return out
}

func loadExceptions(t testing.TB) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "exceptions.txt"))
	if err != nil {
		t.Fatalf("opening exceptions: %v", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, " ")
		out[name] = strings.TrimSpace(reason)
	}
	return out
}

// runCase evaluates one case and returns "" on success or a description
// of the mismatch.
func runCase(dir, suiteRoot string, c suiteCase, datasets map[string]any) (desc string) {
	defer func() {
		if r := recover(); r != nil {
			desc = fmt.Sprintf("panic: %v", r)
		}
	}()
	src := ""
	if c.Expr != nil {
		src = *c.Expr
	} else {
		b, err := os.ReadFile(filepath.Join(dir, c.ExprFile))
		if err != nil {
			return "reading expr-file: " + err.Error()
		}
		src = string(b)
	}
	var input any
	hasInput := false
	if len(c.Data) > 0 {
		v, err := ParseJSON(c.Data)
		if err != nil {
			return "bad data: " + err.Error()
		}
		input, hasInput = v, true
	} else if c.Dataset != nil {
		v, ok := datasets[*c.Dataset]
		if !ok {
			b, err := os.ReadFile(filepath.Join(suiteRoot, "datasets", *c.Dataset+".json"))
			if err != nil {
				return "reading dataset: " + err.Error()
			}
			if v, err = ParseJSON(b); err != nil {
				return "bad dataset: " + err.Error()
			}
			datasets[*c.Dataset] = v
		}
		input, hasInput = v, true
	}
	wantCode := c.Code
	if c.Error != nil && wantCode == "" {
		wantCode = c.Error.Code
	}
	expr, err := Compile(src)
	if err != nil {
		return checkErr(err, wantCode)
	}
	ctx := context.Background()
	// The suite's time limits were set for jsonata-js on a quiet machine;
	// allow three times as long, for the race detector and a shared CI box.
	limit := 10 * time.Second
	if c.Timelimit != nil {
		limit = time.Duration(*c.Timelimit) * time.Millisecond * 3
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	opts := []Option{WithBindings(c.Bindings), WithMaxItems(2e7), WithMaxBytes(1 << 30)}
	// The reference runner (test/run-test-suite.js, timeboxExpression)
	// limits the depth only for a case that gives both a time limit and a
	// depth, and only when the depth is positive; it counts nested
	// evaluations as this engine does and reports going past it as U1001.
	timeboxed := c.Timelimit != nil && c.Depth != nil && *c.Depth > 0
	if timeboxed {
		opts = append(opts, WithMaxDepth(*c.Depth))
	}
	in, err := fromGo(input)
	if err != nil {
		return err.Error()
	}
	if !hasInput {
		in = nil
	}
	o := options{}
	for _, f := range opts {
		f(&o)
	}
	o.applyDefaults()
	res, err := expr.evaluate(ctx, in, &o)
	if err != nil {
		return checkErr(runnerLimit(err, timeboxed), wantCode)
	}
	if wantCode != "" {
		return fmt.Sprintf("want error %s, got result %s", wantCode, show(res))
	}
	if c.UndefinedResult {
		if res != nil {
			return "want undefined, got " + show(res)
		}
		return ""
	}
	if res == nil {
		return "got undefined, want " + string(c.Result)
	}
	var want any
	if err := json.Unmarshal(c.Result, &want); err != nil {
		return "bad result in case: " + err.Error()
	}
	got := normalize(toGo(res))
	if c.Unordered {
		got, want = sortedJSON(got), sortedJSON(want)
	}
	if !jsonEqual(got, want) {
		return "got " + show(res) + ", want " + string(c.Result)
	}
	return ""
}

// runnerLimit reports the case's own depth limit as the reference runner
// does: U1001, the code it also gives its time limit. The engine's U1002
// stays U1002 for a case without a depth limit.
func runnerLimit(err error, timeboxed bool) error {
	var je *Error
	if timeboxed && errors.As(err, &je) && je.Code == CodeDepth {
		return &Error{Code: CodeTimeout, Position: je.Position, Token: je.Token, Message: "runner depth limit exceeded: " + je.Message}
	}
	return err
}

func show(v any) string {
	s, err := toJSString(v, false)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

func checkErr(err error, want string) string {
	var je *Error
	if !errors.As(err, &je) {
		return "non-JSONata error: " + err.Error()
	}
	if want == "" {
		return "unexpected error: " + err.Error()
	}
	if je.Code != want {
		return fmt.Sprintf("want error %s, got %v", want, err)
	}
	return ""
}

// normalize turns results into encoding/json shapes for comparison.
func normalize(v any) any {
	switch v := v.(type) {
	case *Object:
		m := make(map[string]any, v.Len())
		for _, k := range v.Keys() {
			x, _ := v.Get(k)
			m[k] = normalize(x)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	}
	return v
}

func sortedJSON(v any) any {
	a, ok := v.([]any)
	if !ok {
		return v
	}
	out := append([]any(nil), a...)
	sort.Slice(out, func(i, j int) bool {
		bi, _ := json.Marshal(out[i])
		bj, _ := json.Marshal(out[j])
		return string(bi) < string(bj)
	})
	return out
}

func jsonEqual(a, b any) bool {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for k, x := range av {
			y, ok := bv[k]
			if !ok || !jsonEqual(x, y) {
				return false
			}
		}
		return true
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if !jsonEqual(av[i], bv[i]) {
				return false
			}
		}
		return true
	case float64:
		bv, ok := b.(float64)
		return ok && (av == bv || math.Abs(av-bv) <= 1e-12*math.Max(math.Abs(av), math.Abs(bv)))
	}
	return a == b
}

func TestConformance(t *testing.T) {
	dir := suiteDir()
	requireSuite(t, dir)
	cases := loadSuite(t, dir)
	exceptions := loadExceptions(t)
	datasets := map[string]any{}
	type tally struct{ pass, total int }
	groups := map[string]*tally{}
	passed, failed := 0, 0
	for _, nc := range cases {
		g := nc.name[:strings.Index(nc.name, "/")]
		if groups[g] == nil {
			groups[g] = &tally{}
		}
		groups[g].total++
		desc := runCase(nc.dir, dir, nc.c, datasets)
		if desc == "" {
			passed++
			groups[g].pass++
			if reason, ok := exceptions[nc.name]; ok {
				t.Logf("listed exception %s passes now (%s): remove it from testdata/exceptions.txt", nc.name, reason)
			}
			continue
		}
		failed++
		if reason, ok := exceptions[nc.name]; ok {
			t.Logf("known exception %s (%s): %s", nc.name, reason, desc)
			continue
		}
		t.Errorf("%s: %s", nc.name, desc)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		if groups[g].pass != groups[g].total {
			t.Logf("group %-32s %d/%d", g, groups[g].pass, groups[g].total)
		}
	}
	if float64(passed) < conformanceFloor*float64(len(cases)) {
		t.Errorf("%d of %d cases pass, below the floor of %.0f%%", passed, len(cases), conformanceFloor*100)
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
}

// TestRunnerDepthLimit checks the runner applies a case's depth as the
// reference runner does: with a time limit, past the depth is U1001; a
// depth without a time limit is not applied.
func TestRunnerDepthLimit(t *testing.T) {
	t.Parallel()
	factorial := func(n int) *string {
		s := fmt.Sprintf("($f := function($n){$n = 0 ? 1 : $n * $f($n - 1)}; $f(%d))", n)
		return &s
	}
	num := func(n int) *int { return &n }
	ms := func(f float64) *float64 { return &f }
	cases := []struct {
		name     string
		c        suiteCase
		wantPass bool
	}{
		{"within the depth", suiteCase{Expr: factorial(99), Timelimit: ms(1000), Depth: num(302), Result: json.RawMessage("9.33262154439441e+155")}, true},
		{"past the depth is U1001", suiteCase{Expr: factorial(100), Timelimit: ms(1000), Depth: num(302), Code: "U1001"}, true},
		{"past the depth is not a result", suiteCase{Expr: factorial(100), Timelimit: ms(1000), Depth: num(302), Result: json.RawMessage("9.332621544394415e+157")}, false},
		{"a depth alone is not applied", suiteCase{Expr: factorial(100), Depth: num(302), Result: json.RawMessage("9.332621544394415e+157")}, true},
		{"a zero depth is not applied", suiteCase{Expr: factorial(100), Timelimit: ms(1000), Depth: num(0), Result: json.RawMessage("9.332621544394415e+157")}, true},
		{"the engine's own depth stays U1002", suiteCase{Expr: factorial(2000), Code: "U1002"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			desc := runCase(t.TempDir(), t.TempDir(), tc.c, map[string]any{})
			if tc.wantPass && desc != "" {
				t.Errorf("case fails: %s", desc)
			}
			if !tc.wantPass && desc == "" {
				t.Error("case passes, want a failure")
			}
		})
	}
}
