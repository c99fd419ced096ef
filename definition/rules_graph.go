package definition

import (
	"strings"
)

// checkGraph runs the rules about the shape of the graph.
func (c *checker) checkGraph() {
	c.checkTransitions()
	c.checkStartEnd()
	c.checkDegrees()
	c.checkReachability()
	c.checkCycles()
	c.checkParallelPairs()
}

// indexed reports whether step i is the one its id resolves to (steps with
// an empty or repeated id are left out of the graph rules).
func (c *checker) indexed(i int) bool {
	j, ok := c.g.byID[c.def.Steps[i].ID]
	return ok && j == i
}

func (c *checker) checkTransitions() {
	pairs := make(map[[2]string]int, len(c.def.Transitions))
	for j := range c.def.Transitions {
		t := &c.def.Transitions[j]
		if t.invalid != nil {
			continue
		}
		from, okF := c.g.byID[t.FromStepID]
		_, okT := c.g.byID[t.ToStepID]
		if t.FromStepID != "" && !okF {
			c.onTransition(RuleTransitionStepsExist, j, []any{"fromStepId"}, "fromStepId %q names no step", t.FromStepID)
		}
		if t.ToStepID != "" && !okT {
			c.onTransition(RuleTransitionStepsExist, j, []any{"toStepId"}, "toStepId %q names no step", t.ToStepID)
		}
		if t.FromStepID != "" && t.FromStepID == t.ToStepID {
			c.onTransition(RuleNoSelfLoops, j, []any{"toStepId"}, "transition leads from step %q back to itself", t.FromStepID)
		}
		if t.FromStepID != "" && t.ToStepID != "" {
			key := [2]string{t.FromStepID, t.ToStepID}
			if first, dup := pairs[key]; dup {
				c.onTransition(RuleTransitionsUnique, j, nil, "another transition (%q) already leads from %q to %q",
					c.def.Transitions[first].ID, t.FromStepID, t.ToStepID)
			} else {
				pairs[key] = j
			}
		}
		if !okF {
			continue
		}
		fromType := c.def.Steps[from].Type
		if t.Condition != nil && !fromType.IsConditionalSplit() {
			c.onTransition(RuleOnlyExclusiveInclusiveStepHaveCondition, j, []any{"condition"},
				"only transitions leaving an exclusive or inclusive split may have a condition; %q is a %s", t.FromStepID, fromType)
		}
		if t.IsDefault && !fromType.IsConditionalSplit() {
			c.onTransition(RuleFieldIgnored, j, []any{"isDefault"},
				"isDefault only matters on transitions leaving an exclusive or inclusive split; %q is a %s", t.FromStepID, fromType)
		}
	}
}

func (c *checker) checkStartEnd() {
	if c.def.Steps == nil {
		return // "steps" is missing or not an array: DEFINITION_SHAPE said so
	}
	c.exactlyOne(RuleGraphExactlyOneStart, c.g.starts, "START")
	c.exactlyOne(RuleGraphExactlyOneEnd, c.g.ends, "END")
}

func (c *checker) exactlyOne(rule Rule, idx []int, what string) {
	if len(idx) == 0 {
		c.add(rule, "/steps", "", "", "", "the definition needs exactly one %s step and has none", what)
		return
	}
	for _, i := range idx[1:] {
		c.onStep(rule, i, []any{"type"}, "the definition needs exactly one %s step; %q is another one besides %q",
			what, c.def.Steps[i].ID, c.def.Steps[idx[0]].ID)
	}
}

func (c *checker) checkDegrees() {
	for i := range c.def.Steps {
		if !c.indexed(i) {
			continue
		}
		s := &c.def.Steps[i]
		in, out := c.g.in[i], c.g.out[i]
		switch {
		case s.Type == StepStart:
			for _, j := range in {
				c.onTransition(RuleStartStepNoIncoming, j, []any{"toStepId"}, "no transition may lead into the START step %q", s.ID)
			}
			if len(out) != 1 {
				c.onStep(RuleStartStepSingleOutgoing, i, nil, "the START step needs exactly one outgoing transition, has %d", len(out))
			}
		case s.Type == StepEnd:
			if len(in) != 1 {
				c.onStep(RuleEndStepSingleIncoming, i, nil, "the END step needs exactly one incoming transition, has %d", len(in))
			}
			for _, j := range out {
				c.onTransition(RuleEndStepNoOutgoing, j, []any{"fromStepId"}, "no transition may leave the END step %q", s.ID)
			}
		case len(in) == 0 && len(out) == 0:
			c.onStep(RuleNoIsolatedSteps, i, nil, "step %q has no incoming and no outgoing transition", s.ID)
		}
		if len(out) > 1 && !s.Type.IsSplit() && s.Type != StepEnd {
			c.onStep(RuleOnlySplitGatewayCanFanOut, i, nil,
				"only split gateways may have several outgoing transitions; %q (%s) has %d", s.ID, s.Type, len(out))
		}
		if s.Type == StepParallelJoin && (len(in) < 2 || len(out) != 1) {
			c.onStep(RuleJoinGatewayManyInSingleOut, i, nil,
				"a parallel join needs at least 2 incoming and exactly 1 outgoing transition; %q has %d in, %d out", s.ID, len(in), len(out))
		}
		if s.Type.IsConditionalSplit() {
			c.checkConditionalSplit(i, out)
		}
	}
}

