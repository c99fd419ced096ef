package definition

// domTree is the dominator tree of a graph from one root, computed with the
// Lengauer-Tarjan algorithm (simple version, path compression only:
// O(E log V)), so FIELD_REF_STEP_EXISTS and PARALLEL_SPLIT_UNPAIRED stay
// near-linear on definitions with thousands of steps. No maintained Go
// library offers dominators over a plain adjacency list, hence this file.
type domTree struct {
	idom      []int // immediate dominator; -1 for the root and unreachable nodes
	pre, post []int // dominator-tree DFS numbering, for O(1) dominance queries
	reached   []bool
}

func dominators(succ, pred [][]int, root int) *domTree {
	n := len(succ)
	dfnum := make([]int, n)
	for i := range dfnum {
		dfnum[i] = -1
	}
	vertex := make([]int, 0, n)
	parent := make([]int, n)
	// Iterative DFS from the root.
	type frame struct{ v, next int }
	stack := []frame{{root, 0}}
	dfnum[root] = 0
	vertex = append(vertex, root)
	parent[root] = -1
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next >= len(succ[top.v]) {
			stack = stack[:len(stack)-1]
			continue
		}
		w := succ[top.v][top.next]
		top.next++
		if dfnum[w] < 0 {
			dfnum[w] = len(vertex)
			vertex = append(vertex, w)
			parent[w] = top.v
			stack = append(stack, frame{w, 0})
		}
	}

	semi := make([]int, n)
	idom := make([]int, n)
	samedom := make([]int, n)
	ancestor := make([]int, n)
	best := make([]int, n)
	bucketHead := make([]int, n)
	bucketNext := make([]int, n)
	for i := range n {
		semi[i], idom[i], samedom[i], ancestor[i], best[i], bucketHead[i], bucketNext[i] = -1, -1, -1, -1, i, -1, -1
	}
	var eval func(v int) int
	eval = func(v int) int {
		a := ancestor[v]
		if ancestor[a] != -1 {
			b := eval(a)
			ancestor[v] = ancestor[a]
			if dfnum[semi[b]] < dfnum[semi[best[v]]] {
				best[v] = b
			}
		}
		return best[v]
	}
	for i := len(vertex) - 1; i >= 1; i-- {
		v := vertex[i]
		p := parent[v]
		s := p
		for _, u := range pred[v] {
			if dfnum[u] < 0 {
				continue
			}
			cand := u
			if dfnum[u] > dfnum[v] {
				cand = semi[eval(u)]
			}
			if dfnum[cand] < dfnum[s] {
				s = cand
			}
		}
		semi[v] = s
		bucketNext[v], bucketHead[s] = bucketHead[s], v
		ancestor[v], best[v] = p, v
		for w := bucketHead[p]; w != -1; w = bucketNext[w] {
			y := eval(w)
			if semi[y] == semi[w] {
				idom[w] = p
			} else {
				samedom[w] = y
			}
		}
		bucketHead[p] = -1
	}
	for _, v := range vertex[1:] {
		if samedom[v] != -1 {
			idom[v] = idom[samedom[v]]
		}
	}

	t := &domTree{idom: idom, pre: make([]int, n), post: make([]int, n), reached: make([]bool, n)}
	children := make([][]int, n)
	for _, v := range vertex[1:] {
		children[idom[v]] = append(children[idom[v]], v)
	}
	for _, v := range vertex {
		t.reached[v] = true
	}
	clock := 0
	st := []frame{{root, 0}}
	t.pre[root] = clock
	for len(st) > 0 {
		top := &st[len(st)-1]
		if top.next >= len(children[top.v]) {
			clock++
			t.post[top.v] = clock
			st = st[:len(st)-1]
			continue
		}
		c := children[top.v][top.next]
		top.next++
		clock++
		t.pre[c] = clock
		st = append(st, frame{c, 0})
	}
	return t
}

// dominates reports whether every path from the root to b passes through a
// (a node dominates itself).
func (t *domTree) dominates(a, b int) bool {
	if !t.reached[a] || !t.reached[b] {
		return false
	}
	return t.pre[a] <= t.pre[b] && t.post[b] <= t.post[a]
}
