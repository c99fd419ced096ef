// Package interp is the workflow interpreter as a pure functional core (SPEC §6): a [Machine]
// holds one execution's runtime state and its definition's graph, takes events (a human step's
// completion, a retry, a child's or a data source call's outcome), and emits its effects as
// data (children and fetches to run, retries to pass down, the human steps' changes to
// project). It does no I/O and imports no Temporal, store or network package (a test checks
// it); internal/engine runs it inside a Temporal workflow, and internal/projection persists
// what it journals. docs/engine.md has the semantics.
package interp

import (
	"encoding/json"
	"time"

	"github.com/workflowbuilder/wfb/definition"
)

// DefaultLoopLimit is how many times one step may run in one execution before the execution
// fails (SPEC §6, Loops).
const DefaultLoopLimit = 100

// State is the runtime view of an execution (SPEC §6, State); field names are the spec's.
type State struct {
	ID                        string                `json:"id"`
	CorrelationID             string                `json:"correlationId"`
	ParentWorkflowExecutionID string                `json:"parentWorkflowExecutionId,omitempty"`
	RootWorkflowExecutionID   string                `json:"rootWorkflowExecutionId,omitempty"`
	WorkflowTemplateVersionID string                `json:"workflowTemplateVersionId"`
	RuntimeStatus             definition.Status     `json:"runtimeStatus"`
	StartedAt                 time.Time             `json:"startedAt"`
	CompletedAt               *time.Time            `json:"completedAt,omitempty"`
	FailedAt                  *time.Time            `json:"failedAt,omitempty"`
	LastActivityAt            *time.Time            `json:"lastActivityAt,omitempty"`
	Context                   map[string]any        `json:"context"`
	Steps                     map[string]*StepState `json:"steps"`
}

// StepState is one step's runtime view. Every step of the definition has one from the start
// (NotStarted, attempt 0).
type StepState struct {
	// ID identifies this step of this execution: "<executionId>:<stepId>".
	ID          string            `json:"id"`
	Type        string            `json:"type"`
	StepID      string            `json:"stepId"`
	Status      definition.Status `json:"status"`
	Attempt     int               `json:"attempt"`
	StartedAt   *time.Time        `json:"startedAt,omitempty"`
	CompletedAt *time.Time        `json:"completedAt,omitempty"`
	FailedAt    *time.Time        `json:"failedAt,omitempty"`
	DueAt       *time.Time        `json:"dueAt,omitempty"`
	OutputData  any               `json:"outputData,omitempty"`
	Error       *StepError        `json:"error,omitempty"`
	// ChildWorkflowExecutions lists the child executions of a sub-workflow step.
	ChildWorkflowExecutions []ChildRef `json:"childWorkflowExecutions,omitempty"`

	// Extensions for human steps: who should act, and the URL of a url_redirect step, both
	// resolved when the step opened.
	Assignee string `json:"assignee,omitempty"`
	URL      string `json:"url,omitempty"`
	// CompletedBy is the id of the actor who completed a human step.
	CompletedBy string `json:"completedBy,omitempty"`

	// outputRef, set on a completed BATCH step whose stored output is large, is how the
	// runtime view shows that output (MarshalJSON); OutputData still holds all of it for
	// expressions.
	outputRef *BatchOutputRef
}

// MarshalJSON is the step's runtime view: as its fields say, except that a large stored
// BATCH output is shown as {"items": null, "stored": <BatchOutputRef>} and its children are
// not listed (they are listed by parent from the database), so that an execution's Query
// answer and workflow result stay small whatever the batch's size.
func (s StepState) MarshalJSON() ([]byte, error) {
	type plain StepState
	p := plain(s)
	if s.outputRef != nil && s.Status == definition.StatusCompleted {
		p.OutputData = map[string]any{"items": nil, "stored": s.outputRef}
		p.ChildWorkflowExecutions = nil
	}
	return json.Marshal(p)
}

// StepError is why a step failed: a stable code and a message naming what failed.
type StepError struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

// ChildRef names one child execution.
type ChildRef struct {
	ID string `json:"id"`
}

// Actor is who completes a step. The application authenticates; the engine checks the actor
// against the step's assignee in the update's validator.
type Actor struct {
	ID     string   `json:"id"`
	Groups []string `json:"groups,omitempty"`
	// Admin may complete any step.
	Admin bool `json:"admin,omitempty"`
}

// CompleteStepRequest is the argument of UpdateCompleteStep.
type CompleteStepRequest struct {
	StepID string `json:"stepId"`
	// Attempt, when not 0, is the attempt the caller means to complete (a human task belongs to
	// one attempt): any other attempt is refused as not open.
	Attempt int   `json:"attempt,omitempty"`
	Output  any   `json:"output"`
	Actor   Actor `json:"actor"`
}

// RetryStepRequest is the argument of UpdateRetryStep.
type RetryStepRequest struct {
	StepID string `json:"stepId"`
}

// Projection is what the engine keeps current in the execution's database row (the input of
// the projection activity; internal/projection writes it).
type Projection struct {
	ExecutionID    string            `json:"executionId"`
	RuntimeStatus  definition.Status `json:"runtimeStatus"`
	StartedAt      time.Time         `json:"startedAt"`
	CompletedAt    *time.Time        `json:"completedAt,omitempty"`
	FailedAt       *time.Time        `json:"failedAt,omitempty"`
	LastActivityAt *time.Time        `json:"lastActivityAt,omitempty"`
	// Completed sets the record status to COMPLETED (the runtime reached END).
	Completed bool `json:"completed,omitempty"`
	// At is the workflow time the projection was built at: it judges which open steps are past
	// their due date (SLA breached) and dates closures that carry no time of their own.
	At time.Time `json:"at,omitzero"`
	// Steps are the human steps that changed since the previous projection, one entry per step
	// attempt, in the order they first changed: what the human tasks and the service-request
	// tasks are kept current from. A big change is split over several projections.
	Steps []StepChange `json:"steps,omitempty"`
}

// StepChange is one attempt of a human step as it stands after a change.
type StepChange struct {
	StepID      string            `json:"stepId"`
	Attempt     int               `json:"attempt"`
	Type        string            `json:"type"`
	Name        string            `json:"name"`
	Status      definition.Status `json:"status"`
	Assignee    string            `json:"assignee,omitempty"`
	StartedAt   *time.Time        `json:"startedAt,omitempty"`
	DueAt       *time.Time        `json:"dueAt,omitempty"`
	CompletedAt *time.Time        `json:"completedAt,omitempty"`
	CompletedBy string            `json:"completedBy,omitempty"`
	// Output is a completed step's output.
	Output any `json:"output,omitempty"`
	// TaskKey and GroupKey map the step onto a service-request task: its
	// legacyServiceRequestTaskKey and the legacyServiceRequestTaskGroupKey of its step group
	// (empty when the step is not mapped).
	TaskKey  string `json:"taskKey,omitempty"`
	GroupKey string `json:"groupKey,omitempty"`
}

// DataSourceDef is what the workflow needs of a data source: its configuration (which holds
// no secret, only the names of environment variables) and its timeout, from which the call
// activity's timeout is derived.
type DataSourceDef struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Config    json.RawMessage `json:"config"`
	TimeoutMs int             `json:"timeoutMs"`
}
