package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// ServiceRequest is a request as lists show it (SPEC §8, the legacy bridge).
type ServiceRequest struct {
	ID                  string                     `json:"id"`
	Type                string                     `json:"type"`
	Status              store.ServiceRequestStatus `json:"status" enum:"Not started,In progress,Action required,Completed,Failed,Cancelled"`
	Context             json.RawMessage            `json:"context"`
	WorkflowExecutionID *string                    `json:"workflowExecutionId" doc:"The execution the request started; null when its type has no link."`
	TriggerEventID      *string                    `json:"triggerEventId" doc:"The service_request.created event the creation sent."`
	CreatedAt           time.Time                  `json:"createdAt"`
	UpdatedAt           time.Time                  `json:"updatedAt"`
}

// RequestTask is one task of a request's group, mirroring a step.
type RequestTask struct {
	ID        string           `json:"id"`
	Key       string           `json:"key"`
	Name      string           `json:"name"`
	Position  int              `json:"position"`
	Status    store.TaskStatus `json:"status" enum:"Not started,In progress,Action required,Completed,SLA breached"`
	StepID    *string          `json:"stepId" doc:"The step mapped onto the task; null when none is."`
	UpdatedAt time.Time        `json:"updatedAt"`
}

// RequestTaskGroup is one group of a request's tasks.
type RequestTaskGroup struct {
	ID                  string        `json:"id"`
	Key                 string        `json:"key"`
	Name                string        `json:"name"`
	Order               int           `json:"order"`
	WorkflowExecutionID *string       `json:"workflowExecutionId" doc:"The BATCH child execution this group shows; null for the type's own groups."`
	CreatedAt           time.Time     `json:"createdAt"`
	Tasks               []RequestTask `json:"tasks"`
}

// ServiceRequestDetail is a request with its task groups and tasks.
type ServiceRequestDetail struct {
	ServiceRequest
	TaskGroups []RequestTaskGroup `json:"taskGroups"`
}

