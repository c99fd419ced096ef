package definition

import (
	"fmt"
	"strconv"
	"strings"
)

// Severity says whether an issue blocks publishing.
type Severity string

// Severities.
const (
	SeverityError   Severity = "ERROR"
	SeverityWarning Severity = "WARNING"
)

// Code groups rules; tools may switch on it.
type Code string

// Issue codes (SPEC §4).
const (
	CodeGraphInvalid        Code = "GRAPH_INVALID"
	CodeIDInvalid           Code = "ID_INVALID"
	CodeGroupingInvalid     Code = "GROUPING_INVALID"
	CodeLegacyConfigInvalid Code = "LEGACY_CONFIG_INVALID"
	CodeSchemaInvalid       Code = "SCHEMA_INVALID"
	CodeStepTypeInvalid     Code = "STEP_TYPE_INVALID"
	CodeReferenceInvalid    Code = "REFERENCE_INVALID"
	CodeExpressionInvalid   Code = "EXPRESSION_INVALID"
)

// Rule is the stable name of one check.
type Rule string

// Rules of SPEC §4: the documented ones, then the project's own.
const (
	RuleGraphExactlyOneStart                          Rule = "GRAPH_EXACTLY_ONE_START"
	RuleGraphExactlyOneEnd                            Rule = "GRAPH_EXACTLY_ONE_END"
	RuleStartStepNoIncoming                           Rule = "START_STEP_NO_INCOMING"
	RuleEndStepSingleIncoming                         Rule = "END_STEP_SINGLE_INCOMING"
	RuleEndStepNoOutgoing                             Rule = "END_STEP_NO_OUTGOING"
	RuleTransitionsUnique                             Rule = "TRANSITIONS_UNIQUE"
	RuleNoSelfLoops                                   Rule = "NO_SELF_LOOPS"
	RuleNoIsolatedSteps                               Rule = "NO_ISOLATED_STEPS"
	RuleOnlySplitGatewayCanFanOut                     Rule = "ONLY_SPLIT_GATEWAY_CAN_FAN_OUT"
	RuleJoinGatewayManyInSingleOut                    Rule = "JOIN_GATEWAY_MANY_IN_SINGLE_OUT"
	RuleConditionalSplitSingleDefault                 Rule = "CONDITIONAL_SPLIT_SINGLE_DEFAULT"
	RuleExclusiveSplitTwoOutgoing                     Rule = "EXCLUSIVE_SPLIT_TWO_OUTGOING"
	RuleOnlyExclusiveInclusiveStepHaveCondition       Rule = "ONLY_EXCLUSIVE_INCLUSIVE_STEP_HAVE_CONDITION"
	RuleMissingBatchIterator                          Rule = "MISSING_BATCH_ITERATOR"
	RuleStepIDsUnique                                 Rule = "STEP_IDS_UNIQUE"
	RuleTransitionIDsUnique                           Rule = "TRANSITION_IDS_UNIQUE"
	RuleStepGroupIDsUnique                            Rule = "STEP_GROUP_IDS_UNIQUE"
	RuleNoGroupForSpecialNodes                        Rule = "NO_GROUP_FOR_SPECIAL_NODES"
	RuleGroupStepIDsExists                            Rule = "GROUP_STEP_IDS_EXISTS"
	RuleStepBelongsToOnlyOneGroup                     Rule = "STEP_BELONGS_TO_ONLY_ONE_GROUP"
	RuleStepGroupCannotBeEmpty                        Rule = "STEP_GROUP_CANNOT_BE_EMPTY"
	RuleLegacyServiceRequestRequiresStepGroups        Rule = "LEGACY_SERVICE_REQUEST_REQUIRES_STEP_GROUPS"
	RuleLegacyServiceRequestTypeGroupTaskUnique       Rule = "LEGACY_SERVICE_REQUEST_TYPE_GROUP_TASK_UNIQUE"
	RuleLegacyServiceRequestTaskGroupExistsInTemplate Rule = "LEGACY_SERVICE_REQUEST_TASK_GROUP_EXISTS_IN_TEMPLATE"
	RuleLegacyServiceRequestTaskExistsInTemplate      Rule = "LEGACY_SERVICE_REQUEST_TASK_EXISTS_IN_TEMPLATE"
	RuleLegacyServiceRequestTaskOnlyOnHumanStep       Rule = "LEGACY_SERVICE_REQUEST_TASK_ONLY_ON_HUMAN_STEP"

	RuleDefinitionShape              Rule = "DEFINITION_SHAPE"
	RuleStepTypeKnown                Rule = "STEP_TYPE_KNOWN"
	RuleTransitionStepsExist         Rule = "TRANSITION_STEPS_EXIST"
	RuleFieldRefStepExists           Rule = "FIELD_REF_STEP_EXISTS"
	RuleStepGroupConsistent          Rule = "STEP_GROUP_CONSISTENT"
	RuleChildVersionExists           Rule = "CHILD_VERSION_EXISTS"
	RuleSubWorkflowNoCycle           Rule = "SUB_WORKFLOW_NO_CYCLE"
	RuleStartStepSingleOutgoing      Rule = "START_STEP_SINGLE_OUTGOING"
	RuleStepsReachableFromStart      Rule = "STEPS_REACHABLE_FROM_START"
	RuleStepsReachEnd                Rule = "STEPS_REACH_END"
	RuleCycleThroughConditionalSplit Rule = "CYCLE_THROUGH_CONDITIONAL_SPLIT"
	RuleExpressionCompiles           Rule = "EXPRESSION_COMPILES"
	RuleOutputSchemaValid            Rule = "OUTPUT_SCHEMA_VALID"
	RuleParallelSplitUnpaired        Rule = "PARALLEL_SPLIT_UNPAIRED"
	RuleFieldIgnored                 Rule = "FIELD_IGNORED"
	RuleDatasourceUnused             Rule = "DATASOURCE_UNUSED"
	RuleUnboundedRecursion           Rule = "UNBOUNDED_RECURSION"
)

