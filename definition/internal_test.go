package definition

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteDominates says whether a dominates b from root: b is unreachable
// from root once a is removed (or a == b).
func bruteDominates(succ [][]int, root, a, b int) bool {
	if a == b {
		return true
	}
	if a == root {
		return true
	}
	seen := make([]bool, len(succ))
	stack := []int{root}
	seen[root] = true
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, w := range succ[v] {
			if w != a && !seen[w] {
				seen[w] = true
				stack = append(stack, w)
			}
		}
	}
	return !seen[b]
}

func TestDominatorsMatchBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 1 + rng.IntN(12)
		succ := make([][]int, n)
		pred := make([][]int, n)
		for range rng.IntN(3 * n) {
			a, b := rng.IntN(n), rng.IntN(n)
			succ[a] = append(succ[a], b)
			pred[b] = append(pred[b], a)
		}
		reach := bfs(succ, []int{0})
		dom := dominators(succ, pred, 0)
		for a := range n {
			for b := range n {
				want := reach[a] && reach[b] && bruteDominates(succ, 0, a, b)
				if got := dom.dominates(a, b); got != want {
					t.Fatalf("trial %d: dominates(%d,%d)=%v, want %v; graph %v", trial, a, b, got, want, succ)
				}
			}
		}
	}
}

func TestStronglyConnected(t *testing.T) {
	t.Parallel()
	// 0->1->2->0 is a loop, 3 is alone, 4->4 is a self-loop (ignored).
	succ := [][]int{{1}, {2}, {0, 3}, {}, {4}}
	var sizes []int
	for _, c := range stronglyConnected(len(succ), succ, func(int) bool { return true }) {
		sizes = append(sizes, len(c))
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{1, 1, 3}) {
		t.Errorf("component sizes %v", sizes)
	}
	// Without node 1 nothing loops.
	for _, c := range stronglyConnected(len(succ), succ, func(v int) bool { return v != 1 }) {
		if len(c) > 1 {
			t.Errorf("component %v without node 1", c)
		}
	}
}

func TestEnumKeys(t *testing.T) {
	t.Parallel()
	for value, key := range map[string]string{
		"human.url_redirect": "HUMAN_URL_REDIRECT", "sys.sub_workflow": "SYS_SUB_WORKFLOW",
		"per-step": "PER_STEP", "NotStarted": "NOT_STARTED", "ActionRequired": "ACTION_REQUIRED", "BATCH": "BATCH", "jsonata": "JSONATA",
	} {
		if got := enumKey(value); got != key {
			t.Errorf("enumKey(%q) = %q, want %q", value, got, key)
		}
	}
	if stepTypes.normalize("GATEWAY_PARALLEL_JOIN") != string(StepParallelJoin) || statuses.normalize("IN_PROGRESS") != string(StatusInProgress) {
		t.Error("keys do not normalize to values")
	}
	if stepTypes.normalize("human.sign") != "human.sign" || stepTypes.known("human.sign") {
		t.Error("unknown values must pass through and stay unknown")
	}
}

func TestDatasourceReads(t *testing.T) {
	t.Parallel()
	cases := []struct {
		src   string
		all   bool
		names []string
	}{
		{"__datasources__.company.name & __datasources__.person", false, []string{"company", "person"}},
		{"__datasources__.`my alias`.x", false, []string{"my alias"}},
		{"$keys(__datasources__)", true, nil},
		{"__datasources__['company']", true, nil},
		{"__context__.x", false, nil},
	}
	for _, tc := range cases {
		all, names := datasourceReads(tc.src)
		if all != tc.all || !slices.Equal(names, tc.names) {
			t.Errorf("datasourceReads(%q) = %v, %v; want %v, %v", tc.src, all, names, tc.all, tc.names)
		}
	}
}
