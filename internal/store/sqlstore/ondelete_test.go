package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// TestExecutionDeleteReferences deletes an execution with SQL (no store method deletes one)
// and checks what 00002 says happens to the rows pointing at it: its human tasks go, while
// trigger events, service requests and task groups stay and forget it.
func TestExecutionDeleteReferences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, b := range backends(t) {
		now := time.Now()
		tpl := &store.Template{ID: id.New(), Name: "t", CreatedAt: now, UpdatedAt: now}
		v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: json.RawMessage(`{}`),
			Status: store.VersionPublished, CreatedAt: now, UpdatedAt: now}
		exec := &store.Execution{ID: id.New(), Name: "e", VersionID: v.ID, Context: json.RawMessage(`{}`),
			Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress, CreatedAt: now}
		ev := &store.TriggerEvent{ID: id.New(), Type: store.TriggerServiceRequestCreated, EntityType: store.EntityServiceCatalog,
			EntityID: "sc", IdempotencyKey: id.New(), PayloadHash: "h", Context: json.RawMessage(`{}`), ExecutionID: &exec.ID, CreatedAt: now}
		typ := &store.ServiceRequestType{Type: id.New(), Name: "T", TaskGroups: json.RawMessage(`[]`), CreatedAt: now, UpdatedAt: now}
		req := &store.ServiceRequest{ID: id.New(), Type: typ.Type, Status: store.RequestInProgress, Context: json.RawMessage(`{}`),
			WorkflowExecutionID: &exec.ID, TriggerEventID: &ev.ID, CreatedAt: now, UpdatedAt: now}
		group := &store.TaskGroup{ID: id.New(), ServiceRequestID: req.ID, Key: "G", Name: "G", Order: 1,
			WorkflowExecutionID: &exec.ID, CreatedAt: now}
		task := &store.HumanTask{ID: id.New(), ExecutionID: exec.ID, StepID: "s", Attempt: 1, Type: "human.confirm",
			Name: "n", Assignee: "ada", CreatedAt: now}
		err := b.s.InTx(ctx, func(q store.Querier) error {
			return errors.Join(q.CreateTemplate(ctx, tpl), q.CreateVersion(ctx, v), q.CreateExecution(ctx, exec),
				q.CreateTriggerEvent(ctx, ev), q.CreateServiceRequestType(ctx, typ), q.CreateServiceRequest(ctx, req),
				q.CreateTaskGroup(ctx, group), q.UpsertHumanTask(ctx, task))
		})
		if err != nil {
			t.Fatalf("%s: creating the rows: %v", b.name, err)
		}
		if _, err := b.db.SQL().ExecContext(ctx, "DELETE FROM workflow_executions WHERE id = "+b.param, exec.ID); err != nil {
			t.Fatalf("%s: deleting the execution: %v", b.name, err)
		}
		if _, err := b.s.GetHumanTask(ctx, task.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: human task after its execution was deleted: %v, want ErrNotFound", b.name, err)
		}
		gotEv, err := b.s.GetTriggerEvent(ctx, ev.ID)
		if err != nil || gotEv.ExecutionID != nil {
			t.Errorf("%s: trigger event after its execution was deleted: %+v, %v; want it kept without the execution", b.name, gotEv, err)
		}
		gotReq, err := b.s.GetServiceRequest(ctx, req.ID)
		if err != nil || gotReq.WorkflowExecutionID != nil || len(gotReq.Groups) != 1 || gotReq.Groups[0].WorkflowExecutionID != nil {
			t.Errorf("%s: service request after its execution was deleted: %+v, %v; want it and its group kept without the execution",
				b.name, gotReq, err)
		}
	}
}
