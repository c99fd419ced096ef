package app

import (
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

func TestCheckRequestType(t *testing.T) {
	t.Parallel()
	task := func(k string) definition.TaskConfig { return definition.TaskConfig{Key: k, Name: k} }
	group := func(k string, tasks ...definition.TaskConfig) definition.TaskGroupConfig {
		return definition.TaskGroupConfig{Key: k, Name: k, Order: 1, Tasks: tasks}
	}
	typ := func(key string, groups ...definition.TaskGroupConfig) definition.ServiceRequestType {
		return definition.ServiceRequestType{Type: key, Name: "Name", TaskGroups: groups}
	}
	tests := []struct {
		name string
		in   definition.ServiceRequestType
		code Code // "" when valid
		path string
	}{
		{"valid", typ("INDIA_PVT_LTD", group("A", task("X"), task("Y")), group("B", task("X"))), "", ""},
		{"no groups", typ("T.v1-2"), "", ""},
		{"key with a space", typ("A B"), CodeInvalidRequest, ""},
		{"key starting with a dot", typ(".A"), CodeInvalidRequest, ""},
		{"blank name", definition.ServiceRequestType{Type: "T", Name: " "}, CodeInvalidRequest, ""},
		{"blank group key", typ("T", group("", task("X"))), CodeInvalidRequest, ""},
		{"blank task name", typ("T", group("A", definition.TaskConfig{Key: "X"})), CodeInvalidRequest, ""},
		{"invalid UTF-8 in a name", typ("T", group("A", definition.TaskConfig{Key: "X", Name: "\xff"})), CodeInvalidRequest, ""},
		{"duplicate group key", typ("T", group("A", task("X")), group("A", task("Y"))), CodeLegacyConfigInvalid, "/taskGroups/1/key"},
		{"duplicate task key", typ("T", group("A", task("X"), task("Y"), task("X"))), CodeLegacyConfigInvalid, "/taskGroups/0/tasks/2/key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := checkRequestType(tt.in)
			if CodeOf(err) != tt.code || (tt.code == "" && err != nil) {
				t.Fatalf("checkRequestType = %v, want code %q", err, tt.code)
			}
			if tt.path == "" {
				return
			}
			e, _ := AsError(err)
			if len(e.Issues) != 1 || e.Issues[0].Path != tt.path || e.Issues[0].Rule != definition.RuleLegacyServiceRequestTypeGroupTaskUnique {
				t.Fatalf("issues %+v, want one at %s", e.Issues, tt.path)
			}
		})
	}
}
