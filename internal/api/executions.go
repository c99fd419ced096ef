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

// Execution is an execution record as the API shows it (SPEC §2, §6 Record status).
type Execution struct {
	ID                        string                `json:"id"`
	Name                      string                `json:"name"`
	WorkflowTemplateVersionID string                `json:"workflowTemplateVersionId"`
	ParentWorkflowExecutionID *string               `json:"parentWorkflowExecutionId"`
	RootWorkflowExecutionID   *string               `json:"rootWorkflowExecutionId"`
	Context                   json.RawMessage       `json:"context" doc:"The initial context."`
	Status                    store.ExecutionStatus `json:"status" enum:"CREATED,STARTED,FAILED_TO_START,COMPLETED" doc:"Record status."`
	StatusReason              *string               `json:"statusReason" doc:"Why it failed to start."`
	RuntimeStatus             store.RuntimeStatus   `json:"runtimeStatus" doc:"Projection of the runtime status, kept current by the engine."`
	CreatedAt                 time.Time             `json:"createdAt"`
	StartedAt                 *time.Time            `json:"startedAt"`
	CompletedAt               *time.Time            `json:"completedAt"`
	FailedAt                  *time.Time            `json:"failedAt"`
	LastActivityAt            *time.Time            `json:"lastActivityAt"`
	TriggerEventID            *string               `json:"triggerEventId"`
}

// timeOrNil is nil for the zero time (a query parameter not sent).
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func executionOf(e store.Execution) Execution {
	return Execution{
		ID: e.ID, Name: e.Name, WorkflowTemplateVersionID: e.VersionID, ParentWorkflowExecutionID: e.ParentID,
		RootWorkflowExecutionID: e.RootID, Context: e.Context, Status: e.Status, StatusReason: e.StatusReason,
		RuntimeStatus: e.RuntimeStatus, CreatedAt: e.CreatedAt, StartedAt: e.StartedAt, CompletedAt: e.CompletedAt,
		FailedAt: e.FailedAt, LastActivityAt: e.LastActivityAt, TriggerEventID: e.TriggerEventID,
	}
}

// ExecutionDetail is the record with the engine's runtime view.
type ExecutionDetail struct {
	Execution
	Runtime *RuntimeView `json:"runtime" doc:"The runtime view (SPEC §6 State); null when the engine cannot answer now."`
}

// ExecutionNode is one execution of a tree with its children.
type ExecutionNode struct {
	Execution
	Children []ExecutionNode `json:"children"`
}

func nodeOf(n *app.TreeNode) ExecutionNode {
	out := ExecutionNode{Execution: executionOf(n.Execution), Children: make([]ExecutionNode, len(n.Children))}
	for i, c := range n.Children {
		out.Children[i] = nodeOf(c)
	}
	return out
}

// ExecutionPath is the {id} of an execution route.
type ExecutionPath struct {
	ID string `path:"id" doc:"Execution id."`
}

func (p ExecutionPath) check() error {
	if !id.Valid(p.ID) {
		return notFound("execution", p.ID)
	}
	return nil
}

// StepPath is the {id} and {stepId} of a step route.
type StepPath struct {
	ExecutionPath
	StepID string `path:"stepId" maxLength:"200" doc:"Step id, as in the definition."`
}

