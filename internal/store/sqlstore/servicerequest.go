package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/workflowbuilder/wfb/internal/store"
)

const requestTypeCols = "type, name, task_groups, created_at, updated_at"

func scanRequestType(r scanner, t *store.ServiceRequestType) error {
	return r.Scan(&t.Type, &t.Name, jsonCol{&t.TaskGroups}, timeCol{&t.CreatedAt}, timeCol{&t.UpdatedAt})
}

// CreateServiceRequestType inserts t.
func (q querier) CreateServiceRequestType(ctx context.Context, t *store.ServiceRequestType) error {
	t.CreatedAt, t.UpdatedAt = norm(t.CreatedAt), norm(t.UpdatedAt)
	_, err := q.exec(ctx, "INSERT INTO service_request_types ("+requestTypeCols+") VALUES (?, ?, ?, ?, ?)",
		t.Type, t.Name, bindJSON(t.TaskGroups), q.bindTime(t.CreatedAt), q.bindTime(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("creating service request type %s: %w", t.Type, q.writeErr(err))
	}
	return nil
}

// GetServiceRequestType reads one type.
func (q querier) GetServiceRequestType(ctx context.Context, typeKey string) (*store.ServiceRequestType, error) {
	var t store.ServiceRequestType
	err := scanRequestType(q.queryRow(ctx, "SELECT "+requestTypeCols+" FROM service_request_types WHERE type = ?", typeKey), &t)
	if err != nil {
		return nil, fmt.Errorf("getting service request type %s: %w", typeKey, rowErr(err))
	}
	return &t, nil
}

// ListServiceRequestTypes lists one page of types.
func (q querier) ListServiceRequestTypes(ctx context.Context, p store.Page) ([]store.ServiceRequestType, error) {
	query, args := q.requestTypesQuery(p)
	ts, err := list(ctx, q, query, args, scanRequestType)
	if err != nil {
		return nil, fmt.Errorf("listing service request types: %w", err)
	}
	return ts, nil
}

func (q querier) requestTypesQuery(p store.Page) (string, []any) {
	return q.pageBy("SELECT "+requestTypeCols+" FROM service_request_types", conds{}, p, "created_at", "type")
}

// UpdateServiceRequestType writes the mutable fields of t.
func (q querier) UpdateServiceRequestType(ctx context.Context, t *store.ServiceRequestType) error {
	t.UpdatedAt = norm(t.UpdatedAt)
	n, err := q.exec(ctx, "UPDATE service_request_types SET name = ?, task_groups = ?, updated_at = ? WHERE type = ?",
		t.Name, bindJSON(t.TaskGroups), q.bindTime(t.UpdatedAt), t.Type)
	if err != nil {
		return fmt.Errorf("updating service request type %s: %w", t.Type, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating service request type %s: %w", t.Type, store.ErrNotFound)
	}
	return nil
}

// DeleteServiceRequestType deletes a type no request uses.
func (q querier) DeleteServiceRequestType(ctx context.Context, typeKey string) error {
	n, err := q.exec(ctx, "DELETE FROM service_request_types WHERE type = ?", typeKey)
	if err != nil {
		return fmt.Errorf("deleting service request type %s: %w", typeKey, q.deleteErr(err))
	}
	if n == 0 {
		return fmt.Errorf("deleting service request type %s: %w", typeKey, store.ErrNotFound)
	}
	return nil
}

const requestCols = "id, type, status, context, workflow_execution_id, trigger_event_id, created_at, updated_at"

func scanRequest(r scanner, sr *store.ServiceRequest) error {
	return r.Scan(&sr.ID, &sr.Type, &sr.Status, jsonCol{&sr.Context}, &sr.WorkflowExecutionID,
		&sr.TriggerEventID, timeCol{&sr.CreatedAt}, timeCol{&sr.UpdatedAt})
}

// CreateServiceRequest inserts the request row of r.
func (q querier) CreateServiceRequest(ctx context.Context, r *store.ServiceRequest) error {
	r.CreatedAt, r.UpdatedAt = norm(r.CreatedAt), norm(r.UpdatedAt)
	_, err := q.exec(ctx, "INSERT INTO service_requests ("+requestCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		r.ID, r.Type, string(r.Status), bindJSON(r.Context), r.WorkflowExecutionID, r.TriggerEventID,
		q.bindTime(r.CreatedAt), q.bindTime(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("creating service request %s: %w", r.ID, q.writeErr(err))
	}
	return nil
}

// GetServiceRequest reads a request with its groups and their tasks: three indexed queries.
func (q querier) GetServiceRequest(ctx context.Context, id string) (*store.ServiceRequest, error) {
	var r store.ServiceRequest
	err := scanRequest(q.queryRow(ctx, "SELECT "+requestCols+" FROM service_requests WHERE id = ?", id), &r)
	if err != nil {
		return nil, fmt.Errorf("getting service request %s: %w", id, rowErr(err))
	}
	r.Groups, err = list(ctx, q, "SELECT "+groupCols+" FROM service_request_task_groups WHERE service_request_id = ? "+
		`ORDER BY "order", created_at, id`, []any{id}, scanGroup)
	if err != nil {
		return nil, fmt.Errorf("getting the task groups of service request %s: %w", id, err)
	}
	tasks, err := list(ctx, q, "SELECT "+prefixed("t.", taskCols)+" FROM service_request_tasks t "+
		"JOIN service_request_task_groups g ON g.id = t.task_group_id WHERE g.service_request_id = ? "+
		"ORDER BY t.task_group_id, t.position, t.id", []any{id}, scanTask)
	if err != nil {
		return nil, fmt.Errorf("getting the tasks of service request %s: %w", id, err)
	}
	attachTasks(r.Groups, tasks)
	return &r, nil
}

// ListServiceRequests lists one page of requests, without their groups.
func (q querier) ListServiceRequests(ctx context.Context, f store.ServiceRequestFilter) ([]store.ServiceRequest, error) {
	query, args := q.requestsQuery(f)
	rs, err := list(ctx, q, query, args, scanRequest)
	if err != nil {
		return nil, fmt.Errorf("listing service requests: %w", err)
	}
	return rs, nil
}

func (q querier) requestsQuery(f store.ServiceRequestFilter) (string, []any) {
	var c conds
	c.eq("type", f.Type)
	c.eq("status", string(f.Status))
	c.eq("workflow_execution_id", f.WorkflowExecutionID)
	return q.page("SELECT "+requestCols+" FROM service_requests", c, f.Page)
}

// UpdateServiceRequest writes the mutable fields of r.
func (q querier) UpdateServiceRequest(ctx context.Context, r *store.ServiceRequest) error {
	r.UpdatedAt = norm(r.UpdatedAt)
	n, err := q.exec(ctx, "UPDATE service_requests SET status = ?, context = ?, workflow_execution_id = ?, "+
		"trigger_event_id = ?, updated_at = ? WHERE id = ?",
		string(r.Status), bindJSON(r.Context), r.WorkflowExecutionID, r.TriggerEventID, q.bindTime(r.UpdatedAt), r.ID)
	if err != nil {
		return fmt.Errorf("updating service request %s: %w", r.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating service request %s: %w", r.ID, store.ErrNotFound)
	}
	return nil
}

// LockServiceRequest locks the request's row until the transaction ends.
func (q querier) LockServiceRequest(ctx context.Context, id string) error {
	var got string
	err := q.queryRow(ctx, "SELECT id FROM service_requests WHERE id = ?"+q.d.LockSuffix, id).Scan(&got)
	if err != nil {
		return fmt.Errorf("locking service request %s: %w", id, rowErr(err))
	}
	return nil
}

// ListTaskGroupsOfExecution reads the groups linked to an execution with their tasks: two
// queries on the groups' workflow_execution_id index.
func (q querier) ListTaskGroupsOfExecution(ctx context.Context, executionID string) ([]store.TaskGroup, error) {
	groups, err := list(ctx, q, "SELECT "+groupCols+" FROM service_request_task_groups WHERE workflow_execution_id = ? "+
		`ORDER BY "order", created_at, id`, []any{executionID}, scanGroup)
	if err != nil {
		return nil, fmt.Errorf("listing the task groups of execution %s: %w", executionID, err)
	}
	if len(groups) == 0 {
		return nil, nil
	}
	tasks, err := list(ctx, q, "SELECT "+prefixed("t.", taskCols)+" FROM service_request_tasks t "+
		"JOIN service_request_task_groups g ON g.id = t.task_group_id WHERE g.workflow_execution_id = ? "+
		"ORDER BY t.task_group_id, t.position, t.id", []any{executionID}, scanTask)
	if err != nil {
		return nil, fmt.Errorf("listing the tasks of the groups of execution %s: %w", executionID, err)
	}
	attachTasks(groups, tasks)
	return groups, nil
}

// attachTasks appends each task to its group. Outside a transaction a group may have been
// added between the two reads that found them; its tasks wait for the next read.
func attachTasks(groups []store.TaskGroup, tasks []store.ServiceRequestTask) {
	at := make(map[string]int, len(groups))
	for i, g := range groups {
		at[g.ID] = i
	}
	for _, t := range tasks {
		if i, ok := at[t.TaskGroupID]; ok {
			groups[i].Tasks = append(groups[i].Tasks, t)
		}
	}
}

const groupCols = `id, service_request_id, key, name, "order", workflow_execution_id, created_at`

func scanGroup(r scanner, g *store.TaskGroup) error {
	return r.Scan(&g.ID, &g.ServiceRequestID, &g.Key, &g.Name, &g.Order, &g.WorkflowExecutionID, timeCol{&g.CreatedAt})
}

const taskCols = "id, task_group_id, key, name, position, status, step_id, updated_at"

func scanTask(r scanner, t *store.ServiceRequestTask) error {
	return r.Scan(&t.ID, &t.TaskGroupID, &t.Key, &t.Name, &t.Position, &t.Status, &t.StepID, timeCol{&t.UpdatedAt})
}

// CreateTaskGroup inserts g and its tasks.
func (q querier) CreateTaskGroup(ctx context.Context, g *store.TaskGroup) error {
	g.CreatedAt = norm(g.CreatedAt)
	_, err := q.exec(ctx, "INSERT INTO service_request_task_groups ("+groupCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		g.ID, g.ServiceRequestID, g.Key, g.Name, g.Order, g.WorkflowExecutionID, q.bindTime(g.CreatedAt))
	if err != nil {
		return fmt.Errorf("creating task group %s: %w", g.ID, q.writeErr(err))
	}
	for i := range g.Tasks {
		t := &g.Tasks[i]
		t.TaskGroupID, t.UpdatedAt = g.ID, norm(t.UpdatedAt)
		_, err := q.exec(ctx, "INSERT INTO service_request_tasks ("+taskCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			t.ID, t.TaskGroupID, t.Key, t.Name, t.Position, string(t.Status), t.StepID, q.bindTime(t.UpdatedAt))
		if err != nil {
			return fmt.Errorf("creating task %s of group %s: %w", t.ID, g.ID, q.writeErr(err))
		}
	}
	return nil
}

// GetServiceRequestTask reads one task.
func (q querier) GetServiceRequestTask(ctx context.Context, id string) (*store.ServiceRequestTask, error) {
	var t store.ServiceRequestTask
	err := scanTask(q.queryRow(ctx, "SELECT "+taskCols+" FROM service_request_tasks WHERE id = ?", id), &t)
	if err != nil {
		return nil, fmt.Errorf("getting service request task %s: %w", id, rowErr(err))
	}
	return &t, nil
}

// UpdateServiceRequestTask writes the status, step and updated_at of t.
func (q querier) UpdateServiceRequestTask(ctx context.Context, t *store.ServiceRequestTask) error {
	t.UpdatedAt = norm(t.UpdatedAt)
	n, err := q.exec(ctx, "UPDATE service_request_tasks SET status = ?, step_id = ?, updated_at = ? WHERE id = ?",
		string(t.Status), t.StepID, q.bindTime(t.UpdatedAt), t.ID)
	if err != nil {
		return fmt.Errorf("updating service request task %s: %w", t.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating service request task %s: %w", t.ID, store.ErrNotFound)
	}
	return nil
}

// prefixed qualifies each column of a column list with p.
func prefixed(p, cols string) string {
	return p + strings.ReplaceAll(cols, ", ", ", "+p)
}
