package definition

// Graph is an index of a definition's steps and transitions, built once so
// that an interpreter or a rule can look up a step by id and the transitions
// into and out of it in constant time. It does not change when the definition
// does; build a new one after editing. Its exported methods are safe for concurrent
// use.
type Graph struct {
	def    *Definition
	byID   map[string]int // step id -> index of its first occurrence in Steps
	out    [][]int        // step index -> indexes of transitions leaving it
	in     [][]int        // step index -> indexes of transitions entering it
	starts []int
	ends   []int

	fromIdx, toIdx []int   // transition index -> step index of its ends, -1 if missing
	succ, pred     [][]int // step-index adjacency, built on first use by the validator
}

// NewGraph indexes d. Transitions naming missing steps are left out of the
// adjacency lists; steps with an empty or repeated id are not indexed.
func NewGraph(d *Definition) *Graph {
	n := len(d.Steps)
	g := &Graph{def: d, byID: make(map[string]int, n), out: make([][]int, n), in: make([][]int, n)}
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.ID == "" {
			continue
		}
		if _, dup := g.byID[s.ID]; dup {
			continue
		}
		g.byID[s.ID] = i
		switch s.Type {
		case StepStart:
			g.starts = append(g.starts, i)
		case StepEnd:
			g.ends = append(g.ends, i)
		}
	}
	g.fromIdx, g.toIdx = make([]int, len(d.Transitions)), make([]int, len(d.Transitions))
	for j := range d.Transitions {
		from, okF := g.byID[d.Transitions[j].FromStepID]
		to, okT := g.byID[d.Transitions[j].ToStepID]
		g.fromIdx[j], g.toIdx[j] = -1, -1
		if okF {
			g.fromIdx[j] = from
		}
		if okT {
			g.toIdx[j] = to
		}
		if okF && okT {
			g.out[from] = append(g.out[from], j)
			g.in[to] = append(g.in[to], j)
		}
	}
	return g
}

// Definition is the indexed definition.
func (g *Graph) Definition() *Definition { return g.def }

// Step returns the step with the given id.
func (g *Graph) Step(id string) (*Step, bool) {
	i, ok := g.byID[id]
	if !ok {
		return nil, false
	}
	return &g.def.Steps[i], true
}

// Start returns the START step (the first one if there are several).
func (g *Graph) Start() (*Step, bool) { return g.first(g.starts) }

// End returns the END step (the first one if there are several).
func (g *Graph) End() (*Step, bool) { return g.first(g.ends) }

func (g *Graph) first(idx []int) (*Step, bool) {
	if len(idx) == 0 {
		return nil, false
	}
	return &g.def.Steps[idx[0]], true
}

// Outgoing returns the transitions leaving a step, in document order.
func (g *Graph) Outgoing(stepID string) []*Transition { return g.transitions(stepID, g.out) }

// Incoming returns the transitions entering a step, in document order.
func (g *Graph) Incoming(stepID string) []*Transition { return g.transitions(stepID, g.in) }

func (g *Graph) transitions(stepID string, adj [][]int) []*Transition {
	i, ok := g.byID[stepID]
	if !ok {
		return nil
	}
	ts := make([]*Transition, len(adj[i]))
	for k, j := range adj[i] {
		ts[k] = &g.def.Transitions[j]
	}
	return ts
}

// successors returns, per step index, the step indexes its transitions lead
// to (self-loops included), for the graph algorithms of the validator. The
// validator owns its Graph, so building this on first use is safe.
func (g *Graph) successors() [][]int {
	if g.succ == nil {
		g.succ = g.neighbours(g.out, g.toIdx)
	}
	return g.succ
}

// predecessors is successors reversed.
func (g *Graph) predecessors() [][]int {
	if g.pred == nil {
		g.pred = g.neighbours(g.in, g.fromIdx)
	}
	return g.pred
}

func (g *Graph) neighbours(adj [][]int, end []int) [][]int {
	res := make([][]int, len(adj))
	flat := make([]int, 0, len(g.def.Transitions))
	for i, ts := range adj {
		start := len(flat)
		for _, j := range ts {
			flat = append(flat, end[j])
		}
		res[i] = flat[start:len(flat):len(flat)]
	}
	return res
}