type startExecutionInput struct {
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"255" doc:"Send the start again under the same key (within 24 hours, same caller) and get the execution the first one made, never a second one; the same key with a different body is 409 idempotency_conflict."`
	Body           struct {
		WorkflowTemplateVersionID string          `json:"workflowTemplateVersionId,omitempty" maxLength:"100" doc:"The version to run."`
		WorkflowTemplateID        string          `json:"workflowTemplateId,omitempty" maxLength:"100" doc:"Run this template's active version (when no version id is given)."`
		Name                      string          `json:"name,omitempty" maxLength:"500" doc:"Default: the template's name."`
		Context                   json.RawMessage `json:"context,omitempty" doc:"The initial context, a JSON object; default {}."`
	}
}

type executionOutput struct {
	Body Execution
}

type executionDetailOutput struct {
	Body ExecutionDetail
}

type listExecutionsInput struct {
	ListParams
	TemplateID    string    `query:"workflowTemplateId" maxLength:"100" doc:"Only executions of this template's versions."`
	VersionID     string    `query:"workflowTemplateVersionId" maxLength:"100" doc:"Only executions of this version."`
	Status        string    `query:"status" enum:"CREATED,STARTED,FAILED_TO_START,COMPLETED" doc:"Only executions with this record status."`
	RuntimeStatus string    `query:"runtimeStatus" enum:"NotStarted,InProgress,Completed,Failed,Cancelled" doc:"Only executions with this runtime status."`
	ParentID      string    `query:"parentWorkflowExecutionId" maxLength:"100" doc:"Only children of this execution."`
	RootID        string    `query:"rootWorkflowExecutionId" maxLength:"100" doc:"Only descendants of this root execution."`
	Search        string    `query:"q" maxLength:"200" doc:"Only the execution with this id, the executions of this correlation id (a root's id: the root and its descendants), and those whose name contains it (case-insensitive)."`
	StartedAfter  time.Time `query:"startedAfter" doc:"Only executions started at or after this instant (RFC 3339)."`
	StartedBefore time.Time `query:"startedBefore" doc:"Only executions started before this instant (RFC 3339)."`
}

type listExecutionsOutput struct {
	Body listBody[Execution]
}

type treeOutput struct {
	Body ExecutionNode
}

type completeStepInput struct {
	StepPath
	Body *struct {
		OutputData json.RawMessage `json:"outputData,omitempty" doc:"The step's output, a JSON object valid against its outputSchema; absent for a confirmation."`
	}
}

type stepOutput struct {
	Body *RuntimeStep
}

func (s *server) registerExecutions(api huma.API) {
	tags := []string{"Executions"}
	huma.Register(api, huma.Operation{
		OperationID: "startExecution", Method: http.MethodPost, Path: "/v1/executions", Tags: tags,
		Summary: "Start an execution",
		Description: "Runs workflowTemplateVersionId, or workflowTemplateId's active version. The record is written CREATED, then STARTED once Temporal acknowledges the start, " +
			"or FAILED_TO_START (with statusReason) when Temporal refuses it. If Temporal does not answer the answer is still 201 with status CREATED: the reconciler starts it. " +
			"A DEPRECATED version is 409 version_deprecated; a DRAFT 409 version_not_published; a template without an active version 409 no_active_version.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge,
			http.StatusTooManyRequests, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *startExecutionInput) (*executionOutput, error) {
		b := in.Body
		if b.WorkflowTemplateVersionID != "" && !id.Valid(b.WorkflowTemplateVersionID) {
			return nil, notFound("version", b.WorkflowTemplateVersionID)
		}
		if b.WorkflowTemplateID != "" && !id.Valid(b.WorkflowTemplateID) {
			return nil, notFound("template", b.WorkflowTemplateID)
		}
		ctx = app.WithIdempotencyKey(ctx, in.IdempotencyKey)
		ex, err := s.app.StartExecution(ctx, app.StartInput{
			VersionID: b.WorkflowTemplateVersionID, TemplateID: b.WorkflowTemplateID, Name: b.Name, Context: b.Context,
		})
		if err != nil {
			return nil, problemOf(err)
		}
		return &executionOutput{Body: executionOf(*ex)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listExecutions", Method: http.MethodGet, Path: "/v1/executions", Tags: tags,
		Summary: "List executions", Description: "An agent gets only the executions whose tree holds one of their tasks (docs/auth.md).",
		Errors: []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listExecutionsInput) (*listExecutionsOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListExecutions(ctx, store.ExecutionFilter{
			Page: pg, TemplateID: in.TemplateID, VersionID: in.VersionID, Status: store.ExecutionStatus(in.Status),
			RuntimeStatus: store.RuntimeStatus(in.RuntimeStatus), ParentID: in.ParentID, RootID: in.RootID, Search: in.Search,
			StartedAfter: timeOrNil(in.StartedAfter), StartedBefore: timeOrNil(in.StartedBefore),
		})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listExecutionsOutput{Body: listOf(p, executionOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getExecution", Method: http.MethodGet, Path: "/v1/executions/{id}", Tags: tags,
		Summary: "Get an execution with its runtime view", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *ExecutionPath) (*executionDetailOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		ex, err := s.app.GetExecution(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		rt := runtimeOf(ex.Runtime)
		if rt != nil {
			for stepID, c := range ex.ChildCounts {
				if st := rt.Steps[stepID]; st != nil {
					st.ChildCounts = childCountsOf(c)
				}
			}
		}
		return &executionDetailOutput{Body: ExecutionDetail{Execution: executionOf(ex.Execution), Runtime: rt}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getExecutionTree", Method: http.MethodGet, Path: "/v1/executions/{id}/tree", Tags: tags,
		Summary: "The execution and all its descendants", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *ExecutionPath) (*treeOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		n, err := s.app.ExecutionTree(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &treeOutput{Body: nodeOf(n)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "cancelExecution", Method: http.MethodPost, Path: "/v1/executions/{id}/cancel", Tags: tags,
		Summary:       "Cancel an execution and its descendants",
		Description:   "202: the cancellation is requested; runtimeStatus becomes Cancelled once the engine has closed the open steps. 409 execution_not_running when it is not running.",
		DefaultStatus: http.StatusAccepted,
		Errors:        []int{http.StatusNotFound, http.StatusConflict, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *ExecutionPath) (*executionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		ex, err := s.app.CancelExecution(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &executionOutput{Body: executionOf(*ex)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "completeStep", Method: http.MethodPost, Path: "/v1/executions/{id}/steps/{stepId}/complete", Tags: tags,
		Summary: "Complete an open human step",
		Description: "Answers the step's new runtime view. A step that is not open (or completed already) is 409 step_not_open; output that breaks the step's schema is " +
			"422 output_invalid with one entry per schema error in errors.",
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *completeStepInput) (*stepOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		var output json.RawMessage
		if in.Body != nil {
			output = in.Body.OutputData
		}
		// The completer is the caller, whom the auth middleware put in ctx.
		st, err := s.app.CompleteStep(ctx, in.ID, in.StepID, output)
		if err != nil {
			return nil, problemOf(err)
		}
		return &stepOutput{Body: stepRuntimeOf(st)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "retryStep", Method: http.MethodPost, Path: "/v1/executions/{id}/steps/{stepId}/retry", Tags: tags,
		Summary:     "Retry a failed step",
		Description: "The execution resumes from the step without redoing completed ones. A step that is not Failed is 409 step_not_failed.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *StepPath) (*stepOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		st, err := s.app.RetryStep(ctx, in.ID, in.StepID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &stepOutput{Body: stepRuntimeOf(st)}, nil
	})
}
