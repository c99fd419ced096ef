package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// Client is the facade the application layer uses to run executions.
type Client struct {
	c         client.Client
	taskQueue string
	waitLimit time.Duration
}

// DefaultWaitLimit is how long an action waits for the engine by default (WithWaitLimit).
const DefaultWaitLimit = 10 * time.Second

// NewClient wraps a connected Temporal client; taskQueue "" means TaskQueue. Each action
// waits at most DefaultWaitLimit.
func NewClient(c client.Client, taskQueue string) *Client {
	if taskQueue == "" {
		taskQueue = TaskQueue
	}
	return &Client{c: c, taskQueue: taskQueue, waitLimit: DefaultWaitLimit}
}

// WithWaitLimit sets how long each action (start, Update, cancel) waits for Temporal and a
// worker before it gives up with CodeEngineUnavailable: without a limit an Update waits as long
// as no worker polls. d ≤ 0 keeps the limit. An Update given up on may still be applied when a
// worker returns (Temporal holds it), with the same id, so a retry is answered its outcome.
func (c *Client) WithWaitLimit(d time.Duration) *Client {
	if d > 0 {
		c.waitLimit = d
	}
	return c
}

// bounded returns ctx limited to the wait limit.
func (c *Client) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.waitLimit)
}

// waitedOut reports whether err is the wait limit (or the caller's deadline) expiring.
func waitedOut(ctx context.Context, err error) bool {
	return err != nil && (errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil)
}

// Start starts the execution's workflow. Starting an execution that is already running or ran
// is not an error (the reconciler and a retrying caller rely on that): the id is the execution
// id, and Temporal keeps at most one workflow per id. A definitive refusal is an *Error with
// CodeStartRefused; Temporal not answering is CodeEngineUnavailable (a later start may work).
func (c *Client) Start(ctx context.Context, in Input) error {
	if in.ExecutionID == "" {
		return interp.Errorf(interp.CodeExecutionNotFound, "starting an execution needs its id")
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel()
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
	case waitedOut(ctx, err):
		return &Error{Code: interp.CodeEngineUnavailable, Message: what + ": no answer within " + c.waitLimit.String()}
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
		return nil, c.wrap(ctx, err, "reading the state of execution %s", id)
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
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	if err := c.c.CancelWorkflow(ctx, id, ""); err != nil {
		return c.wrap(ctx, err, "cancelling execution %s", id)
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
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	h, err := c.c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		UpdateID:     updateID,
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return nil, c.wrap(ctx, err, format, args...)
	}
	var st StepState
	if err := h.Get(ctx, &st); err != nil {
		return nil, c.wrap(ctx, err, format, args...)
	}
	return &st, nil
}

// wrap turns Temporal's errors into the engine's typed ones, so that callers see domain errors
// only: a missing workflow, Temporal not answering, and our own codes carried by application
// errors. Anything else is wrapped with what was being done.
func (c *Client) wrap(ctx context.Context, err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if waitedOut(ctx, err) {
		return &Error{Code: interp.CodeEngineUnavailable, Message: what + ": no answer within " + c.waitLimit.String()}
	}
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

// PollerFreshness is how recently a worker must have polled the task queue to count as
// present: an idle worker's long poll ends after about a minute and it polls again at once,
// so one not seen for longer is gone (Temporal lists a poller for minutes after its last poll).
const PollerFreshness = 90 * time.Second

// CheckWorkers reports an error unless a worker polled the task queue for workflow tasks
// within PollerFreshness: without one, no execution moves and every Update waits.
func (c *Client) CheckWorkers(ctx context.Context) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	res, err := c.c.DescribeTaskQueue(ctx, c.taskQueue, enumspb.TASK_QUEUE_TYPE_WORKFLOW)
	if err != nil {
		return c.wrap(ctx, err, "describing task queue %s", c.taskQueue)
	}
	for _, p := range res.GetPollers() {
		if t := p.GetLastAccessTime(); t != nil && time.Since(t.AsTime()) < PollerFreshness {
			return nil
		}
	}
	return fmt.Errorf("no worker has polled task queue %s in the last %s", c.taskQueue, PollerFreshness)
}

// Terminate ends the execution's workflow at once, without running its code (a cancel it did
// not honour); its children get a cancel request (parent-close policy). reason is recorded in
// Temporal's history.
func (c *Client) Terminate(ctx context.Context, id, reason string) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	if err := c.c.TerminateWorkflow(ctx, id, "", reason); err != nil {
		return c.wrap(ctx, err, "terminating execution %s", id)
	}
	return nil
}

// Closure is how an execution's workflow ended, as Temporal recorded it.
type Closure struct {
	// Closed is false while the workflow runs; the other fields are then empty.
	Closed bool
	// Status is the runtime status the closure means: Completed, Cancelled (cancelled or
	// terminated) or Failed (failed or timed out).
	Status    definition.Status
	ClosedAt  time.Time
	StartedAt time.Time
}

// Describe reports whether the execution's workflow has closed, and how. A workflow Temporal
// does not know is CodeExecutionNotFound.
func (c *Client) Describe(ctx context.Context, id string) (*Closure, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	res, err := c.c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return nil, c.wrap(ctx, err, "describing execution %s", id)
	}
	info := res.GetWorkflowExecutionInfo()
	out := &Closure{StartedAt: info.GetStartTime().AsTime()}
	switch info.GetStatus() {
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		out.Status = definition.StatusCompleted
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		out.Status = definition.StatusCancelled
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED, enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
		out.Status = definition.StatusFailed
	default: // running, or continued as new (the next run goes on)
		return out, nil
	}
	out.Closed, out.ClosedAt = true, info.GetCloseTime().AsTime()
	return out, nil
}
