package api

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// e2eCase is one example run through the HTTP API: the context it starts with, the outputs its
// human steps are completed with, and what the run must show.
type e2eCase struct {
	name    string
	example string // file of the repository's examples/
	// child names the example whose published version replaces the child version placeholder.
	child string
	// legacy stores the service-request type the example maps onto before publishing.
	legacy  bool
	context map[string]any
	// outputs are given to a step's completions in order; a step without any completes with
	// none (a confirmation).
	outputs map[string][]any
	// completions is every human completion of the run, as "step#attempt" on the root and
	// "child/step#attempt" on a child, in any order.
	completions []string
	// after lists, for a human step of the root, the steps that must have completed before it
	// opens (a join waits for its branches).
	after map[string][]string
	// ran are non-human steps of the root that must end Completed (gateways, sub-workflows).
	ran []string
}

// TestExamplesThroughAPI runs the repository's examples not covered by their own tests through the
// HTTP API on the embedded Temporal server: create, publish, activate, start, then complete
// whatever human step is open (on the execution and its children) until it is Completed. Human
// steps of the root that the run does not list in completions must never have opened.
func TestExamplesThroughAPI(t *testing.T) {
	t.Parallel()
	e := newEngineEnv(t, "sqlite")
	for _, tt := range []e2eCase{
		{
			name: "parallel-documents", example: "parallel-documents",
			completions: []string{"pan#1", "address#1", "photo#1", "approve#1"},
			after:       map[string][]string{"approve": {"pan", "address", "photo"}},
			ran:         []string{"split", "join"},
		},
		{
			name: "inclusive-onboarding/new-premium", example: "inclusive-onboarding",
			context:     map[string]any{"customer": map[string]any{"isNew": true, "tier": "premium"}},
			completions: []string{"welcome#1", "perks#1"},
			ran:         []string{"route", "join"},
		},
		{
			name: "inclusive-onboarding/returning-basic", example: "inclusive-onboarding",
			context:     map[string]any{"customer": map[string]any{"isNew": false, "tier": "basic"}},
			completions: []string{"standard#1"},
			ran:         []string{"route", "join"},
		},
		{
			name: "rework-loop", example: "rework-loop",
			outputs:     map[string][]any{"review": {map[string]any{"approved": false}, map[string]any{"approved": true}}},
			completions: []string{"prepare#1", "review#1", "prepare#2", "review#2", "submit#1"},
			after:       map[string][]string{"submit": {"review#2"}},
			ran:         []string{"ok"},
		},
		{
			name: "dsc-child", example: "dsc-child",
			completions: []string{"apply#1", "issued#1"},
		},
		{
			name: "tolerant-keys/verified", example: "tolerant-keys", child: "dsc-child",
			context:     map[string]any{"customer": map[string]any{"id": "c-7", "verified": true}},
			completions: []string{"ok#1", "done#1"},
			ran:         []string{"check"},
		},
		{
			name: "tolerant-keys/unverified", example: "tolerant-keys", child: "dsc-child",
			context:     map[string]any{"customer": map[string]any{"id": "c-7", "verified": false}},
			completions: []string{"child/apply#1", "child/issued#1", "done#1"},
			after:       map[string][]string{"done": {"child/issued#1"}},
			ran:         []string{"check", "kyc"},
		},
		{
			name: "legacy-mapped", example: "legacy-mapped", legacy: true,
			completions: []string{"pan#1", "aadhaar#1", "name#1"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := *e
			c.env = e.at(t)
			c.runExample(tt)
		})
	}
}

// runExample publishes the case's example, starts it and drives it to completion.
func (e *engineEnv) runExample(tt e2eCase) {
	t := e.t
	def := string(exampleFile(t, tt.example+".json"))
	if tt.child != "" {
		child := e.publishedVersion(childTemplate(tt), string(exampleFile(t, tt.child+".json")))
		def = strings.ReplaceAll(def, "REPLACE_WITH_PUBLISHED_VERSION_ID", child.ID)
	}
	if tt.legacy {
		e.storeServiceRequestType()
	}
	v := e.publishedVersion(tt.name, def)
	ctx := tt.context
	if ctx == nil {
		ctx = map[string]any{}
	}
	root := e.start(map[string]any{"workflowTemplateId": v.WorkflowTemplateID, "context": ctx})
	made, d := e.drive(root.ID, tt)
	t.Logf("completed in this order: %v", made)
	got := slices.Clone(made)

	want := slices.Clone(tt.completions)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("human completions = %v, want %v", got, want)
	}
	done := map[string]bool{}
	for _, c := range tt.completions {
		if step, _, ok := strings.Cut(c, "#"); ok && !strings.Contains(step, "/") {
			done[step] = true
		}
	}
	for id, st := range d.Runtime.Steps {
		switch {
		case done[id] || slices.Contains(tt.ran, id):
			if st.Status != "Completed" {
				t.Errorf("step %s is %s, want Completed", id, st.Status)
			}
		case strings.HasPrefix(st.Type, "human."):
			if st.StartedAt != nil || st.Status != "NotStarted" {
				t.Errorf("step %s opened (%s, started %v); the run must not take its branch", id, st.Status, st.StartedAt)
			}
		}
	}
	if tt.child != "" {
		e.checkChildren(root.ID, tt)
	}
}

