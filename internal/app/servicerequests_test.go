package app

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

func TestStepsByTask(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("WFB_EXAMPLES_DIR") // as the API's tests: the repository's examples by default
	if dir == "" {
		dir = filepath.Join("..", "..", "examples")
	}
	legacy, err := os.ReadFile(filepath.Join(dir, "legacy-mapped.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		def  string
		want map[[2]string]string
	}{
		{"legacy-mapped example", string(legacy), map[[2]string]string{
			{"DOCUMENT_VERIFICATION", "VERIFY_PAN_CARD"}: "pan",
			{"DOCUMENT_VERIFICATION", "VERIFY_AADHAAR"}:  "aadhaar",
			{"MCA_FILING", "RESERVE_NAME"}:               "name",
		}},
		{"no definition", "", map[[2]string]string{}},
		{"not a definition", `[1]`, map[[2]string]string{}},
		{"a task key outside any group", `{"id":"w","name":"w","steps":[{"id":"a","type":"human.confirm","name":"a","legacyServiceRequestTaskKey":"T"}],"stepTransitions":[]}`,
			map[[2]string]string{}},
		{"a group without a legacy key", `{"id":"w","name":"w","steps":[{"id":"a","type":"human.confirm","name":"a","legacyServiceRequestTaskKey":"T"}],` +
			`"stepTransitions":[],"stepGroups":[{"id":"g","name":"g","stepIds":["a"]}]}`, map[[2]string]string{}},
		{"first of two steps on one task", `{"id":"w","name":"w","steps":[` +
			`{"id":"a","type":"human.confirm","name":"a","legacyServiceRequestTaskKey":"T"},` +
			`{"id":"b","type":"human.confirm","name":"b","legacyServiceRequestTaskKey":"T"}],` +
			`"stepTransitions":[],"stepGroups":[{"id":"g","name":"g","stepIds":["a","b"],"legacyServiceRequestTaskGroupKey":"G"}]}`,
			map[[2]string]string{{"G", "T"}: "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := stepsByTask(json.RawMessage(tt.def)); !maps.Equal(got, tt.want) {
				t.Fatalf("stepsByTask = %v, want %v", got, tt.want)
			}
		})
	}
}
