package engine

import "github.com/workflowbuilder/wfb/internal/engine/interp"

// The workflows' payloads are the interpreter's types: the Query's answer, the Updates'
// arguments and answers, the activities' and signals' arguments. They are named here too
// because they are the engine's contract with its callers and with running executions (their
// JSON must not change).
type (
	// State is the runtime view an execution's Query answers ([interp.State]).
	State = interp.State
	// StepState is one step's runtime view ([interp.StepState]).
	StepState = interp.StepState
	// Actor is who completes a step ([interp.Actor]).
	Actor = interp.Actor
	// Error is a domain error of the engine with a stable code ([interp.Error]).
	Error = interp.Error
	// CompleteStepRequest is the argument of UpdateCompleteStep.
	CompleteStepRequest = interp.CompleteStepRequest
	// RetryStepRequest is the argument of UpdateRetryStep.
	RetryStepRequest = interp.RetryStepRequest
	// Projection is the argument of ActivityProject.
	Projection = interp.Projection
	// StepChange is one human step's attempt in a Projection.
	StepChange = interp.StepChange
	// PrepareChildrenRequest is the argument of ActivityPrepareChildren.
	PrepareChildrenRequest = interp.PrepareChildrenRequest
	// PreparedChildren is the result of ActivityPrepareChildren.
	PreparedChildren = interp.PreparedChildren
	// ChildSpec is one child of a PrepareChildrenRequest.
	ChildSpec = interp.ChildSpec
	// ChildStatus is the argument of SignalChildStatus.
	ChildStatus = interp.ChildStatus
	// BatchItem is one child of a BATCH coordinator's input.
	BatchItem = interp.BatchItem
	// BatchResult is the BATCH coordinator's result.
	BatchResult = interp.BatchResult
	// DataSourceDef is the result of ActivityLoadDataSource.
	DataSourceDef = interp.DataSourceDef
)
