package projection

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection/projectiontest"
	"github.com/workflowbuilder/wfb/internal/store"
)

// syncFixture is a legacy-mapped execution with a service request, and one child execution
// linked to its own task group (as a BATCH child's would be).
type syncFixture struct {
	s                    store.Store
	reqID                string
	rootID, rootVersion  string
	childID, childVerson string
}

func newSyncFixture(t *testing.T) *syncFixture {
	t.Helper()
	ctx := context.Background()
	s, _ := projectiontest.OpenStore(t)
	f := &syncFixture{s: s, rootID: id.New(), childID: id.New()}
	f.rootVersion = projectiontest.CreateVersion(t, s, "legacy", projectiontest.Example(t, "legacy-mapped"), store.VersionPublished)
	f.childVerson = projectiontest.CreateVersion(t, s, "DSC", projectiontest.Example(t, "dsc-child"), store.VersionPublished)
	for _, e := range []*store.Execution{
		{ID: f.rootID, Name: "root", VersionID: f.rootVersion},
		{ID: f.childID, Name: "DSC - Asha", VersionID: f.childVerson, ParentID: &f.rootID, RootID: &f.rootID},
	} {
		e.Context, e.Status, e.RuntimeStatus = json.RawMessage(`{}`), store.ExecutionStarted, store.RuntimeInProgress
		if err := s.CreateExecution(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	f.reqID = projectiontest.NewRequest(t, s, f.rootID)
	def, err := definition.Decode(projectiontest.Example(t, "dsc-child"))
	if err != nil {
		t.Fatal(err)
	}
	g := &store.TaskGroup{ID: id.New(), ServiceRequestID: f.reqID, Key: "dsc", Name: "DSC - Asha", Order: 3,
		WorkflowExecutionID: &f.childID, Tasks: childTasks(def)}
	for i := range g.Tasks {
		g.Tasks[i].ID, g.Tasks[i].Position = id.New(), i
	}
	if err := s.CreateTaskGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	return f
}

// state is a runtime state of version with the given step statuses (attempt 1 unless NotStarted).
func syncState(execID, version string, runtime definition.Status, steps map[string]interp.StepState) *interp.State {
	st := &interp.State{ID: execID, WorkflowTemplateVersionID: version, RuntimeStatus: runtime, Steps: map[string]*interp.StepState{}}
	for stepID, ss := range steps {
		ss.StepID = stepID
		if ss.Status != definition.StatusNotStarted {
			ss.Attempt = 1
		}
		st.Steps[stepID] = &ss
	}
	return st
}

func TestSyncServiceRequest(t *testing.T) {
	t.Parallel()
	f := newSyncFixture(t)
	past := time.Now().Add(-time.Hour)
	tests := []struct {
		name   string
		states func() map[string]*interp.State
		want   store.ServiceRequestStatus
		tasks  map[string]store.TaskStatus
	}{
		{"running, one step overdue", func() map[string]*interp.State {
			return map[string]*interp.State{
				f.rootID: syncState(f.rootID, f.rootVersion, definition.StatusInProgress, map[string]interp.StepState{
					"pan": {Status: definition.StatusCompleted}, "aadhaar": {Status: definition.StatusInProgress, DueAt: &past},
					"name": {Status: definition.StatusNotStarted}}),
				f.childID: syncState(f.childID, f.childVerson, definition.StatusInProgress, map[string]interp.StepState{
					"apply": {Status: definition.StatusCompleted}, "issued": {Status: definition.StatusInProgress}}),
			}
		}, store.RequestInProgress, map[string]store.TaskStatus{
			pan: store.TaskCompleted, aadhaar: store.TaskSLABreached, name: store.TaskNotStarted, spice: store.TaskNotStarted,
			"DSC - Asha/apply": store.TaskCompleted, "DSC - Asha/issued": store.TaskInProgress,
		}},
		{"a step needs action", func() map[string]*interp.State {
			return map[string]*interp.State{f.rootID: syncState(f.rootID, f.rootVersion, definition.StatusInProgress, map[string]interp.StepState{
				"pan": {Status: definition.StatusCompleted}, "aadhaar": {Status: definition.StatusCompleted},
				"name": {Status: definition.StatusActionRequired}})}
		}, store.RequestActionRequired, map[string]store.TaskStatus{
			aadhaar: store.TaskCompleted, name: store.TaskActionRequired, "DSC - Asha/issued": store.TaskInProgress,
		}},
		{"a step failed", func() map[string]*interp.State {
			return map[string]*interp.State{f.rootID: syncState(f.rootID, f.rootVersion, definition.StatusFailed, map[string]interp.StepState{
				"name": {Status: definition.StatusFailed}})}
		}, store.RequestFailed, map[string]store.TaskStatus{name: store.TaskActionRequired}},
		{"completed", func() map[string]*interp.State {
			return map[string]*interp.State{
				f.rootID: syncState(f.rootID, f.rootVersion, definition.StatusCompleted, map[string]interp.StepState{
					"pan": {Status: definition.StatusCompleted}, "aadhaar": {Status: definition.StatusCompleted},
					"name": {Status: definition.StatusCompleted}}),
				f.childID: syncState(f.childID, f.childVerson, definition.StatusCompleted, map[string]interp.StepState{
					"apply": {Status: definition.StatusCompleted}, "issued": {Status: definition.StatusCompleted}}),
			}
		}, store.RequestCompleted, map[string]store.TaskStatus{
			pan: store.TaskCompleted, aadhaar: store.TaskCompleted, name: store.TaskCompleted, spice: store.TaskNotStarted,
			"DSC - Asha/apply": store.TaskCompleted, "DSC - Asha/issued": store.TaskCompleted,
		}},
	}
	for _, tt := range tests {
		req := &store.ServiceRequest{ID: f.reqID}
		err := f.s.InTx(context.Background(), func(q store.Querier) error {
			return SyncServiceRequest(context.Background(), q, req, tt.states())
		})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if req.Status != tt.want || len(req.Groups) != 3 {
			t.Errorf("%s: SyncServiceRequest left %q with %d groups, want %q with 3", tt.name, req.Status, len(req.Groups), tt.want)
		}
		projectiontest.WantRequest(t, f.s, f.reqID, tt.want, tt.tasks)
	}
}

// Without the execution's state the request follows the execution's row, and the tasks stay.
func TestSyncServiceRequestWithoutState(t *testing.T) {
	t.Parallel()
	f := newSyncFixture(t)
	ctx := context.Background()
	e, err := f.s.GetExecution(ctx, f.rootID)
	if err != nil {
		t.Fatal(err)
	}
	e.RuntimeStatus = store.RuntimeCancelled
	if err := f.s.UpdateExecution(ctx, e); err != nil {
		t.Fatal(err)
	}
	req := &store.ServiceRequest{ID: f.reqID}
	if err := f.s.InTx(ctx, func(q store.Querier) error { return SyncServiceRequest(ctx, q, req, nil) }); err != nil {
		t.Fatal(err)
	}
	projectiontest.WantRequest(t, f.s, f.reqID, store.RequestCancelled, map[string]store.TaskStatus{pan: store.TaskNotStarted})
	missing := &store.ServiceRequest{ID: id.New()}
	if err := f.s.InTx(ctx, func(q store.Querier) error { return SyncServiceRequest(ctx, q, missing, nil) }); err == nil {
		t.Error("syncing a request that does not exist succeeded")
	}
}
