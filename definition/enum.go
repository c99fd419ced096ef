package definition

import "strings"

// StepType is the stored type of a step ("human.confirm", ...).
type StepType string

// Step types, as stored.
const (
	StepStart            StepType = "start"
	StepEnd              StepType = "end"
	StepHumanConfirm     StepType = "human.confirm"
	StepHumanForm        StepType = "human.form"
	StepHumanURLRedirect StepType = "human.url_redirect"
	StepHumanDocUpload   StepType = "human.doc_upload"
	StepSubWorkflow      StepType = "sys.sub_workflow"
	StepParallelSplit    StepType = "gateway.parallel_split"
	StepParallelJoin     StepType = "gateway.parallel_join"
	StepExclusiveSplit   StepType = "gateway.exclusive_split"
	StepInclusiveSplit   StepType = "gateway.inclusive_split"
)

// Known reports whether t is one of the documented step types.
func (t StepType) Known() bool { return stepTypes.known(string(t)) }

// IsHuman reports whether steps of this type wait for a person.
func (t StepType) IsHuman() bool { return strings.HasPrefix(string(t), "human.") && t.Known() }

// IsGateway reports whether t is a split or join gateway.
func (t StepType) IsGateway() bool { return strings.HasPrefix(string(t), "gateway.") && t.Known() }

// IsSplit reports whether t may fan out to several transitions.
func (t StepType) IsSplit() bool {
	return t == StepParallelSplit || t == StepExclusiveSplit || t == StepInclusiveSplit
}

// IsConditionalSplit reports whether t chooses among its transitions by
// condition (exclusive and inclusive splits).
func (t StepType) IsConditionalSplit() bool {
	return t == StepExclusiveSplit || t == StepInclusiveSplit
}

// Mode is how a sub-workflow step starts children.
type Mode string

// Sub-workflow modes.
const (
	ModeSingle Mode = "SINGLE"
	ModeBatch  Mode = "BATCH"
)

// ProviderType says which field of a [ValueProvider] carries its value.
type ProviderType string

// Value provider types.
const (
	ProviderConst ProviderType = "const"
	ProviderField ProviderType = "field"
	ProviderExpr  ProviderType = "expr"
)

// Source is where a [FieldRef] reads from.
type Source string

// Field reference sources.
const (
	SourceContext    Source = "CONTEXT"
	SourceStep       Source = "STEP"
	SourceDataSource Source = "DATASOURCE"
	SourceEach       Source = "EACH"
)

// MappingMode is how a [Mapping] writes its target.
type MappingMode string

// Mapping modes; the empty mode means set.
const (
	MappingSet    MappingMode = "set"
	MappingAppend MappingMode = "append"
)

// Scope is how often a [DataSourceCall] runs.
type Scope string

// Data source call scopes; the empty scope means per-step.
const (
	ScopePerStep Scope = "per-step"
	ScopePerItem Scope = "per-item"
)

// IterableType says what a BATCH step iterates over.
type IterableType string

// Iterable types.
const (
	IterableExpression IterableType = "EXPRESSION"
	IterableStep       IterableType = "STEP"
	IterableDataSource IterableType = "DATASOURCE"
)

// ExprType is the language of an [Expr]; only JSONata exists.
type ExprType string

// ExprJSONata is the only expression language, and the default.
const ExprJSONata ExprType = "jsonata"

// DataSourceType is the kind of backend a [DataSourceCall] calls.
type DataSourceType string

// DataSourceLogicalBackend is the documented data source call type.
const DataSourceLogicalBackend DataSourceType = "COMMENDA_LOGICAL_BACKEND"

// Status is a runtime status of a step or an execution.
type Status string

// Runtime statuses (SPEC §6).
const (
	StatusNotStarted     Status = "NotStarted"
	StatusInProgress     Status = "InProgress"
	StatusCompleted      Status = "Completed"
	StatusFailed         Status = "Failed"
	StatusCancelled      Status = "Cancelled"
	StatusDisabled       Status = "Disabled"
	StatusActionRequired Status = "ActionRequired"
)

// ChildFailure is what a sub-workflow step does when a child fails.
type ChildFailure string

// Child failure policies; the empty policy means fail.
const (
	ChildFailureFail     ChildFailure = "fail"
	ChildFailureContinue ChildFailure = "continue"
)

// enum is one closed set of stored values, each also accepted by its key
// (the upper-snake-case name the documented DSL's enums use).
type enum struct {
	name   string
	values []string
	byKey  map[string]string
}

func newEnum(name string, values ...string) *enum {
	e := &enum{name: name, values: values, byKey: make(map[string]string, 2*len(values))}
	for _, v := range values {
		e.byKey[v] = v
		e.byKey[enumKey(v)] = v
	}
	return e
}

// enumKey derives the documented key of a value: "human.url_redirect" ->
// "HUMAN_URL_REDIRECT", "per-step" -> "PER_STEP", "NotStarted" -> "NOT_STARTED".
func enumKey(v string) string {
	var b strings.Builder
	for i, r := range v {
		switch {
		case r == '.' || r == '-':
			b.WriteByte('_')
		case r >= 'A' && r <= 'Z' && i > 0 && v[i-1] >= 'a' && v[i-1] <= 'z':
			b.WriteByte('_')
			b.WriteRune(r)
		default:
			b.WriteString(strings.ToUpper(string(r)))
		}
	}
	return b.String()
}

// normalize maps a value or key to the stored value; unknown strings are
// returned unchanged so that validation can name them and a save keeps them.
func (e *enum) normalize(s string) string {
	if v, ok := e.byKey[s]; ok {
		return v
	}
	return s
}

func (e *enum) known(s string) bool {
	v, ok := e.byKey[s]
	return ok && v == s
}

var (
	stepTypes = newEnum("step type", string(StepStart), string(StepEnd), string(StepHumanConfirm),
		string(StepHumanForm), string(StepHumanURLRedirect), string(StepHumanDocUpload),
		string(StepSubWorkflow), string(StepParallelSplit), string(StepParallelJoin),
		string(StepExclusiveSplit), string(StepInclusiveSplit))
	modes         = newEnum("mode", string(ModeSingle), string(ModeBatch))
	providerTypes = newEnum("value provider type", string(ProviderConst), string(ProviderField), string(ProviderExpr))
	sources       = newEnum("field ref source", string(SourceContext), string(SourceStep), string(SourceDataSource), string(SourceEach))
	mappingModes  = newEnum("mapping mode", string(MappingSet), string(MappingAppend))
	scopes        = newEnum("data source scope", string(ScopePerStep), string(ScopePerItem))
	iterableTypes = newEnum("iterable type", string(IterableExpression), string(IterableStep), string(IterableDataSource))
	exprTypes     = newEnum("expression type", string(ExprJSONata))
	dsTypes       = newEnum("data source type", string(DataSourceLogicalBackend))
	statuses      = newEnum("status", string(StatusNotStarted), string(StatusInProgress), string(StatusCompleted),
		string(StatusFailed), string(StatusCancelled), string(StatusDisabled), string(StatusActionRequired))
	childFailures = newEnum("onChildFailure", string(ChildFailureFail), string(ChildFailureContinue))
)
