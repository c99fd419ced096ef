package interp

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
)

// The runtime view shows a stored BATCH output by reference only when it is marked large; the
// step's OutputData, which expressions read, keeps every item either way.
func TestStepStateShowsLargeStoredOutputByReference(t *testing.T) {
	t.Parallel()
	items := map[string]any{"items": []any{map[string]any{"n": 1.0}, map[string]any{"n": 2.0}}}
	for _, tc := range []struct {
		name    string
		ref     *BatchOutputRef
		status  definition.Status
		want    string
		notWant string
	}{
		{"inline", nil, definition.StatusCompleted, `"outputData":{"items":[{"n":1},{"n":2}]}`, `"stored"`},
		{"large", &BatchOutputRef{BatchID: "b", Count: 2, Bytes: 300_000}, definition.StatusCompleted,
			`"outputData":{"items":null,"stored":{"batchId":"b","count":2,"bytes":300000}}`, `childWorkflowExecutions`},
		{"reopened", &BatchOutputRef{BatchID: "b", Count: 2}, definition.StatusInProgress, `"outputData":{"items":[{"n":1},{"n":2}]}`, `"stored"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := &StepState{StepID: "many", Status: tc.status, OutputData: items,
				ChildWorkflowExecutions: []ChildRef{{ID: "c1"}, {ID: "c2"}}, outputRef: tc.ref}
			b, err := json.Marshal(map[string]*StepState{"many": st})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.want) || strings.Contains(string(b), tc.notWant) {
				t.Errorf("JSON = %s, want %s and no %s", b, tc.want, tc.notWant)
			}
			if got := st.OutputData.(map[string]any)["items"].([]any); len(got) != 2 {
				t.Errorf("OutputData lost items: %v", got)
			}
		})
	}
}
