package store

import (
	"context"
	"encoding/json"
	"time"
)

// ServiceRequestQuerier stores service request types, service requests and their task groups
// and tasks (SPEC §8, the legacy bridge).
type ServiceRequestQuerier interface {
	// CreateServiceRequestType inserts t; ErrDuplicate when its type key is taken.
	CreateServiceRequestType(ctx context.Context, t *ServiceRequestType) error
	GetServiceRequestType(ctx context.Context, typeKey string) (*ServiceRequestType, error)
	// ListServiceRequestTypes lists types in (created_at, type) order; a Cursor's ID is a type key.
	ListServiceRequestTypes(ctx context.Context, p Page) ([]ServiceRequestType, error)
	// UpdateServiceRequestType writes name, task_groups and updated_at. Requests already built
	// from the type keep their groups.
	UpdateServiceRequestType(ctx context.Context, t *ServiceRequestType) error
	// DeleteServiceRequestType deletes a type; ErrReferenced while requests of it exist.
	DeleteServiceRequestType(ctx context.Context, typeKey string) error

	// CreateServiceRequest inserts the request row only (not r.Groups): add its groups with
	// CreateTaskGroup in the same transaction.
	CreateServiceRequest(ctx context.Context, r *ServiceRequest) error
	// GetServiceRequest reads a request with its groups in (order, created_at, id) order, each
	// with its tasks in position order.
	GetServiceRequest(ctx context.Context, id string) (*ServiceRequest, error)
	// ListServiceRequests lists requests without their groups.
	ListServiceRequests(ctx context.Context, f ServiceRequestFilter) ([]ServiceRequest, error)
	// UpdateServiceRequest writes status, context, workflow_execution_id, trigger_event_id and
	// updated_at.
	UpdateServiceRequest(ctx context.Context, r *ServiceRequest) error
	// LockServiceRequest takes a row lock on the request until the transaction ends, like
	// LockExecution: the projections of a root execution and of its BATCH children both
	// recompute the request's status from all its tasks, and must not overwrite each other.
	// ErrNotFound if there is no such request.
	LockServiceRequest(ctx context.Context, id string) error
	// CreateTaskGroup inserts g and its tasks (their TaskGroupID is set to g.ID). ErrDuplicate
	// when the request already has a group with g's key and no execution of its own, or the
	// group has two tasks with one key.
	CreateTaskGroup(ctx context.Context, g *TaskGroup) error
	// ListTaskGroupsOfExecution lists the groups linked to an execution (a BATCH child's groups),
	// with their tasks in position order, in (order, created_at, id) order: what a child's
	// projection updates.
	ListTaskGroupsOfExecution(ctx context.Context, executionID string) ([]TaskGroup, error)
	// GetServiceRequestTask reads one task.
	GetServiceRequestTask(ctx context.Context, id string) (*ServiceRequestTask, error)
	// UpdateServiceRequestTask writes status, step_id and updated_at.
	UpdateServiceRequestTask(ctx context.Context, t *ServiceRequestTask) error
}

// ServiceRequestType is the configuration requests of one type are built from.
type ServiceRequestType struct {
	// Type is the key, e.g. "INDIA_PVT_LTD_INCORPORATION"; the primary key.
	Type string
	Name string
	// TaskGroups is the JSON array of groups: [{key, name, order, tasks: [{key, name}]}].
	TaskGroups json.RawMessage
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ServiceRequestStatus is a request's status, in the legacy system's words (like its tasks').
type ServiceRequestStatus string

// The service request statuses.
const (
	RequestNotStarted     ServiceRequestStatus = "Not started"
	RequestInProgress     ServiceRequestStatus = "In progress"
	RequestActionRequired ServiceRequestStatus = "Action required"
	RequestCompleted      ServiceRequestStatus = "Completed"
	RequestFailed         ServiceRequestStatus = "Failed"
	RequestCancelled      ServiceRequestStatus = "Cancelled"
)

// ServiceRequest is one request of the legacy bridge.
type ServiceRequest struct {
	ID                  string
	Type                string
	Status              ServiceRequestStatus
	Context             json.RawMessage
	WorkflowExecutionID *string
	TriggerEventID      *string
	CreatedAt           time.Time
	UpdatedAt           time.Time
	// Groups is filled by GetServiceRequest only.
	Groups []TaskGroup
}

// TaskGroup is a group of a request's tasks.
type TaskGroup struct {
	ID               string
	ServiceRequestID string
	Key              string
	Name             string
	Order            int
	// WorkflowExecutionID links the group of a BATCH child to the child's execution; nil for
	// the groups built from the request type.
	WorkflowExecutionID *string
	CreatedAt           time.Time
	Tasks               []ServiceRequestTask
}

// TaskStatus is a service request task's status (SPEC §8).
type TaskStatus string

// The service request task statuses.
const (
	TaskNotStarted     TaskStatus = "Not started"
	TaskInProgress     TaskStatus = "In progress"
	TaskActionRequired TaskStatus = "Action required"
	TaskCompleted      TaskStatus = "Completed"
	TaskSLABreached    TaskStatus = "SLA breached"
)

// ServiceRequestTask is one task of a group, mirroring a step.
type ServiceRequestTask struct {
	ID          string
	TaskGroupID string
	Key         string
	Name        string
	// Position orders the tasks of a group (the order of the type's configuration).
	Position  int
	Status    TaskStatus
	StepID    *string
	UpdatedAt time.Time
}

// ServiceRequestFilter selects requests; empty fields do not filter.
type ServiceRequestFilter struct {
	Page
	Type                string
	Status              ServiceRequestStatus
	WorkflowExecutionID string
}
