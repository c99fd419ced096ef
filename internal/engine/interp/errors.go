package interp

import "fmt"

// Code is the stable name of an engine error: a failed step's reason (StepError.Code), an
// Update's rejection, or the engine client's verdict. Clients and the application switch on
// it, so the set below is the contract; a code may also be an expression error's code
// (expr.Error.Code) or a data source call's kind (datasource.Kind), which those packages list.
type Code string

// The engine's codes.
const (
	// CodeStepNotFound: the execution's definition has no step with that id.
	CodeStepNotFound Code = "STEP_NOT_FOUND"
	// CodeStepNotOpen: the step (or that attempt of it) is not waiting for completion.
	CodeStepNotOpen Code = "STEP_NOT_OPEN"
	// CodeStepNotHuman: only human steps are completed.
	CodeStepNotHuman Code = "STEP_NOT_HUMAN"
	// CodeStepNotFailed: only a Failed step can be retried.
	CodeStepNotFailed Code = "STEP_NOT_FAILED"
	// CodeOutputInvalid: a completion's output is not an object, misses a required document or
	// does not match the step's schema (Error.Details lists the schema's failures).
	CodeOutputInvalid Code = "OUTPUT_INVALID"
	// CodeNotAllowed: the actor is not the step's assignee, not in its group, and not an admin.
	CodeNotAllowed Code = "NOT_ALLOWED"
	// CodeExecutionNotFound: Temporal has no workflow for the execution.
	CodeExecutionNotFound Code = "EXECUTION_NOT_FOUND"
	// CodeExecutionClosed: the execution completed; nothing can be retried.
	CodeExecutionClosed Code = "EXECUTION_CLOSED"
	// CodeDefinitionInvalid: the definition cannot run (no start step, a bad dueIn...).
	CodeDefinitionInvalid Code = "DEFINITION_INVALID"
	// CodeLoopLimit: a step would run more times than the loop limit.
	CodeLoopLimit Code = "LOOP_LIMIT_EXCEEDED"
	// CodeExpression: an expression failed (an expression error without a code of its own).
	CodeExpression Code = "EXPRESSION_FAILED"
	// CodeUnsupported: the step (or iterable) type is not run by this engine, or the worker
	// lacks what it needs (no store for sub-workflows or data sources).
	CodeUnsupported Code = "STEP_UNSUPPORTED"
	// CodeChildFailed: a sub-workflow's child failed or closed without completing.
	CodeChildFailed Code = "CHILD_FAILED"
	// CodeChildVersion: the child version does not exist or is not published.
	CodeChildVersion Code = "CHILD_VERSION_INVALID"
	// CodeIterableNotArray: a BATCH iterable is not an array.
	CodeIterableNotArray Code = "ITERABLE_NOT_ARRAY"
	// CodeDataSourceNotFound: no data source has the call's dataSourceID.
	CodeDataSourceNotFound Code = "DATASOURCE_NOT_FOUND"
	// CodeDataSourceFailed: the call failed without a classified reason (the worker lost it).
	CodeDataSourceFailed Code = "DATASOURCE_FAILED"
	// CodeDataSourceParams: a call's params do not resolve to an object (the same value as
	// datasource.KindParams, which the call itself reports for a param it cannot send).
	CodeDataSourceParams Code = "DATASOURCE_PARAMS_INVALID"
	// CodeEngineUnavailable: Temporal could not be reached, was overloaded or timed out.
	CodeEngineUnavailable Code = "ENGINE_UNAVAILABLE"
	// CodeStartRefused: Temporal refused to start the workflow for good (an invalid or too
	// large input, a namespace that refuses it).
	CodeStartRefused Code = "START_REFUSED"
	// CodeBatchResultTooLarge: a BATCH child's final context is over MaxBatchChildResultBytes.
	CodeBatchResultTooLarge Code = "BATCH_RESULT_TOO_LARGE"
	// CodeBatchOutputTooLarge: a BATCH step's collected results are over MaxBatchOutputBytes.
	CodeBatchOutputTooLarge Code = "BATCH_OUTPUT_TOO_LARGE"
)

// Codes lists the engine's own codes, for documentation and tests.
var Codes = []Code{
	CodeStepNotFound, CodeStepNotOpen, CodeStepNotHuman, CodeStepNotFailed, CodeOutputInvalid,
	CodeNotAllowed, CodeExecutionNotFound, CodeExecutionClosed, CodeDefinitionInvalid, CodeLoopLimit,
	CodeExpression, CodeUnsupported, CodeChildFailed, CodeChildVersion, CodeIterableNotArray,
	CodeDataSourceNotFound, CodeDataSourceFailed, CodeDataSourceParams, CodeEngineUnavailable,
	CodeStartRefused, CodeBatchResultTooLarge, CodeBatchOutputTooLarge,
}

// Error is a domain error of the engine with a stable code.
type Error struct {
	Code    Code
	Message string
	// Details lists the individual failures behind the message, when there are several (a
	// schema's failures, one per line, "at '/path': why").
	Details []string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func errorf(code Code, format string, args ...any) *Error { return Errorf(code, format, args...) }
