package api

import (
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/app"
)

// RuntimeView is an execution's runtime view as the API shows it (SPEC §6, State): the
// engine's answer, copied into a type of the API's own so that the document (and the clients
// generated from it) describe a contract rather than the engine's internals.
type RuntimeView struct {
	ID                        string                  `json:"id" doc:"The execution's id."`
	CorrelationID             string                  `json:"correlationId" doc:"Correlation id shared by an execution and its descendants (the root's id unless given)."`
	ParentWorkflowExecutionID string                  `json:"parentWorkflowExecutionId,omitempty" doc:"The parent execution, for a sub-workflow's child."`
	RootWorkflowExecutionID   string                  `json:"rootWorkflowExecutionId,omitempty" doc:"The root of the execution's tree, for a sub-workflow's child."`
	WorkflowTemplateVersionID string                  `json:"workflowTemplateVersionId" doc:"The version the execution runs."`
	RuntimeStatus             definition.Status       `json:"runtimeStatus" enum:"NotStarted,InProgress,Completed,Failed,Cancelled" doc:"Where the execution is: InProgress while it runs, Failed while a step is failed (it waits for a retry or a cancel), Completed once END ran, Cancelled."`
	StartedAt                 time.Time               `json:"startedAt" doc:"When the engine started the execution."`
	CompletedAt               *time.Time              `json:"completedAt,omitempty" doc:"When END ran."`
	FailedAt                  *time.Time              `json:"failedAt,omitempty" doc:"When the execution last became Failed; absent once no step is failed."`
	LastActivityAt            *time.Time              `json:"lastActivityAt,omitempty" doc:"When anything last changed."`
	Context                   map[string]any          `json:"context" doc:"The execution's current context (SPEC §5): the initial context as the steps' context projections changed it."`
	Steps                     map[string]*RuntimeStep `json:"steps" doc:"Every step of the definition by step id, from the start (NotStarted, attempt 0), so that a client can draw the whole graph."`
}

// RuntimeStep is one step's runtime view.
type RuntimeStep struct {
	ID          string            `json:"id" doc:"The step of this execution: <executionId>:<stepId>."`
	Type        string            `json:"type" doc:"The step's type, as in the definition (human.form, gateway.exclusive_split...)."`
	StepID      string            `json:"stepId" doc:"The step's id in the definition."`
	Status      definition.Status `json:"status" enum:"NotStarted,InProgress,ActionRequired,Completed,Failed,Cancelled,Disabled" doc:"NotStarted (also a step skipped by dead-path elimination), InProgress and ActionRequired (open), Completed, Failed, Cancelled (END or a cancel closed it open), Disabled (skipped by onArrival or its activation policy)."`
	Attempt     int               `json:"attempt" doc:"How many times the step started (a loop counts, a retry does not); 0 before it first starts."`
	StartedAt   *time.Time        `json:"startedAt,omitempty" doc:"When the current attempt started."`
	CompletedAt *time.Time        `json:"completedAt,omitempty" doc:"When the current attempt completed or was cancelled."`
	FailedAt    *time.Time        `json:"failedAt,omitempty" doc:"When the current attempt failed."`
	DueAt       *time.Time        `json:"dueAt,omitempty" doc:"A human step's due date: its start plus dueIn."`
	OutputData  any               `json:"outputData,omitempty" doc:"What the step produced: a human step's validated output, a sub-workflow's child context or {items} of a batch."`
	Error       *RuntimeStepError `json:"error,omitempty" doc:"Why the step failed, while it is Failed."`
	// The schema of a list of objects is named by its element; the field describes the list.
	ChildWorkflowExecutions []RuntimeChild `json:"childWorkflowExecutions,omitempty" doc:"A sub-workflow step's child executions."`
	Assignee                string         `json:"assignee,omitempty" doc:"Who should complete a human step (a user id, or group:<name>), evaluated when it opened."`
	URL                     string         `json:"url,omitempty" doc:"A human.url_redirect step's URL, evaluated when it opened."`
	CompletedBy             string         `json:"completedBy,omitempty" doc:"The id of whoever completed a human step."`
	ChildCounts             *ChildCounts   `json:"childCounts,omitempty" doc:"A started sub-workflow step's children by runtime status, counted from their records: a BATCH's while it runs. GET /v1/executions/{id}/steps/{stepId}/children lists them."`
}

// RuntimeStepError is why a step failed.
type RuntimeStepError struct {
	Code    string `json:"code" doc:"A stable code: the engine's (CHILD_FAILED, LOOP_LIMIT_EXCEEDED, ITERABLE_NOT_ARRAY...), an expression's (CONDITION_NOT_BOOLEAN, EXPRESSION_FAILED...) or a data source call's (DATASOURCE_HTTP_STATUS...); docs/engine.md lists them."`
	Message string `json:"message" doc:"What failed, naming the step, transition, data source or child."`
}

// RuntimeChild names one child execution of a sub-workflow step.
type RuntimeChild struct {
	ID string `json:"id" doc:"The child execution's id."`
}

// runtimeOf is the API's copy of the engine's runtime view; nil stays nil (the engine did not
// answer).
func runtimeOf(r *app.Runtime) *RuntimeView {
	if r == nil {
		return nil
	}
	v := &RuntimeView{
		ID: r.ID, CorrelationID: r.CorrelationID, ParentWorkflowExecutionID: r.ParentWorkflowExecutionID,
		RootWorkflowExecutionID: r.RootWorkflowExecutionID, WorkflowTemplateVersionID: r.WorkflowTemplateVersionID,
		RuntimeStatus: r.RuntimeStatus, StartedAt: r.StartedAt, CompletedAt: r.CompletedAt, FailedAt: r.FailedAt,
		LastActivityAt: r.LastActivityAt, Context: r.Context, Steps: make(map[string]*RuntimeStep, len(r.Steps)),
	}
	for id, s := range r.Steps {
		if s != nil {
			v.Steps[id] = stepRuntimeOf(s)
		}
	}
	return v
}

func stepRuntimeOf(s *app.StepRuntime) *RuntimeStep {
	if s == nil {
		return nil
	}
	out := &RuntimeStep{
		ID: s.ID, Type: s.Type, StepID: s.StepID, Status: s.Status, Attempt: s.Attempt, StartedAt: s.StartedAt,
		CompletedAt: s.CompletedAt, FailedAt: s.FailedAt, DueAt: s.DueAt, OutputData: s.OutputData,
		Assignee: s.Assignee, URL: s.URL, CompletedBy: s.CompletedBy,
	}
	if s.Error != nil {
		out.Error = &RuntimeStepError{Code: string(s.Error.Code), Message: s.Error.Message}
	}
	for _, c := range s.ChildWorkflowExecutions {
		out.ChildWorkflowExecutions = append(out.ChildWorkflowExecutions, RuntimeChild{ID: c.ID})
	}
	return out
}