// drive completes every open human step of the execution and of its descendants until the
// execution is Completed, and returns the completions made and the final detail. The outputs
// of a step are used in order; running out of them fails the test (the run looped more than
// the case expects), and so does a step open before the steps the case says it comes after.
func (e *engineEnv) drive(rootID string, tt e2eCase) ([]string, ExecutionDetail) {
	t := e.t
	t.Helper()
	used := map[string]int{}
	var made []string
	names := map[string]string{rootID: ""}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var kids listBody[Execution]
		e.ok(e.do("GET", "/v1/executions?rootWorkflowExecutionId="+rootID, nil), 200, &kids)
		for _, k := range kids.Items {
			names[k.ID] = "child/"
		}
		ids := []string{rootID}
		for _, k := range kids.Items {
			ids = append(ids, k.ID)
		}
		var root ExecutionDetail
		for _, id := range ids {
			d := e.get(id)
			if id == rootID {
				root = d
			}
			if d.Runtime == nil {
				continue
			}
			// A stable order for the steps one read finds open.
			for _, stepID := range slices.Sorted(maps.Keys(d.Runtime.Steps)) {
				st := d.Runtime.Steps[stepID]
				if !strings.HasPrefix(st.Type, "human.") || !stepIs(d, stepID, "InProgress", "ActionRequired") {
					continue
				}
				key := fmt.Sprintf("%s%s#%d", names[id], stepID, st.Attempt)
				if slices.Contains(made, key) {
					continue // completed; the next read shows what followed
				}
				if id == rootID {
					for _, prior := range tt.after[stepID] {
						if !slices.ContainsFunc(made, func(m string) bool { return m == prior || strings.HasPrefix(m, prior+"#") }) {
							t.Fatalf("%s is open before %s completed (completed so far: %v)", key, prior, made)
						}
					}
				}
				var out any
				if list, ok := tt.outputs[stepID]; ok && id == rootID {
					if used[stepID] >= len(list) {
						t.Fatalf("%s opened again after its %d outputs were used", key, len(list))
					}
					out = list[used[stepID]]
					used[stepID]++
				}
				e.complete(id, stepID, out)
				made = append(made, key)
			}
		}
		if root.Status == store.ExecutionCompleted && root.RuntimeStatus == store.RuntimeCompleted && root.Runtime != nil {
			return made, root
		}
		if root.RuntimeStatus == store.RuntimeFailed || time.Now().After(deadline) {
			view, _ := json.Marshal(root.Runtime)
			t.Fatalf("execution %s is %s / %s after completing %v; runtime %s", rootID, root.Status, root.RuntimeStatus, made, view)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkChildren checks every child of the root completed, with its context mapped from the
// parent's (tolerant-keys maps customer.id onto customerId).
func (e *engineEnv) checkChildren(rootID string, tt e2eCase) {
	t := e.t
	t.Helper()
	var kids listBody[Execution]
	e.ok(e.do("GET", "/v1/executions?parentWorkflowExecutionId="+rootID, nil), 200, &kids)
	wantKids := 0
	for _, c := range tt.completions {
		if strings.Contains(c, "/") {
			wantKids = 1
		}
	}
	if len(kids.Items) != wantKids {
		t.Fatalf("%d children, want %d", len(kids.Items), wantKids)
	}
	for _, k := range kids.Items {
		if k.Name != childTemplate(tt) || k.Status != store.ExecutionCompleted || k.RootWorkflowExecutionID == nil || *k.RootWorkflowExecutionID != rootID {
			t.Errorf("child %+v: want COMPLETED, named %q, with root %s", k, childTemplate(tt), rootID)
		}
		var ctx map[string]any
		if err := json.Unmarshal(k.Context, &ctx); err != nil || ctx["customerId"] != "c-7" {
			t.Errorf("child context = %s (%v), want customerId c-7", k.Context, err)
		}
	}
}

// storeServiceRequestType stores the service-request type legacy-mapped.json maps onto, as an
// operator would before publishing it.
func (e *engineEnv) storeServiceRequestType() {
	t := e.t
	t.Helper()
	var typ struct {
		Type       string          `json:"type"`
		Name       string          `json:"name"`
		TaskGroups json.RawMessage `json:"taskGroups"`
	}
	if err := json.Unmarshal(exampleFile(t, "service-request-types/india-pvt-ltd.json"), &typ); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	err := e.store.CreateServiceRequestType(context.Background(), &store.ServiceRequestType{
		Type: typ.Type, Name: typ.Name, TaskGroups: typ.TaskGroups, CreatedAt: now, UpdatedAt: now,
	})
	if err != nil {
		t.Fatalf("storing the service-request type: %v", err)
	}
}

// childTemplate names the template of a case's child version; a child without a name of its
// own is named after it.
func childTemplate(tt e2eCase) string { return tt.name + " child" }
