package definition

// checkGroups runs the grouping rules and the legacy rules that need no
// store. It fills c.stepGroup, which the catalog rules reuse.
func (c *checker) checkGroups() {
	c.stepGroup = make([]int, len(c.def.Steps))
	for i := range c.stepGroup {
		c.stepGroup[i] = -1
	}
	groupByID := make(map[string]int, len(c.def.Groups))
	listed := make(map[[2]int]bool)
	for k := range c.def.Groups {
		g := &c.def.Groups[k]
		if g.invalid != nil {
			continue
		}
		if _, dup := groupByID[g.ID]; !dup && g.ID != "" {
			groupByID[g.ID] = k
		}
		if g.StepIDs != nil && len(g.StepIDs) == 0 {
			c.onGroup(RuleStepGroupCannotBeEmpty, k, []any{"stepIds"}, "step group %q lists no steps", g.ID)
		}
		for e, id := range g.StepIDs {
			if id == "" {
				continue
			}
			i, ok := c.g.byID[id]
			if !ok {
				c.onGroup(RuleGroupStepIDsExists, k, []any{"stepIds", e}, "step group %q lists %q, which is not a step", g.ID, id)
				continue
			}
			if special(c.def.Steps[i].Type) {
				c.onGroup(RuleNoGroupForSpecialNodes, k, []any{"stepIds", e},
					"step group %q lists %q, a %s; start, end and gateway steps cannot be grouped", g.ID, id, c.def.Steps[i].Type)
			}
			if prev := c.stepGroup[i]; prev >= 0 {
				c.onGroup(RuleStepBelongsToOnlyOneGroup, k, []any{"stepIds", e},
					"step %q is already in step group %q", id, c.def.Groups[prev].ID)
				continue
			}
			c.stepGroup[i] = k
			listed[[2]int{k, i}] = true
		}
	}
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		if s.Group == nil || !c.indexed(i) {
			continue
		}
		if special(s.Type) {
			c.onStep(RuleNoGroupForSpecialNodes, i, []any{"group"}, "step %q is a %s; start, end and gateway steps cannot be grouped", s.ID, s.Type)
		}
		if s.Group.GroupID == "" {
			continue
		}
		k, ok := groupByID[s.Group.GroupID]
		switch {
		case !ok:
			c.onStep(RuleStepGroupConsistent, i, []any{"group", "groupId"}, "step %q names group %q, which does not exist", s.ID, s.Group.GroupID)
		case !listed[[2]int{k, i}]:
			c.onStep(RuleStepGroupConsistent, i, []any{"group", "groupId"}, "step %q names group %q, which does not list it in stepIds", s.ID, s.Group.GroupID)
		}
		if c.stepGroup[i] < 0 && ok {
			c.stepGroup[i] = k
		}
	}
	c.checkLegacy()
}

// special steps (start, end, gateways) cannot be grouped.
func special(t StepType) bool { return t == StepStart || t == StepEnd || t.IsGateway() }

func (c *checker) checkLegacy() {
	if c.def.LegacyServiceRequestType != "" && len(c.def.Groups) == 0 {
		c.add(RuleLegacyServiceRequestRequiresStepGroups, "/legacyServiceRequestType", "", "", "",
			"a definition mapped to service-request type %q needs at least one step group", c.def.LegacyServiceRequestType)
	}
	seen := make(map[[2]string]int)
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		if s.LegacyServiceRequestTaskKey == "" {
			continue
		}
		if !s.IsHuman() {
			c.onStep(RuleLegacyServiceRequestTaskOnlyOnHumanStep, i, []any{"legacyServiceRequestTaskKey"},
				"only human steps map to service-request tasks; %q is a %s", s.ID, s.Type)
		}
		groupKey := ""
		if k := c.stepGroup[i]; k >= 0 {
			groupKey = c.def.Groups[k].LegacyServiceRequestTaskGroupKey
		}
		key := [2]string{groupKey, s.LegacyServiceRequestTaskKey}
		if first, dup := seen[key]; dup {
			c.onStep(RuleLegacyServiceRequestTypeGroupTaskUnique, i, []any{"legacyServiceRequestTaskKey"},
				"steps %q and %q both map to task %q of task group %q", c.def.Steps[first].ID, s.ID, key[1], key[0])
			continue
		}
		seen[key] = i
	}
}
