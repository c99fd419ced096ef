package engine

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
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
// id, and Temporal keeps at most one workflow per id.
func (c *Client) Start(ctx context.Context, in Input) error {
	if in.ExecutionID == "" {
		return errorf(CodeExecutionNotFound, "starting an execution needs its id")
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
	if err != nil {
		return fmt.Errorf("starting execution %s: %w", in.ExecutionID, err)
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
	return c.update(ctx, id, UpdateCompleteStep, CompleteStepRequest{StepID: stepID, Attempt: attempt, Output: output, Actor: actor},
		"completing step %s of execution %s", stepID, id)
}

// RetryStep re-runs a failed step of an execution.
func (c *Client) RetryStep(ctx context.Context, id, stepID string) (*StepState, error) {
	return c.update(ctx, id, UpdateRetryStep, RetryStepRequest{StepID: stepID},
		"retrying step %s of execution %s", stepID, id)
}

// Cancel cancels an execution: its open steps and the execution become Cancelled.
func (c *Client) Cancel(ctx context.Context, id string) error {
	if err := c.c.CancelWorkflow(ctx, id, ""); err != nil {
		return c.wrap(err, "cancelling execution %s", id)
	}
	return nil
}

func (c *Client) update(ctx context.Context, id, name string, arg any, format string, args ...any) (*StepState, error) {
	h, err := c.c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
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

// wrap turns Temporal's errors into the engine's typed ones where they have a meaning here.
func (c *Client) wrap(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return &Error{Code: CodeExecutionNotFound, Message: what + ": " + notFound.Error()}
	}
	if e := fromTemporal(err); e != err {
		return e
	}
	return fmt.Errorf("%s: %w", what, err)
}
