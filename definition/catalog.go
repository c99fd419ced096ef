package definition

import "context"

// Version statuses a [VersionInfo] can have.
const (
	VersionDraft      = "DRAFT"
	VersionPublished  = "PUBLISHED"
	VersionDeprecated = "DEPRECATED"
)

// Catalog gives the validator the stored data some rules need. The app layer
// implements it over the store; a nil Catalog means offline validation.
// Lookups return (nil, nil) when the thing does not exist.
type Catalog interface {
	// Version returns a workflow template version by id.
	Version(ctx context.Context, id string) (*VersionInfo, error)
	// ServiceRequestType returns a service-request type's configuration.
	ServiceRequestType(ctx context.Context, typ string) (*ServiceRequestType, error)
}

// VersionInfo is what the validator needs of a stored version.
type VersionInfo struct {
	ID         string
	TemplateID string
	Status     string // VersionDraft, VersionPublished or VersionDeprecated
	// Definition is followed to find sub-workflow cycles; nil stops there.
	Definition *Definition
}

// ServiceRequestType is a service-request type's configuration of task
// groups and tasks; its JSON form is the one of the
// service-request-type examples.
type ServiceRequestType struct {
	Type       string            `json:"type"`
	Name       string            `json:"name,omitempty"`
	TaskGroups []TaskGroupConfig `json:"taskGroups"`
}

// TaskGroupConfig is one task group of a service-request type.
type TaskGroupConfig struct {
	Key   string       `json:"key"`
	Name  string       `json:"name,omitempty"`
	Order int          `json:"order,omitempty"`
	Tasks []TaskConfig `json:"tasks"`
}

// TaskConfig is one task of a task group.
type TaskConfig struct {
	Key  string `json:"key"`
	Name string `json:"name,omitempty"`
}

// checkCatalog runs the rules that need stored data.
func (c *checker) checkCatalog() {
	if c.opts.Catalog == nil {
		return
	}
	c.checkChildVersions()
	c.checkLegacyCatalog()
}

func (c *checker) version(id string) (*VersionInfo, error) {
	if v, ok := c.versions[id]; ok {
		return v.info, v.err
	}
	info, err := c.opts.Catalog.Version(c.opts.Context, id)
	if c.versions == nil {
		c.versions = map[string]versionLookup{}
	}
	c.versions[id] = versionLookup{info, err}
	return info, err
}

type versionLookup struct {
	info *VersionInfo
	err  error
}

func (c *checker) checkChildVersions() {
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		if s.Type != StepSubWorkflow || s.ChildWorkflowTemplateVersionID == "" {
			continue
		}
		id := s.ChildWorkflowTemplateVersionID
		rel := []any{"childWorkflowTemplateVersionId"}
		v, err := c.version(id)
		switch {
		case err != nil:
			c.onStep(RuleChildVersionExists, i, rel, "could not look up child version %q: %v", id, err)
			continue
		case v == nil:
			c.onStep(RuleChildVersionExists, i, rel, "child version %q does not exist", id)
			continue
		case v.Status != VersionPublished && v.Status != VersionDeprecated:
			c.onStep(RuleChildVersionExists, i, rel, "child version %q is %s; only PUBLISHED or DEPRECATED versions can be children", id, v.Status)
		}
		if c.opts.TemplateID == "" {
			continue
		}
		if v.TemplateID == c.opts.TemplateID {
			c.onStep(RuleSubWorkflowNoCycle, i, rel, "child version %q belongs to this same template", id)
		} else if via, err := c.leadsBack(v, map[string]bool{}); err != nil {
			c.onStep(RuleSubWorkflowNoCycle, i, rel, "could not follow child versions from %q: %v", id, err)
		} else if via != "" {
			c.onStep(RuleSubWorkflowNoCycle, i, rel, "following child versions from %q leads back to this template (through version %q)", id, via)
		}
	}
}

// leadsBack follows the child versions of v depth-first and returns the id of
// a version that belongs to the template being validated, if any. Results
// are memoised per version, so each stored version is read once.
func (c *checker) leadsBack(v *VersionInfo, onPath map[string]bool) (string, error) {
	if r, ok := c.cycleMemo[v.ID]; ok {
		return r, nil
	}
	if onPath[v.ID] || v.Definition == nil {
		return "", nil
	}
	onPath[v.ID] = true
	defer delete(onPath, v.ID)
	for i := range v.Definition.Steps {
		s := &v.Definition.Steps[i]
		if s.Type != StepSubWorkflow || s.ChildWorkflowTemplateVersionID == "" {
			continue
		}
		child, err := c.version(s.ChildWorkflowTemplateVersionID)
		if err != nil {
			return "", err
		}
		if child == nil {
			continue
		}
		if child.TemplateID == c.opts.TemplateID {
			return child.ID, nil
		}
		via, err := c.leadsBack(child, onPath)
		if err != nil || via != "" {
			return via, err
		}
	}
	if c.cycleMemo == nil {
		c.cycleMemo = map[string]string{}
	}
	c.cycleMemo[v.ID] = ""
	return "", nil
}

func (c *checker) checkLegacyCatalog() {
	typ := c.def.LegacyServiceRequestType
	if typ == "" {
		return
	}
	srt, err := c.opts.Catalog.ServiceRequestType(c.opts.Context, typ)
	if err != nil {
		c.add(RuleLegacyServiceRequestTaskGroupExistsInTemplate, "/legacyServiceRequestType", "", "", "",
			"could not look up service-request type %q: %v", typ, err)
		return
	}
	if srt == nil {
		c.add(RuleLegacyServiceRequestTaskGroupExistsInTemplate, "/legacyServiceRequestType", "", "", "",
			"service-request type %q does not exist", typ)
		return
	}
	tasks := make(map[string]map[string]bool, len(srt.TaskGroups))
	for _, g := range srt.TaskGroups {
		ts := make(map[string]bool, len(g.Tasks))
		for _, t := range g.Tasks {
			ts[t.Key] = true
		}
		tasks[g.Key] = ts
	}
	for k := range c.def.Groups {
		g := &c.def.Groups[k]
		if key := g.LegacyServiceRequestTaskGroupKey; key != "" && tasks[key] == nil {
			c.onGroup(RuleLegacyServiceRequestTaskGroupExistsInTemplate, k, []any{"legacyServiceRequestTaskGroupKey"},
				"service-request type %q has no task group %q", typ, key)
		}
	}
	for i := range c.def.Steps {
		s := &c.def.Steps[i]
		if s.LegacyServiceRequestTaskKey == "" {
			continue
		}
		rel := []any{"legacyServiceRequestTaskKey"}
		k := c.stepGroup[i]
		if k < 0 || c.def.Groups[k].LegacyServiceRequestTaskGroupKey == "" {
			c.onStep(RuleLegacyServiceRequestTaskExistsInTemplate, i, rel,
				"step %q maps to task %q but is not in a step group with a legacyServiceRequestTaskGroupKey", s.ID, s.LegacyServiceRequestTaskKey)
			continue
		}
		groupKey := c.def.Groups[k].LegacyServiceRequestTaskGroupKey
		if ts := tasks[groupKey]; ts != nil && !ts[s.LegacyServiceRequestTaskKey] {
			c.onStep(RuleLegacyServiceRequestTaskExistsInTemplate, i, rel,
				"task group %q of service-request type %q has no task %q", groupKey, typ, s.LegacyServiceRequestTaskKey)
		}
	}
}