func (c *checker) checkConditionalSplit(i int, out []int) {
	s := &c.def.Steps[i]
	defaults := 0
	for _, j := range out {
		t := &c.def.Transitions[j]
		switch {
		case t.IsDefault:
			defaults++
			if t.Condition != nil {
				c.onTransition(RuleFieldIgnored, j, []any{"condition"}, "the default transition of %q is taken when no condition holds; its own condition is ignored", s.ID)
			}
		case t.Condition == nil:
			c.onTransition(RuleDefinitionShape, j, nil, "a transition leaving the %s %q needs a condition unless it is the default", s.Type, s.ID)
		}
	}
	if defaults != 1 {
		c.onStep(RuleConditionalSplitSingleDefault, i, nil, "%s %q needs exactly one default transition (isDefault), has %d", s.Type, s.ID, defaults)
	}
	if s.Type == StepExclusiveSplit && len(out) != 2 {
		c.onStep(RuleExclusiveSplitTwoOutgoing, i, nil, "exclusive split %q needs exactly 2 outgoing transitions (one default, one conditional), has %d", s.ID, len(out))
	}
}

// bfs marks every node reachable from the sources along adj.
func bfs(adj [][]int, sources []int) []bool {
	seen := make([]bool, len(adj))
	queue := make([]int, 0, len(adj))
	for _, s := range sources {
		if !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range adj[v] {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return seen
}

func (c *checker) checkReachability() {
	succ, pred := c.g.successors(), c.g.predecessors()
	if len(c.g.starts) > 0 {
		reached := bfs(succ, c.g.starts)
		for i := range c.def.Steps {
			if c.indexed(i) && !reached[i] {
				c.onStep(RuleStepsReachableFromStart, i, nil, "step %q cannot be reached from the START step", c.def.Steps[i].ID)
			}
		}
	}
	if len(c.g.ends) > 0 {
		reaches := bfs(pred, c.g.ends)
		for i := range c.def.Steps {
			if c.indexed(i) && !reaches[i] {
				c.onStep(RuleStepsReachEnd, i, nil, "the END step cannot be reached from step %q", c.def.Steps[i].ID)
			}
		}
	}
}

// checkCycles finds loops that no exclusive or inclusive split can leave:
// the graph without conditional splits (and without self-loops, which
// NO_SELF_LOOPS reports) must be acyclic, so each of its strongly connected
// components with more than one step is one such loop.
func (c *checker) checkCycles() {
	n := len(c.def.Steps)
	succ := c.g.successors()
	keep := func(v int) bool { return !c.def.Steps[v].Type.IsConditionalSplit() }
	for _, comp := range stronglyConnected(n, succ, keep) {
		if len(comp) < 2 {
			continue
		}
		first := comp[0]
		for _, v := range comp {
			first = min(first, v)
		}
		names := make([]string, 0, 5)
		for _, v := range comp {
			if len(names) == 5 {
				names = append(names, "...")
				break
			}
			names = append(names, c.def.Steps[v].ID)
		}
		c.onStep(RuleCycleThroughConditionalSplit, first, nil,
			"steps %s form a loop that passes through no exclusive or inclusive split, so it could never end", strings.Join(names, ", "))
	}
}

// stronglyConnected returns the strongly connected components of the graph
// restricted to nodes where keep is true (Tarjan's algorithm, iterative so
// that long chains do not grow the stack).
func stronglyConnected(n int, succ [][]int, keep func(int) bool) [][]int {
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var comps [][]int
	var stack []int
	type frame struct{ v, next int }
	counter := 0
	for root := range n {
		if index[root] >= 0 || !keep(root) {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			v := top.v
			if top.next < len(succ[v]) {
				w := succ[v][top.next]
				top.next++
				if w == v || !keep(w) {
					continue
				}
				if index[w] < 0 {
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				comps = append(comps, comp)
			}
		}
	}
	return comps
}

// checkParallelPairs warns when the branches of a parallel split do not all
// meet at one parallel join: the split's immediate post-dominator (the first
// step every path from it to END passes through) must be a parallel join.
func (c *checker) checkParallelPairs() {
	if len(c.g.ends) != 1 {
		return
	}
	var splits []int
	for i := range c.def.Steps {
		if c.indexed(i) && c.def.Steps[i].Type == StepParallelSplit && len(c.g.out[i]) > 0 {
			splits = append(splits, i)
		}
	}
	if len(splits) == 0 {
		return
	}
	post := dominators(c.g.predecessors(), c.g.successors(), c.g.ends[0])
	for _, i := range splits {
		if !post.reached[i] {
			continue // STEPS_REACH_END reports it
		}
		p := post.idom[i]
		if p >= 0 && c.def.Steps[p].Type == StepParallelJoin {
			continue
		}
		meet := "END"
		if p >= 0 {
			meet = c.def.Steps[p].ID
		}
		c.onStep(RuleParallelSplitUnpaired, i, nil,
			"the branches of parallel split %q first all meet at %q, not at a parallel join; the join would wait for branches that never arrive or the split's branches never synchronise",
			c.def.Steps[i].ID, meet)
	}
}