// RuleInfo is the fixed code and severity of a rule.
type RuleInfo struct {
	Code     Code
	Severity Severity
}

// Rules lists every rule with its code and severity; it is the single source
// of truth the validator reports from.
var Rules = map[Rule]RuleInfo{
	RuleGraphExactlyOneStart:                          {CodeGraphInvalid, SeverityError},
	RuleGraphExactlyOneEnd:                            {CodeGraphInvalid, SeverityError},
	RuleStartStepNoIncoming:                           {CodeGraphInvalid, SeverityError},
	RuleEndStepSingleIncoming:                         {CodeGraphInvalid, SeverityError},
	RuleEndStepNoOutgoing:                             {CodeGraphInvalid, SeverityError},
	RuleTransitionsUnique:                             {CodeGraphInvalid, SeverityError},
	RuleNoSelfLoops:                                   {CodeGraphInvalid, SeverityError},
	RuleNoIsolatedSteps:                               {CodeGraphInvalid, SeverityError},
	RuleOnlySplitGatewayCanFanOut:                     {CodeGraphInvalid, SeverityError},
	RuleJoinGatewayManyInSingleOut:                    {CodeGraphInvalid, SeverityError},
	RuleConditionalSplitSingleDefault:                 {CodeGraphInvalid, SeverityError},
	RuleExclusiveSplitTwoOutgoing:                     {CodeGraphInvalid, SeverityError},
	RuleOnlyExclusiveInclusiveStepHaveCondition:       {CodeGraphInvalid, SeverityError},
	RuleMissingBatchIterator:                          {CodeGraphInvalid, SeverityError},
	RuleStepIDsUnique:                                 {CodeIDInvalid, SeverityError},
	RuleTransitionIDsUnique:                           {CodeIDInvalid, SeverityError},
	RuleStepGroupIDsUnique:                            {CodeIDInvalid, SeverityError},
	RuleNoGroupForSpecialNodes:                        {CodeGroupingInvalid, SeverityError},
	RuleGroupStepIDsExists:                            {CodeGroupingInvalid, SeverityError},
	RuleStepBelongsToOnlyOneGroup:                     {CodeGroupingInvalid, SeverityError},
	RuleStepGroupCannotBeEmpty:                        {CodeGroupingInvalid, SeverityError},
	RuleLegacyServiceRequestRequiresStepGroups:        {CodeGroupingInvalid, SeverityError},
	RuleLegacyServiceRequestTypeGroupTaskUnique:       {CodeLegacyConfigInvalid, SeverityError},
	RuleLegacyServiceRequestTaskGroupExistsInTemplate: {CodeLegacyConfigInvalid, SeverityError},
	RuleLegacyServiceRequestTaskExistsInTemplate:      {CodeLegacyConfigInvalid, SeverityError},
	RuleLegacyServiceRequestTaskOnlyOnHumanStep:       {CodeLegacyConfigInvalid, SeverityError},
	RuleDefinitionShape:                               {CodeSchemaInvalid, SeverityError},
	RuleStepTypeKnown:                                 {CodeStepTypeInvalid, SeverityError},
	RuleTransitionStepsExist:                          {CodeReferenceInvalid, SeverityError},
	RuleFieldRefStepExists:                            {CodeReferenceInvalid, SeverityError},
	RuleStepGroupConsistent:                           {CodeReferenceInvalid, SeverityError},
	RuleChildVersionExists:                            {CodeReferenceInvalid, SeverityError},
	RuleSubWorkflowNoCycle:                            {CodeReferenceInvalid, SeverityError},
	RuleStartStepSingleOutgoing:                       {CodeGraphInvalid, SeverityError},
	RuleStepsReachableFromStart:                       {CodeGraphInvalid, SeverityError},
	RuleStepsReachEnd:                                 {CodeGraphInvalid, SeverityError},
	RuleCycleThroughConditionalSplit:                  {CodeGraphInvalid, SeverityError},
	RuleExpressionCompiles:                            {CodeExpressionInvalid, SeverityError},
	RuleOutputSchemaValid:                             {CodeSchemaInvalid, SeverityError},
	RuleParallelSplitUnpaired:                         {CodeGraphInvalid, SeverityWarning},
	RuleFieldIgnored:                                  {CodeSchemaInvalid, SeverityWarning},
	RuleDatasourceUnused:                              {CodeReferenceInvalid, SeverityWarning},
	RuleUnboundedRecursion:                            {CodeExpressionInvalid, SeverityWarning},
}

