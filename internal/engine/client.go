package engine

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// Client is the facade the application layer uses to run executions.
type Client struct {
	c         client.Client
	taskQueue string
}

// NewClient wraps a connected Temporal client; taskQueue "" means TaskQueue.
func NewClient(c client.Client, taskQueue string) *Client {
	if taskQueue == "" {
		taskQueue = TaskQueue
	}
	return &Client{c: c, taskQueue: taskQueue}
}

// Start starts the execution's workflow. Starting an execution that is already running or ran
// is not an error (the reconciler and a retrying caller rely on that): the id is the execution
// id, and Temporal keeps at most one workflow per id. A definitive refusal is an *Error with
// CodeStartRefused; Temporal not answering is CodeEngineUnavailable (a later start may work).
func (c *Client) Start(ctx context.Context, in Input) error {
	if in.ExecutionID == "" {
		return interp.Errorf(interp.CodeExecutionNotFound, "starting an execution needs its id")
	}
	_, err := c.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       in.ExecutionID,
		TaskQueue:                c.taskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
	}, WorkflowName, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return nil
	}
	what := "starting execution " + in.ExecutionID
	switch code, ok := classify(err); {
	case refused(err):
		return &Error{Code: interp.CodeStartRefused, Message: what + ": " + err.Error()}
	case ok && code == interp.CodeEngineUnavailable:
		return &Error{Code: code, Message: what + ": " + err.Error()}
	case err != nil:
		// Neither a refusal nor Temporal being away: the caller may try again later.
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// State returns the runtime view of an execution, also after it closed.
func (c *Client) State(ctx context.Context, id string) (*State, error) {
	v, err := c.c.QueryWorkflow(ctx, id, "", QueryState)
	if err != nil {
		return nil, c.wrap(err, "reading the state of execution %s", id)
	}
	var s State
	if err := v.Get(&s); err != nil {
		return nil, fmt.Errorf("decoding the state of execution %s: %w", id, err)
	}
	return &s, nil
}

// CompleteStep completes an open human step with its output; attempt, when not 0, must be the
// step's open attempt. Validation happens in the workflow before the update is accepted: a
// rejected completion leaves no trace in history.
func (c *Client) CompleteStep(ctx context.Context, id, stepID string, attempt int, output any, actor Actor) (*StepState, error) {
	return c.update(ctx, id, CompletionUpdateID(stepID, attempt), UpdateCompleteStep,
		CompleteStepRequest{StepID: stepID, Attempt: attempt, Output: output, Actor: actor},
		"completing step %s of execution %s", stepID, id)
}

// RetryStep re-runs a failed step of an execution.
func (c *Client) RetryStep(ctx context.Context, id, stepID string) (*StepState, error) {
	return c.update(ctx, id, "", UpdateRetryStep, RetryStepRequest{StepID: stepID},
		"retrying step %s of execution %s", stepID, id)
}

// Cancel cancels an execution: its open steps and the execution become Cancelled.
func (c *Client) Cancel(ctx context.Context, id string) error {
	if err := c.c.CancelWorkflow(ctx, id, ""); err != nil {
		return c.wrap(err, "cancelling execution %s", id)
	}
	return nil
}

// CompletionUpdateID is the Update id of completing one attempt of a step: Temporal applies
// an Update id once per run and answers a repeat with the first outcome, so a completion sent
// again (a client whose answer was lost, a retry after a crash) cannot complete the step
// twice, and the repeat learns who completed it with what. Attempt 0 (whichever attempt is
// open) has no such id: the SDK draws a random one.
func CompletionUpdateID(stepID string, attempt int) string {
	if attempt <= 0 {
		return ""
	}
	return fmt.Sprintf("complete/%s/%d", stepID, attempt)
}

func (c *Client) update(ctx context.Context, id, updateID, name string, arg any, format string, args ...any) (*StepState, error) {
	h, err := c.c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		UpdateID:     updateID,
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return nil, c.wrap(err, format, args...)
	}
	var st StepState
	if err := h.Get(ctx, &st); err != nil {
		return nil, c.wrap(err, format, args...)
	}
	return &st, nil
}

// wrap turns Temporal's errors into the engine's typed ones, so that callers see domain errors
// only: a missing workflow, Temporal not answering, and our own codes carried by application
// errors. Anything else is wrapped with what was being done.
func (c *Client) wrap(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if code, ok := classify(err); ok {
		return &Error{Code: code, Message: what + ": " + err.Error()}
	}
	if e := fromTemporal(err); e != err {
		return e
	}
	return fmt.Errorf("%s: %w", what, err)
}

// classify names the gRPC errors of Temporal's frontend that mean something to a caller: the
// workflow does not exist, or Temporal could not be reached, was overloaded or timed out.
func classify(err error) (interp.Code, bool) {
	var (
		notFound  *serviceerror.NotFound
		down      *serviceerror.Unavailable
		exhausted *serviceerror.ResourceExhausted
		deadline  *serviceerror.DeadlineExceeded
	)
	switch {
	case errors.As(err, &notFound):
		return interp.CodeExecutionNotFound, true
	case errors.As(err, &down), errors.As(err, &exhausted), errors.As(err, &deadline):
		return interp.CodeEngineUnavailable, true
	}
	return "", false
}

// refused reports whether Temporal answered a start with a definitive no: the request is
// invalid (a payload over the size limit, a malformed input) or the namespace refuses it.
func refused(err error) bool {
	var (
		invalid      *serviceerror.InvalidArgument
		precondition *serviceerror.FailedPrecondition
		denied       *serviceerror.PermissionDenied
	)
	return errors.As(err, &invalid) || errors.As(err, &precondition) || errors.As(err, &denied)
}
