package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// CancelExecution asks the engine to cancel the execution and its descendants; the runtime
// status becomes Cancelled when the workflow has closed its steps.
func (s *Service) CancelExecution(ctx context.Context, executionID string) (*store.Execution, error) {
	eng, ex, err := s.running(ctx, executionID)
	if err != nil {
		return nil, err
	}
	// Temporal accepts a cancellation of a closed workflow silently; the projection says whether
	// there is anything left to cancel.
	if ex.Status == store.ExecutionCompleted || ex.RuntimeStatus == store.RuntimeCompleted || ex.RuntimeStatus == store.RuntimeCancelled {
		return nil, errorf(CodeExecutionNotRunning, "execution %s is %s", executionID, ex.RuntimeStatus)
	}
	if err := eng.Cancel(ctx, executionID); err != nil {
		return nil, engineErr(err, "cancelling execution "+executionID)
	}
	s.auditAccepted(ctx, "execution.cancel", "execution", executionID, map[string]any{"runtimeStatusBefore": ex.RuntimeStatus})
	return ex, nil
}

// CompleteStep completes an open human step with its output (a JSON object, or empty for a
// confirmation), as the caller (ActorFrom): the engine checks the step's assignment against it.
// The engine validates before it accepts: a refused completion changes nothing and is not
// audited; an accepted one is recorded as "step.complete" on the execution, with the step, the
// completer and the output (see auditAccepted and outputView).
func (s *Service) CompleteStep(ctx context.Context, executionID, stepID string, output json.RawMessage) (*StepRuntime, error) {
	return s.completeStep(ctx, executionID, stepID, 0, output)
}

// completeStep is CompleteStep of one attempt of the step (0: whichever is open). The inbox
// names the attempt its task belongs to, so that a task of an attempt a loop has since closed
// can never complete the next one.
func (s *Service) completeStep(ctx context.Context, executionID, stepID string, attempt int, output json.RawMessage) (*StepRuntime, error) {
	actor := ActorFrom(ctx).engineActor()
	eng, _, err := s.running(ctx, executionID)
	if err != nil {
		return nil, err
	}
	var out any
	if len(output) > 0 {
		if err := checkDefinition(output); err != nil {
			return nil, errorf(CodeInvalidRequest, "outputData must be UTF-8 JSON without NUL characters")
		}
		if err := json.Unmarshal(output, &out); err != nil {
			return nil, errorf(CodeInvalidRequest, "outputData is not JSON: %v", err)
		}
	}
	st, err := eng.CompleteStep(ctx, executionID, stepID, attempt, out, actor)
	if err != nil {
		return nil, engineErr(err, fmt.Sprintf("completing step %s of execution %s", stepID, executionID))
	}
	s.auditAccepted(ctx, "step.complete", "execution", executionID,
		map[string]any{"stepId": stepID, "completedBy": actor.ID, "outputData": outputView(output)})
	return st, nil
}

// RetryStep re-runs a Failed step; the execution resumes from it.
func (s *Service) RetryStep(ctx context.Context, executionID, stepID string) (*StepRuntime, error) {
	eng, _, err := s.running(ctx, executionID)
	if err != nil {
		return nil, err
	}
	st, err := eng.RetryStep(ctx, executionID, stepID)
	if err != nil {
		return nil, engineErr(err, fmt.Sprintf("retrying step %s of execution %s", stepID, executionID))
	}
	s.auditAccepted(ctx, "step.retry", "execution", executionID, map[string]any{"stepId": stepID})
	return st, nil
}

// running returns the engine and the record of an execution that may have a workflow.
func (s *Service) running(ctx context.Context, executionID string) (Engine, *store.Execution, error) {
	eng, err := s.needEngine()
	if err != nil {
		return nil, nil, err
	}
	ex, err := s.store.GetExecution(ctx, executionID)
	if err != nil {
		return nil, nil, storeErr(err, "execution", executionID, "getting execution "+executionID)
	}
	if ex.Status == store.ExecutionFailedToStart {
		return nil, nil, errorf(CodeExecutionNotRunning, "execution %s failed to start", executionID)
	}
	return eng, ex, nil
}

// engineCodes maps the engine's codes onto the API's. The execution's row exists whenever this
// is consulted, so the engine not finding its workflow means it is not running (closed, or not
// started yet), not that it does not exist.
var engineCodes = map[interp.Code]Code{
	interp.CodeStepNotFound:      CodeStepNotFound,
	interp.CodeStepNotOpen:       CodeStepNotOpen,
	interp.CodeStepNotHuman:      CodeStepNotHuman,
	interp.CodeStepNotFailed:     CodeStepNotFailed,
	interp.CodeOutputInvalid:     CodeOutputInvalid,
	interp.CodeNotAllowed:        CodeNotAllowed,
	interp.CodeExecutionNotFound: CodeExecutionNotRunning,
	interp.CodeExecutionClosed:   CodeExecutionNotRunning,
	interp.CodeEngineUnavailable: CodeEngineUnavailable,
}

func engineErr(err error, doing string) error {
	var ee *interp.Error
	if errors.As(err, &ee) {
		if code, ok := engineCodes[ee.Code]; ok {
			e := &Error{Code: code, Message: ee.Message}
			if code == CodeEngineUnavailable {
				e.Message = doing + ": the workflow engine did not answer"
			}
			if code == CodeOutputInvalid {
				e.Details = ee.Details
				if len(e.Details) == 0 {
					e.Details = []string{ee.Message}
				}
			}
			return e
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errorf(CodeEngineUnavailable, "%s: the workflow engine did not answer", doing)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