func serviceRequestOf(r store.ServiceRequest) ServiceRequest {
	return ServiceRequest{
		ID: r.ID, Type: r.Type, Status: r.Status, Context: r.Context, WorkflowExecutionID: r.WorkflowExecutionID,
		TriggerEventID: r.TriggerEventID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

func serviceRequestDetailOf(r *store.ServiceRequest) ServiceRequestDetail {
	out := ServiceRequestDetail{ServiceRequest: serviceRequestOf(*r), TaskGroups: make([]RequestTaskGroup, len(r.Groups))}
	for i, g := range r.Groups {
		rg := RequestTaskGroup{ID: g.ID, Key: g.Key, Name: g.Name, Order: g.Order, WorkflowExecutionID: g.WorkflowExecutionID, CreatedAt: g.CreatedAt, Tasks: make([]RequestTask, len(g.Tasks))}
		for j, t := range g.Tasks {
			rg.Tasks[j] = RequestTask{ID: t.ID, Key: t.Key, Name: t.Name, Position: t.Position, Status: t.Status, StepID: t.StepID, UpdatedAt: t.UpdatedAt}
		}
		out.TaskGroups[i] = rg
	}
	return out
}

// ServiceRequestPath is the {id} of a service-request route.
type ServiceRequestPath struct {
	ID string `path:"id" doc:"Service request id."`
}

func (p ServiceRequestPath) check() error {
	if !id.Valid(p.ID) {
		return notFound("service request", p.ID)
	}
	return nil
}

type createServiceRequestInput struct {
	Body struct {
		Type           string          `json:"type" minLength:"1" maxLength:"100" doc:"The service-request type key."`
		Context        json.RawMessage `json:"context,omitempty" doc:"The request's context, and its execution's initial context; a JSON object, default {}."`
		IdempotencyKey string          `json:"idempotencyKey,omitempty" maxLength:"200" doc:"Makes the creation safe to retry: the key answers with the request it created."`
	}
}

type listServiceRequestsInput struct {
	ListParams
	Type                string `query:"type" maxLength:"100" doc:"Only requests of this type."`
	Status              string `query:"status" enum:"Not started,In progress,Action required,Completed,Failed,Cancelled" doc:"Only requests with this status."`
	WorkflowExecutionID string `query:"workflowExecutionId" maxLength:"100" doc:"Only the request of this execution."`
}

type completeRequestTaskInput struct {
	ServiceRequestPath
	TaskID string `path:"taskId" doc:"Task id (not its key)."`
	Body   *struct {
		OutputData json.RawMessage `json:"outputData,omitempty" doc:"The mapped step's output, as for POST /v1/executions/{id}/steps/{stepId}/complete."`
	}
}

type serviceRequestOutput struct {
	Body ServiceRequestDetail
}

type listServiceRequestsOutput struct {
	Body listBody[ServiceRequest]
}

func (s *server) registerServiceRequests(api huma.API) {
	tags := []string{"Service requests"}
	huma.Register(api, huma.Operation{
		OperationID: "createServiceRequest", Method: http.MethodPost, Path: "/v1/service-requests", Tags: tags,
		Summary: "Create a service request",
		Description: "Builds the task groups and tasks of the type's configuration and sends the request's service_request.created event (SERVICE_CATALOG link " +
			"of the type key): when the type is linked, the active version starts and the request carries workflowExecutionId; a linked template without an " +
			"active version is 409 no_active_version and nothing is created. An unknown type is 404. A retry with the same idempotencyKey answers the same request.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *createServiceRequestInput) (*serviceRequestOutput, error) {
		r, err := s.app.CreateServiceRequest(ctx, app.ServiceRequestInput{Type: in.Body.Type, Context: in.Body.Context, IdempotencyKey: in.Body.IdempotencyKey})
		if err != nil {
			return nil, problemOf(err)
		}
		return &serviceRequestOutput{Body: serviceRequestDetailOf(r)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listServiceRequests", Method: http.MethodGet, Path: "/v1/service-requests", Tags: tags,
		Summary: "List service requests (without their task groups)", Errors: []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listServiceRequestsInput) (*listServiceRequestsOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListServiceRequests(ctx, store.ServiceRequestFilter{
			Page: pg, Type: in.Type, Status: store.ServiceRequestStatus(in.Status), WorkflowExecutionID: in.WorkflowExecutionID,
		})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listServiceRequestsOutput{Body: listOf(p, serviceRequestOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getServiceRequest", Method: http.MethodGet, Path: "/v1/service-requests/{id}", Tags: tags,
		Summary: "Get a service request with its task groups and tasks", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *ServiceRequestPath) (*serviceRequestOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		r, err := s.app.GetServiceRequest(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &serviceRequestOutput{Body: serviceRequestDetailOf(r)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "syncServiceRequest", Method: http.MethodPost, Path: "/v1/service-requests/{id}/sync", Tags: tags,
		Summary:     "Recompute a request's statuses from its executions",
		Description: "Queries the runtime state of the request's executions and rewrites its task and request statuses in one transaction.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *ServiceRequestPath) (*serviceRequestOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		r, err := s.app.SyncServiceRequest(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &serviceRequestOutput{Body: serviceRequestDetailOf(r)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "completeServiceRequestTask", Method: http.MethodPost, Path: "/v1/service-requests/{id}/tasks/{taskId}/complete", Tags: tags,
		Summary: "Complete a request's task",
		Description: "Completes the human step mapped onto the task, in the task group's execution when it has one, else in the request's, with the rules " +
			"of completing a step (409 step_not_open, 422 output_invalid...), then answers the synced request. A request without an execution is 409 " +
			"execution_not_running; a task no step maps onto is 404 step_not_found.",
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *completeRequestTaskInput) (*serviceRequestOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		if !id.Valid(in.TaskID) {
			return nil, notFound("task", in.TaskID)
		}
		var output json.RawMessage
		if in.Body != nil {
			output = in.Body.OutputData
		}
		r, err := s.app.CompleteServiceRequestTask(ctx, in.ID, in.TaskID, output)
		if err != nil {
			return nil, problemOf(err)
		}
		return &serviceRequestOutput{Body: serviceRequestDetailOf(r)}, nil
	})
}
