package projection

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// backends opens a fresh migrated store of each kind.
func backends(t *testing.T) map[string]func(t *testing.T) store.Store {
	t.Helper()
	return map[string]func(t *testing.T) store.Store{
		"sqlite": func(t *testing.T) store.Store {
			s, _ := projectiontest.OpenStore(t)
			return s
		},
		"postgres": func(t *testing.T) store.Store {
			ctx := context.Background()
			s, err := postgres.Open(ctx, storetest.PostgresURL(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
}

// subWorkflowParent is the incorporation example with its sub-workflow step "dsc" on
// childVersion in the given mode, and the extra top-level fields (step groups) merged in.
func subWorkflowParent(t *testing.T, childVersion, mode string, extra map[string]any) json.RawMessage {
	t.Helper()
	raw := bytes.ReplaceAll(projectiontest.Example(t, "incorporation-batch"), []byte("REPLACE_WITH_PUBLISHED_DSC_VERSION_ID"), []byte(childVersion))
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc["steps"].([]any) {
		if step := s.(map[string]any); step["id"] == "dsc" {
			step["mode"] = mode
			if mode == string(definition.ModeSingle) {
				delete(step, "iterable")
			}
		}
	}
	for k, v := range extra {
		doc[k] = v
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A SINGLE sub-workflow child of an execution with a service request gets its own task group
// in the root's request, as a BATCH child does: linked to the child, named after it, keyed by
// the step's group (or the step), with the child's human steps as tasks, created once however
// often the activity runs; syncing the child's state moves its tasks.
func TestSingleChildGroup(t *testing.T) {
	t.Parallel()
	mcaGroup := map[string]any{"stepGroups": []any{map[string]any{
		"id": "g1", "name": "MCA", "stepIds": []any{"dsc"}, "legacyServiceRequestTaskGroupKey": "MCA_FILING"}}}
	cases := []struct {
		name      string
		mode      definition.Mode
		extra     map[string]any
		wantKey   string
		wantOrder int
	}{
		{"single, keyed by its step", definition.ModeSingle, nil, "dsc", 3},
		{"single, keyed by its step group", definition.ModeSingle, mcaGroup, "MCA_FILING", 2},
		{"batch, as before", definition.ModeBatch, nil, "dsc", 3},
	}
	for backend, open := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					s := open(t) // a request type per store
					childVersion := projectiontest.CreateVersion(t, s, "DSC", projectiontest.Example(t, "dsc-child"), store.VersionPublished)
					def := subWorkflowParent(t, childVersion, string(tc.mode), tc.extra)
					parentID := id.New()
					err := s.CreateExecution(ctx, &store.Execution{ID: parentID, Name: "incorporation",
						VersionID: projectiontest.CreateVersion(t, s, "Incorporation", def, store.VersionPublished),
						Context:   json.RawMessage(`{}`), Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress})
					if err != nil {
						t.Fatal(err)
					}
					reqID := projectiontest.NewRequest(t, s, parentID)
					childID := id.New()
					p := Persistence{Store: s}
					req := interp.PrepareChildrenRequest{ParentID: parentID, RootID: parentID, VersionID: childVersion,
						Children: []interp.ChildSpec{{ID: childID, Name: "DSC - Asha"}}}
					for range 2 { // a retried activity creates nothing twice
						if _, err := p.PrepareChildren(ctx, req); err != nil {
							t.Fatalf("preparing the child: %v", err)
						}
					}
					r := projectiontest.WantRequest(t, s, reqID, store.RequestNotStarted, map[string]store.TaskStatus{
						"DSC - Asha/apply": store.TaskNotStarted, "DSC - Asha/issued": store.TaskNotStarted})
					if len(r.Groups) != 3 {
						t.Fatalf("request has %d groups, want the type's 2 and the child's", len(r.Groups))
					}
					var g *store.TaskGroup
					for i := range r.Groups {
						if r.Groups[i].WorkflowExecutionID != nil {
							g = &r.Groups[i]
						}
					}
					if g == nil || *g.WorkflowExecutionID != childID || g.Key != tc.wantKey || g.Order != tc.wantOrder || g.Name != "DSC - Asha" {
						t.Fatalf("child group %+v; want linked to %s, key %s, order %d, named DSC - Asha", g, childID, tc.wantKey, tc.wantOrder)
					}

					synced := &store.ServiceRequest{ID: reqID}
					err = s.InTx(ctx, func(q store.Querier) error {
						return SyncServiceRequest(ctx, q, synced, map[string]*interp.State{
							childID: syncState(childID, childVersion, definition.StatusInProgress, map[string]interp.StepState{
								"apply": {Status: definition.StatusCompleted}, "issued": {Status: definition.StatusInProgress}}),
						})
					})
					if err != nil {
						t.Fatal(err)
					}
					projectiontest.WantRequest(t, s, reqID, synced.Status, map[string]store.TaskStatus{
						"DSC - Asha/apply": store.TaskCompleted, "DSC - Asha/issued": store.TaskInProgress})
				})
			}

			// A child whose version no sub-workflow step of the parent runs gets no group.
			s := open(t)
			childVersion := projectiontest.CreateVersion(t, s, "DSC", projectiontest.Example(t, "dsc-child"), store.VersionPublished)
			parentID := id.New()
			if err := s.CreateExecution(ctx, &store.Execution{ID: parentID, Name: "other",
				VersionID: projectiontest.CreateVersion(t, s, "Other", projectiontest.Example(t, "legacy-mapped"), store.VersionPublished),
				Context:   json.RawMessage(`{}`), Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress}); err != nil {
				t.Fatal(err)
			}
			reqID := projectiontest.NewRequest(t, s, parentID)
			if _, err := (Persistence{Store: s}).PrepareChildren(ctx, interp.PrepareChildrenRequest{ParentID: parentID, RootID: parentID,
				VersionID: childVersion, Children: []interp.ChildSpec{{ID: id.New()}}}); err != nil {
				t.Fatal(err)
			}
			if r := projectiontest.WantRequest(t, s, reqID, store.RequestNotStarted, nil); len(r.Groups) != 2 {
				t.Errorf("request has %d groups, want only the type's 2", len(r.Groups))
			}
		})
	}
}
