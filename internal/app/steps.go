package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/projection"
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
// audited. An accepted one is recorded as "step.complete" on the execution (the request's view:
// step, completer, output), and its task as "task.complete" (projection.RecordCompletion: once
// per applied completion, by this call or by the engine's projection).
func (s *Service) CompleteStep(ctx context.Context, executionID, stepID string, output json.RawMessage) (*StepRuntime, error) {
	// The inbox's check, on the step's task: the same rule for both routes.
	t, err := s.mayCompleteStep(ctx, executionID, stepID)
	if err != nil {
		return nil, err
	}
	attempt := 0
	if t != nil {
		attempt = t.Attempt
		if err := s.checkDocuments(ctx, t, output); err != nil {
			return nil, err
		}
	}
	st, err := s.completeStep(ctx, executionID, stepID, attempt, output)
	if err != nil {
		return nil, err
	}
	a := ActorFrom(ctx)
	s.auditAccepted(ctx, "step.complete", "execution", executionID,
		map[string]any{"stepId": stepID, "completedBy": a.engineActor().ID, "outputData": projection.AuditOutput(output)})
	if st.Attempt > 0 && st.CompletedBy != "" {
		s.recordStepCompletion(ctx, executionID, stepID, st)
	}
	return st, nil
}

// recordStepCompletion records the completed step's task from the engine's outcome, if the
// projection created it already; otherwise the projection records it. A failure is logged:
// the projection records it too.
func (s *Service) recordStepCompletion(ctx context.Context, executionID, stepID string, st *StepRuntime) {
	ctx = context.WithoutCancel(ctx)
	err := s.store.InTx(ctx, func(q store.Querier) error {
		t, err := q.GetHumanTaskByStep(ctx, executionID, stepID, st.Attempt)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		c, err := completionOf(ctx, t, st)
		if err != nil {
			return err
		}
		_, err = projection.RecordCompletion(ctx, q, c)
		return err
	})
	if err != nil {
		slog.WarnContext(ctx, "the engine applied a completion; its task is left to the projection",
			"execution", executionID, "step", stepID, "err", err)
	}
}

// completionOf is the completion the engine answered for task t's step: its completer, time
// and output, with the request's role and id when the caller is the completer.
func completionOf(ctx context.Context, t *store.HumanTask, st *StepRuntime) (projection.Completion, error) {
	a := ActorFrom(ctx)
	c := projection.Completion{Task: t, By: st.CompletedBy, At: now(), Output: json.RawMessage("{}")}
	if c.By == "" {
		c.By = a.Name()
	}
	if st.CompletedAt != nil {
		c.At = *st.CompletedAt
	}
	if st.OutputData != nil {
		out, err := json.Marshal(st.OutputData)
		if err != nil {
			return c, fmt.Errorf("encoding the output of step %s: %w", t.StepID, err)
		}
		c.Output = out
	}
	if c.By == a.Name() {
		c.Role = string(a.Role)
		if rid := RequestIDFrom(ctx); rid != "" {
			c.RequestID = &rid
		}
	}
	return c, nil
}

// completeStep asks the engine to complete one attempt of the step (0: whichever is open) and
// returns its outcome. The inbox names the attempt its task belongs to, so that a task of an
// attempt a loop has since closed can never complete the next one.
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
