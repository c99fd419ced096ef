package app

import (
	"context"
	"encoding/json"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// ShapeValidator is the smallest publish gate: the definition must be a JSON object. It stands in
// until the definition package's validator is wired (see docs/api.md, "Validation").
type ShapeValidator struct{}

// Validate reports one DEFINITION_SHAPE issue when def is not a JSON object.
func (ShapeValidator) Validate(_ context.Context, _ store.Querier, def json.RawMessage) []definition.Issue {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(def, &obj); err != nil || obj == nil {
		info := definition.Rules[definition.RuleDefinitionShape]
		return []definition.Issue{{
			Rule:     definition.RuleDefinitionShape,
			Code:     info.Code,
			Severity: info.Severity,
			Message:  "the definition must be a JSON object",
			Path:     "",
		}}
	}
	return []definition.Issue{}
}
