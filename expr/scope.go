package expr

import (
	"fmt"

	"github.com/workflowbuilder/wfb/jsonata"
)

// Scope is what every expression of a running step can read (SPEC §5). The maps hold decoded
// JSON (map[string]any, []any, float64, string, bool, nil); nil maps read as empty objects.
type Scope struct {
	// Context is the execution's context.
	Context map[string]any
	// Steps maps a step id to that step's outputData, for completed steps only.
	Steps map[string]any
	// Datasources maps a data source alias to the result fetched for the current step.
	Datasources map[string]any
	// Each is the current item while a BATCH step iterates; it is visible only when HasEach is
	// set, because a null item and no item differ.
	Each    any
	HasEach bool

	// prepared holds Context, Steps and Datasources already converted for the JSONata engine
	// (see Prepare); copies of a prepared scope share it.
	prepared *prepared
}

type prepared struct {
	context, steps, datasources *jsonata.Input
}

// Prepare converts the scope's data for the expression engine once, so that evaluating many
// expressions against it does not convert the whole context again for each: a BATCH step maps
// every item's child context from one scope, and converting a 10,000-item context once per item
// costs the square of its size. Copies of the prepared scope (with Each set per item) share the
// conversion. It reads the maps as they are now: prepare again after changing them.
func (s Scope) Prepare() (Scope, error) {
	var p prepared
	var err error
	if p.context, err = jsonata.NewInput(orEmpty(s.Context)); err != nil {
		return s, fmt.Errorf("preparing the context: %w", err)
	}
	if p.steps, err = jsonata.NewInput(orEmpty(s.Steps)); err != nil {
		return s, fmt.Errorf("preparing the step outputs: %w", err)
	}
	if p.datasources, err = jsonata.NewInput(orEmpty(s.Datasources)); err != nil {
		return s, fmt.Errorf("preparing the data source results: %w", err)
	}
	s.prepared = &p
	return s, nil
}

// The names of the scope's members in the input object of every expression.
const (
	NameContext     = "__context__"
	NameSteps       = "__steps__"
	NameDatasources = "__datasources__"
	NameEach        = "__each__"
)

// Input returns the input object an expression evaluates against. For a prepared scope its
// members are *jsonata.Input values, which the engine reads without converting them again.
func (s Scope) Input() map[string]any {
	if p := s.prepared; p != nil {
		in := map[string]any{NameContext: p.context, NameSteps: p.steps, NameDatasources: p.datasources}
		if s.HasEach {
			in[NameEach] = s.Each
		}
		return in
	}
	in := map[string]any{
		NameContext:     orEmpty(s.Context),
		NameSteps:       orEmpty(s.Steps),
		NameDatasources: orEmpty(s.Datasources),
	}
	if s.HasEach {
		in[NameEach] = s.Each
	}
	return in
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
