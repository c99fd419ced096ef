package definition

import "encoding/json"

// Extra holds the fields of a JSON object that the DSL does not define (the
// editor's metadata, newer fields) and known fields whose JSON type was wrong,
// so that a load/save round trip loses nothing.
type Extra map[string]json.RawMessage

// Definition is a workflow version's definition document.
type Definition struct {
	ID                       string
	Name                     string
	Steps                    []Step
	Transitions              []Transition // "stepTransitions"
	Groups                   []StepGroup  // "stepGroups"
	LegacyServiceRequestType string
	Extra                    Extra
}

// Step is one node of the graph. Which of the type-specific fields matter
// depends on Type; the validator warns about ignored ones (FIELD_IGNORED).
type Step struct {
	ID                          string
	Type                        StepType
	Name                        string
	OutputSchema                json.RawMessage // a JSON Schema; nil when absent
	Group                       *GroupRef
	LegacyServiceRequestTaskKey string
	ActivationPolicy            *ActivationPolicy
	UI                          json.RawMessage // editor layout, kept as is

	// Human steps (project extensions).
	Assignee  *ValueProvider
	DueIn     string          // ISO 8601 duration
	Form      json.RawMessage // human.form: JSON Schema of the fields
	URL       *ValueProvider  // human.url_redirect
	Documents []Document      // human.doc_upload

	// Sub-workflow steps.
	Mode                           Mode
	ChildWorkflowTemplateVersionID string
	DataSources                    []DataSourceCall
	InputMapping                   []Mapping
	ContextProjection              []Mapping
	ChildWorkflowName              *Expr
	Iterable                       *Iterable
	MaxConcurrency                 *int
	OnChildFailure                 ChildFailure

	Extra Extra

	invalid json.RawMessage // a non-object element of "steps", written back as is
}

// IsHuman reports whether the step waits for a person.
func (s *Step) IsHuman() bool { return s.Type.IsHuman() }

// FormSchema is the schema a human step's output must satisfy: Form when
// present, else OutputSchema.
func (s *Step) FormSchema() json.RawMessage {
	if s.Form != nil {
		return s.Form
	}
	return s.OutputSchema
}

// GroupRef places a step in a step group.
type GroupRef struct {
	GroupID string
	Order   *float64
	Extra   Extra
}

// ActivationPolicy sets the status a step starts in when the transition that
// activates it does not say.
type ActivationPolicy struct {
	DefaultStatus Status
	Extra         Extra
}

// Document is one document a human.doc_upload step asks for.
type Document struct {
	Key      string
	Name     string
	Required bool
	Extra    Extra

	invalid json.RawMessage
}

// Transition is a directed edge between two steps.
type Transition struct {
	ID         string
	FromStepID string
	ToStepID   string
	Condition  *Expr
	IsDefault  bool
	Label      string
	OnArrival  *OnArrival
	UI         json.RawMessage
	Extra      Extra

	invalid json.RawMessage
}

// OnArrival sets the status of the step a transition activates.
type OnArrival struct {
	Status Status
	Extra  Extra
}

// StepGroup groups steps for display and for the legacy service-request
// bridge (a group maps to a task group).
type StepGroup struct {
	ID                               string
	Name                             string
	StepIDs                          []string
	LegacyServiceRequestTaskGroupKey string
	Extra                            Extra

	invalid json.RawMessage
}

// Expr is a JSONata expression. A missing type means JSONata.
type Expr struct {
	Type  ExprType
	Src   string
	Extra Extra

	bare  bool // written as a bare string: the source is the value itself
	noSrc bool // src was missing or not a string
}

// ValueProvider yields a value: a constant, a field read, or an expression.
// Switch on Type; exactly one of Value, Ref and Expr is meaningful.
type ValueProvider struct {
	Type  ProviderType
	Value json.RawMessage // ProviderConst; "null" for an explicit null
	Ref   *FieldRef       // ProviderField
	Expr  *Expr           // ProviderExpr
	Extra Extra
}

// FieldRef reads a dot path from the context, a step's output, a data source
// result or the current BATCH item. Switch on Source.
type FieldRef struct {
	Source Source
	StepID string // SourceStep
	Key    string // SourceDataSource: the data source alias
	Path   string
	Extra  Extra
}

// ParamKind says which field of a [ParamValue] is set.
type ParamKind int

// Param value kinds.
const (
	// ParamProvider is a value provider.
	ParamProvider ParamKind = iota
	// ParamObject is an object whose values are params.
	ParamObject
	// ParamArray is an array of params.
	ParamArray
	// ParamLiteral is a bare JSON scalar, accepted as its own value.
	ParamLiteral
)

// ParamValue is the parameters of a data source call: a provider, or an
// object or array of params, resolved recursively.
type ParamValue struct {
	Kind     ParamKind
	Provider *ValueProvider
	Object   map[string]ParamValue
	Array    []ParamValue
	Literal  json.RawMessage
}

// Mapping writes a provided value to a dot path of a target object.
type Mapping struct {
	ID         string // generated from the position when absent on input
	TargetPath string
	Value      ValueProvider
	Mode       MappingMode
	Extra      Extra

	invalid json.RawMessage
}

// DataSourceCall fetches data for a sub-workflow step before its children
// start; the result is visible as __datasources__.<Alias>.
type DataSourceCall struct {
	ID           string
	Alias        string
	Type         DataSourceType
	DataSourceID string // "dataSourceID"
	Params       *ParamValue
	Select       *Expr
	Scope        Scope
	Extra        Extra

	invalid json.RawMessage
}

// Iterable is what a BATCH step iterates over. Switch on Type.
type Iterable struct {
	Type   IterableType
	Expr   *Expr  // IterableExpression
	StepID string // IterableStep
	Key    string // IterableDataSource: the data source alias
	Select *Expr
	Extra  Extra
}
