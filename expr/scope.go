package expr

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
}

// The names of the scope's members in the input object of every expression.
const (
	NameContext     = "__context__"
	NameSteps       = "__steps__"
	NameDatasources = "__datasources__"
	NameEach        = "__each__"
)

// Input returns the input object an expression evaluates against.
func (s Scope) Input() map[string]any {
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
