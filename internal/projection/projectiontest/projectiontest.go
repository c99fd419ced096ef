// Package projectiontest holds the fixtures of the tests that check what reaches the database
// from a run: the projection's own tests and the engine's, which drive the same projection
// through the workflow. Definitions and the service-request type come from the repository's
// examples/ folder.
package projectiontest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/workflowbuilder/wfb/examples"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
)

// Example returns the repository's example definition called name (examples/NAME.json).
func Example(t testing.TB, name string) json.RawMessage {
	t.Helper()
	e, ok := examples.Get(name)
	if !ok {
		t.Fatalf("no example %q in examples/", name)
	}
	return e.Definition
}

// IndiaType returns the service-request type the legacy-mapped example maps onto
// (examples/service-request-types/india-pvt-ltd.json).
func IndiaType(t testing.TB) json.RawMessage {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("projectiontest: cannot locate its own source file")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", "service-request-types", "india-pvt-ltd.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// OpenStore opens a fresh, migrated SQLite store with one execution row of linear-confirm in
// CREATED, as the application writes it before the Temporal start, and returns its id.
func OpenStore(t testing.TB) (*sqlite.Store, string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wfb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	v := CreateVersion(t, s, "t", Example(t, "linear-confirm"), store.VersionPublished)
	e := &store.Execution{ID: id.New(), Name: "e", VersionID: v, Context: json.RawMessage(`{}`),
		Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted}
	if err := s.CreateExecution(ctx, e); err != nil {
		t.Fatal(err)
	}
	return s, e.ID
}

// CreateVersion adds a template called name with one version 1.0.0 of def in the given status,
// and returns the version's id.
func CreateVersion(t testing.TB, s store.Store, name string, def json.RawMessage, status store.VersionStatus) string {
	t.Helper()
	ctx := context.Background()
	tpl := &store.Template{ID: id.New(), Name: name}
	if err := s.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: def, Status: status}
	if err := s.CreateVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// NewRequest creates the India Pvt Ltd request type and one request of it on execution execID,
// its groups and tasks built from the type as the application builds them, and returns the
// request's id.
func NewRequest(t testing.TB, s store.Store, execID string) string {
	t.Helper()
	ctx := context.Background()
	var typ struct {
		Type, Name string
		TaskGroups json.RawMessage `json:"taskGroups"`
	}
	if err := json.Unmarshal(IndiaType(t), &typ); err != nil {
		t.Fatal(err)
	}
	var groups []struct {
		Key, Name string
		Order     int
		Tasks     []struct{ Key, Name string }
	}
	if err := json.Unmarshal(typ.TaskGroups, &groups); err != nil {
		t.Fatal(err)
	}
	r := &store.ServiceRequest{ID: id.New(), Type: typ.Type, Status: store.RequestNotStarted,
		Context: json.RawMessage(`{}`), WorkflowExecutionID: &execID}
	err := s.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateServiceRequestType(ctx, &store.ServiceRequestType{Type: typ.Type, Name: typ.Name, TaskGroups: typ.TaskGroups}); err != nil {
			return err
		}
		if err := q.CreateServiceRequest(ctx, r); err != nil {
			return err
		}
		for _, g := range groups {
			tg := &store.TaskGroup{ID: id.New(), ServiceRequestID: r.ID, Key: g.Key, Name: g.Name, Order: g.Order}
			for i, task := range g.Tasks {
				tg.Tasks = append(tg.Tasks, store.ServiceRequestTask{ID: id.New(), Key: task.Key, Name: task.Name,
					Position: i, Status: store.TaskNotStarted})
			}
			if err := q.CreateTaskGroup(ctx, tg); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// WantRequest checks a request's status and its tasks' statuses, named "GROUP_KEY/TASK_KEY"
// for the type's groups and "group name/TASK_KEY" for the groups linked to a child execution,
// and returns the request.
func WantRequest(t testing.TB, s store.Store, reqID string, status store.ServiceRequestStatus, tasks map[string]store.TaskStatus) *store.ServiceRequest {
	t.Helper()
	r, err := s.GetServiceRequest(context.Background(), reqID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != status {
		t.Errorf("request status %q, want %q", r.Status, status)
	}
	got := map[string]store.TaskStatus{}
	for _, g := range r.Groups {
		name := g.Key
		if g.WorkflowExecutionID != nil {
			name = g.Name
		}
		for _, task := range g.Tasks {
			got[name+"/"+task.Key] = task.Status
		}
	}
	for k, w := range tasks {
		if got[k] != w {
			t.Errorf("task %s is %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
	return r
}
