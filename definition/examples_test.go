package definition_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

// examplesDir is the repository's examples/ folder, or $WFB_EXAMPLES_DIR.
func examplesDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("WFB_EXAMPLES_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "examples")
}

// exampleFiles lists the definition examples: valid ones at the top level (every file there
// is a definition) and invalid ones.
func exampleFiles(t testing.TB) (valid, invalid []string) {
	t.Helper()
	dir := examplesDir(t)
	valid, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(valid) == 0 {
		t.Fatalf("no examples in %s (set WFB_EXAMPLES_DIR): %v", dir, err)
	}
	invalid, err = filepath.Glob(filepath.Join(dir, "invalid", "*.json"))
	if err != nil || len(invalid) == 0 {
		t.Fatalf("no invalid examples in %s: %v", dir, err)
	}
	return valid, invalid
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExamplesValid(t *testing.T) {
	t.Parallel()
	valid, _ := exampleFiles(t)
	for _, f := range valid {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			issues := definition.Validate(readFile(t, f), definition.Options{})
			for _, i := range issues {
				t.Logf("%v", i)
			}
			if definition.HasErrors(issues) {
				t.Errorf("valid example has errors")
			}
		})
	}
}

// expectedRule is the rule each invalid example must report, from the
// examples' README.
var expectedRule = map[string]definition.Rule{
	"two-starts.json":             definition.RuleGraphExactlyOneStart,
	"end-two-incoming.json":       definition.RuleEndStepSingleIncoming,
	"self-loop.json":              definition.RuleNoSelfLoops,
	"condition-on-task.json":      definition.RuleOnlyExclusiveInclusiveStepHaveCondition,
	"batch-without-iterable.json": definition.RuleMissingBatchIterator,
	"grouped-gateway.json":        definition.RuleNoGroupForSpecialNodes,
	"bad-expression.json":         definition.RuleExpressionCompiles,
	"unreachable-step.json":       definition.RuleStepsReachableFromStart,
}

func TestExamplesInvalid(t *testing.T) {
	t.Parallel()
	_, invalid := exampleFiles(t)
	for _, f := range invalid {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			want, ok := expectedRule[filepath.Base(f)]
			if !ok {
				t.Fatalf("no expected rule for %s; add it to expectedRule", f)
			}
			raw := readFile(t, f)
			issues := definition.Validate(raw, definition.Options{})
			found := false
			for _, i := range issues {
				t.Logf("%v", i)
				found = found || i.Rule == want
			}
			if !found {
				t.Errorf("want rule %s reported", want)
			}
			assertPointersResolve(t, raw, issues)
		})
	}
}

// assertPointersResolve checks that every issue's path resolves in doc.
func assertPointersResolve(t *testing.T, doc []byte, issues []definition.Issue) {
	t.Helper()
	var root any
	if err := json.Unmarshal(doc, &root); err != nil {
		return // not JSON: only the empty path makes sense
	}
	for _, i := range issues {
		if _, ok := resolvePointer(root, i.Path); !ok {
			t.Errorf("issue %v: path %q does not resolve", i, i.Path)
		}
	}
}

func resolvePointer(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	for _, seg := range strings.Split(ptr[1:], "/") {
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		switch x := v.(type) {
		case map[string]any:
			e, ok := x[seg]
			if !ok {
				return nil, false
			}
			v = e
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(x) || strconv.Itoa(n) != seg {
				return nil, false
			}
			v = x[n]
		default:
			return nil, false
		}
	}
	return v, true
}