// Issue is one finding of the validator. Path is a JSON Pointer (RFC 6901)
// into the submitted document.
type Issue struct {
	Rule         Rule     `json:"rule"`
	Code         Code     `json:"code"`
	Severity     Severity `json:"severity"`
	Message      string   `json:"message"`
	Path         string   `json:"path"`
	StepID       string   `json:"stepId,omitempty"`
	TransitionID string   `json:"transitionId,omitempty"`
	GroupID      string   `json:"groupId,omitempty"`
}

// String formats the issue for people: severity, path, rule, message, ids.
func (i Issue) String() string {
	var ids []string
	if i.StepID != "" {
		ids = append(ids, "step "+i.StepID)
	}
	if i.TransitionID != "" {
		ids = append(ids, "transition "+i.TransitionID)
	}
	if i.GroupID != "" {
		ids = append(ids, "group "+i.GroupID)
	}
	where := i.Path
	if where == "" {
		where = "(document)"
	}
	s := fmt.Sprintf("%s %s %s: %s", i.Severity, where, i.Rule, i.Message)
	if len(ids) > 0 {
		s += " [" + strings.Join(ids, ", ") + "]"
	}
	return s
}

// HasErrors reports whether any issue is an ERROR, which blocks publishing.
func HasErrors(issues []Issue) bool {
	for _, i := range issues {
		if i.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Result is the body of the validation endpoints: {"valid", "issues"}.
type Result struct {
	Valid  bool    `json:"valid"`
	Issues []Issue `json:"issues"`
}

// NewResult wraps issues; Valid is false exactly when an ERROR is present.
func NewResult(issues []Issue) Result {
	if issues == nil {
		issues = []Issue{}
	}
	return Result{Valid: !HasErrors(issues), Issues: issues}
}

// InvalidError is returned when an operation (publishing) needs a definition
// without ERROR issues; it carries every issue.
type InvalidError struct {
	Issues []Issue
}

// ErrorCode is the stable code of the problem.
func (e *InvalidError) ErrorCode() string { return "DEFINITION_INVALID" }

// Error summarises the number of errors; Issues has the details.
func (e *InvalidError) Error() string {
	n := 0
	for _, i := range e.Issues {
		if i.Severity == SeverityError {
			n++
		}
	}
	return fmt.Sprintf("definition has %d validation error(s)", n)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// pointer builds a JSON Pointer from segments (ints and strings), escaping
// "~" and "/" in strings. It is on the decoder's hot path, hence plain
// concatenation rather than a builder.
func pointer(base string, segs ...any) string {
	for _, seg := range segs {
		switch v := seg.(type) {
		case int:
			base += "/" + strconv.Itoa(v)
		case string:
			if strings.ContainsAny(v, "~/") {
				v = pointerEscaper.Replace(v)
			}
			base += "/" + v
		}
	}
	return base
}

// index is pointer(base, i) without boxing i.
func index(base string, i int) string { return base + "/" + strconv.Itoa(i) }
