package projection

import (
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

func TestTaskStatusOf(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 4, 4, 5, 0, time.UTC)
	early, late := at.Add(-time.Minute), at.Add(time.Minute)
	tests := []struct {
		status definition.Status
		dueAt  *time.Time
		want   store.TaskStatus
	}{
		{definition.StatusNotStarted, nil, store.TaskNotStarted},
		{definition.StatusInProgress, nil, store.TaskInProgress},
		{definition.StatusInProgress, &late, store.TaskInProgress},
		{definition.StatusInProgress, &early, store.TaskSLABreached},
		{definition.StatusInProgress, &at, store.TaskSLABreached},
		{definition.StatusActionRequired, nil, store.TaskActionRequired},
		{definition.StatusActionRequired, &early, store.TaskSLABreached},
		{definition.StatusCompleted, &early, store.TaskCompleted},
		{definition.StatusDisabled, nil, store.TaskCompleted},
		{definition.StatusFailed, nil, store.TaskActionRequired},
		{definition.StatusCancelled, &early, store.TaskNotStarted},
	}
	for _, tt := range tests {
		if got := taskStatusOf(interp.StepChange{Status: tt.status, DueAt: tt.dueAt}, at); got != tt.want {
			t.Errorf("step %s due %v: task %q, want %q", tt.status, tt.dueAt, got, tt.want)
		}
	}
}

func TestRequestStatusOf(t *testing.T) {
	t.Parallel()
	plain := &store.ServiceRequest{Groups: []store.TaskGroup{{Tasks: []store.ServiceRequestTask{
		{Status: store.TaskCompleted}, {Status: store.TaskSLABreached}}}}}
	flagged := &store.ServiceRequest{Groups: []store.TaskGroup{{}, {Tasks: []store.ServiceRequestTask{
		{Status: store.TaskInProgress}, {Status: store.TaskActionRequired}}}}}
	tests := []struct {
		runtime store.RuntimeStatus
		r       *store.ServiceRequest
		want    store.ServiceRequestStatus
		ok      bool
	}{
		{store.RuntimeNotStarted, plain, store.RequestNotStarted, true},
		{store.RuntimeInProgress, plain, store.RequestInProgress, true},
		{store.RuntimeInProgress, flagged, store.RequestActionRequired, true},
		{store.RuntimeCompleted, flagged, store.RequestCompleted, true},
		{store.RuntimeFailed, plain, store.RequestFailed, true},
		{store.RuntimeCancelled, flagged, store.RequestCancelled, true},
		{"", plain, "", false},
	}
	for _, tt := range tests {
		got, ok := requestStatusOf(tt.runtime, tt.r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("runtime %q: %q, %v; want %q, %v", tt.runtime, got, ok, tt.want, tt.ok)
		}
	}
}
