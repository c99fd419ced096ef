package definition_test

import (
	"maps"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

func TestLegacyTaskGroupKeys(t *testing.T) {
	t.Parallel()
	def := &definition.Definition{
		Steps: []definition.Step{
			{ID: "listed"},
			{ID: "named", Group: &definition.GroupRef{GroupID: "b"}},
			{ID: "both", Group: &definition.GroupRef{GroupID: "b"}},
			{ID: "unknown", Group: &definition.GroupRef{GroupID: "zzz"}},
			{ID: "loose"},
		},
		Groups: []definition.StepGroup{
			{ID: "a", StepIDs: []string{"listed", "both"}, LegacyServiceRequestTaskGroupKey: "GA"},
			{ID: "b", LegacyServiceRequestTaskGroupKey: "GB"},
			{ID: "a", StepIDs: []string{"listed"}, LegacyServiceRequestTaskGroupKey: "LATER"},
		},
	}
	want := map[string]string{"listed": "GA", "both": "GA", "named": "GB"}
	if got := def.LegacyTaskGroupKeys(); !maps.Equal(got, want) {
		t.Errorf("LegacyTaskGroupKeys() = %v, want %v", got, want)
	}
}
