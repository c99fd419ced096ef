package app

import (
	"slices"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

// The engine's completion validator compares a step's assignee ("ada" or "group:ops") with the
// actor's id and groups, so the groups must reach it spelled as assignees whichever route
// (inbox or execution step) completes the step.
func TestEngineActorSpellsGroupsAsAssignees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		actor      Actor
		id         string
		groups     []string
		admin      bool
		assignable string
	}{
		{"agent", Actor{KeyID: "k1", Role: store.RoleAgent, UserID: "ada", Groups: []string{"ops", "kyc"}}, "ada", []string{"group:ops", "group:kyc"}, false, "group:kyc"},
		{"admin key", Actor{KeyID: "k2", Role: store.RoleAdmin}, "k2", []string{}, true, ""},
		{"system", SystemActor, "system", []string{}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.actor.engineActor()
			if got.ID != tc.id || got.Admin != tc.admin || !slices.Equal(got.Groups, tc.groups) {
				t.Errorf("engineActor() = %+v, want id %q groups %v admin %v", got, tc.id, tc.groups, tc.admin)
			}
			if tc.assignable != "" && !slices.Contains(got.Groups, tc.assignable) {
				t.Errorf("engineActor() groups %v do not match assignee %q", got.Groups, tc.assignable)
			}
		})
	}
}
