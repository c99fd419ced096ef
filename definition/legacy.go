package definition

// LegacyTaskGroupKeys maps each grouped step's id to its step group's
// legacyServiceRequestTaskGroupKey (SPEC §8: a step maps to a service-request task within the
// task group of its step group). A step's group is found as the validator finds it: the first
// group listing it in stepIds, else the group its own group.groupId names. The engine's
// projection and the app's task routing both read the mapping here, so they never disagree.
func (d *Definition) LegacyTaskGroupKeys() map[string]string {
	byID := make(map[string]*StepGroup, len(d.Groups))
	out := map[string]string{}
	for i := range d.Groups {
		g := &d.Groups[i]
		if _, dup := byID[g.ID]; !dup {
			byID[g.ID] = g
		}
		for _, id := range g.StepIDs {
			if _, seen := out[id]; !seen {
				out[id] = g.LegacyServiceRequestTaskGroupKey
			}
		}
	}
	for i := range d.Steps {
		s := &d.Steps[i]
		if _, seen := out[s.ID]; seen || s.Group == nil {
			continue
		}
		if g, ok := byID[s.Group.GroupID]; ok {
			out[s.ID] = g.LegacyServiceRequestTaskGroupKey
		}
	}
	return out
}
