package engine

import (
	"encoding/json"
)

// Names shared by the workflow, the worker and the client. Changing any of them breaks running
// executions.
const (
	// TaskQueue is the default task queue of the interpreter workflow.
	TaskQueue = "dsl-engine"
	// WorkflowName is the registered name of the interpreter workflow.
	WorkflowName = "wfb.Execution"
	// QueryState returns the runtime view ([State]).
	QueryState = "state"
	// UpdateCompleteStep completes an open human step ([CompleteStepRequest]).
	UpdateCompleteStep = "complete-step"
	// UpdateRetryStep re-runs a failed step ([RetryStepRequest]).
	UpdateRetryStep = "retry-step"
	// ActivityProject writes the runtime projection into the database ([Projection]).
	ActivityProject = "wfb.ProjectExecution"
	// ActivityPrepareChildren creates sub-workflow children's rows ([PrepareChildrenRequest]).
	ActivityPrepareChildren = "wfb.PrepareChildren"
)

// Input starts one execution. The definition travels in the input because a published version
// never changes: the execution needs nothing else from the database to run.
type Input struct {
	ExecutionID   string `json:"executionId"`
	CorrelationID string `json:"correlationId,omitempty"`
	VersionID     string `json:"workflowTemplateVersionId"`
	ParentID      string `json:"parentWorkflowExecutionId,omitempty"`
	RootID        string `json:"rootWorkflowExecutionId,omitempty"`
	// Definition is the version's definition document as stored.
	Definition json.RawMessage `json:"definition"`
	// Context is the execution's initial context (a JSON object).
	Context map[string]any `json:"context"`
	// LoopLimit overrides DefaultLoopLimit when positive.
	LoopLimit int `json:"loopLimit,omitempty"`
	// BatchItemsPerRun overrides DefaultItemsPerRun for this execution's BATCH steps and its
	// descendants' when positive.
	BatchItemsPerRun int `json:"batchItemsPerRun,omitempty"`
}
