package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// projectOptions: the projection is a small database write, run as a local activity (in the
// worker, no round trip through the server: it would otherwise double the server work of a
// short execution). It never gives up: losing a projection (the row people list and search,
// the human tasks) is worse than delaying it, so a database outage of any length only delays
// the execution. Backoff is capped at a minute; the activity's metric and log line alert while
// it retries (activities.project).
var projectOptions = workflow.LocalActivityOptions{
	StartToCloseTimeout: 10 * time.Second,
	// The SDK takes a local activity's start-to-close timeout as its whole retry budget when
	// no schedule-to-close is set (10 s: a longer outage failed the execution). This one is
	// "never" in practice; retries past the workflow task timeout are server timers.
	ScheduleToCloseTimeout: NoRetryDeadline,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// projectAfterUpdateOptions: the projection that follows an Update is a regular activity, so
// that it runs only once the workflow task that applied the Update is in the history (see
// projectionLoop.write). No schedule-to-close timeout: Temporal then retries it without limit.
var projectAfterUpdateOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 10 * time.Second,
	RetryPolicy:         projectOptions.RetryPolicy,
}

// NoRetryDeadline is the schedule-to-close timeout of the local activities that must not give
// up while the database is away (projection, data source loading): a hundred years, as a Go
// duration holds no "unlimited" and a zero value means the start-to-close timeout.
const NoRetryDeadline = 100 * 365 * 24 * time.Hour

// Execution is the interpreter workflow: one run per execution.
func Execution(ctx workflow.Context, in Input) (*State, error) {
	st, err := execution(ctx, in)
	// Read here only, never by a goroutine: a request that arrives while this run closes fails
	// the close, and the task is replayed with it (rolling.ask).
	if workflow.GetSignalChannel(ctx, SignalReportClose).ReceiveAsync(nil) {
		reportClose(ctx, st, err)
	}
	return st, err
}

func execution(ctx workflow.Context, in Input) (*State, error) {
	def, err := definition.Decode(in.Definition)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), string(interp.CodeDefinitionInvalid), err)
	}
	limit := in.LoopLimit
	if limit <= 0 {
		limit = interp.DefaultLoopLimit
	}
	state := &State{
		ID:                        in.ExecutionID,
		CorrelationID:             in.CorrelationID,
		ParentWorkflowExecutionID: in.ParentID,
		RootWorkflowExecutionID:   in.RootID,
		WorkflowTemplateVersionID: in.VersionID,
		RuntimeStatus:             definition.StatusInProgress,
		StartedAt:                 workflow.Now(ctx),
		Context:                   in.Context,
		Steps:                     map[string]*StepState{},
	}
	if state.ID == "" {
		state.ID = workflow.GetInfo(ctx).WorkflowExecution.ID
	}
	if state.Context == nil {
		state.Context = map[string]any{}
	}
	m := interp.New(def, state, newEvaluator(ctx), func() time.Time { return workflow.Now(ctx) }, limit)
	var sc interp.Schemas

	if err := workflow.SetQueryHandler(ctx, QueryState, func() (*State, error) { return state, nil }); err != nil {
		return nil, fmt.Errorf("registering query %s: %w", QueryState, err)
	}
	// The graph runs to its first wait before the update handlers exist: an update that
	// arrived with the workflow's first task is delivered when its handler is registered, and
	// must find the first human step open.
	if err := m.Begin(); err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), string(interp.CodeDefinitionInvalid), err)
	}
	proj := newProjectionLoop(ctx, m, state)
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCompleteStep,
		func(_ workflow.Context, req CompleteStepRequest) (*StepState, error) {
			output, verr := m.CheckCompletion(&sc, req)
			if verr != nil { // the state may have moved since validation
				return nil, applicationError(verr)
			}
			m.CompleteHuman(req.StepID, output, req.Actor.ID)
			proj.updated()
			return state.Steps[req.StepID], nil
		},
		workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, req CompleteStepRequest) error {
			if _, verr := m.CheckCompletion(&sc, req); verr != nil {
				return applicationError(verr)
			}
			return nil
		}},
	); err != nil {
		return nil, fmt.Errorf("registering update %s: %w", UpdateCompleteStep, err)
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateRetryStep,
		func(_ workflow.Context, req RetryStepRequest) (*StepState, error) {
			if verr := m.CheckRetry(req); verr != nil {
				return nil, applicationError(verr)
			}
			m.Retry(req.StepID)
			proj.updated()
			return state.Steps[req.StepID], nil
		},
		workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, req RetryStepRequest) error {
			if verr := m.CheckRetry(req); verr != nil {
				return applicationError(verr)
			}
			return nil
		}},
	); err != nil {
		return nil, fmt.Errorf("registering update %s: %w", UpdateRetryStep, err)
	}

	// The main loop projects every change to the database, coalescing changes that happen
	// while a projection is in flight, until END ran or the execution is cancelled.
	link := linkChildren(ctx, m)
	for {
		for _, req := range m.TakeFetches() {
			workflow.Go(ctx, func(gctx workflow.Context) { runFetch(gctx, m, req, state.ID) })
		}
		for _, req := range m.TakeChildren() {
			workflow.Go(ctx, func(gctx workflow.Context) { runChild(gctx, m, state, req, in) })
		}
		link.flush(ctx)
		if p, ok := proj.next(); ok {
			if err := proj.write(ctx, p); err != nil {
				if errors.Is(ctx.Err(), workflow.ErrCanceled) {
					break
				}
				return nil, fmt.Errorf("projecting execution %s: %w", state.ID, err)
			}
			proj.done(p)
			continue
		}
		if m.Completed() {
			// Let in-flight update handlers reply before the run closes.
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				break
			}
			return state, nil
		}
		err := workflow.Await(ctx, func() bool {
			return m.HasEffects() || link.pending() || proj.pending()
		})
		if err != nil {
			break // cancelled
		}
	}
	return nil, cancelled(ctx, m, state, proj)
}

// cancelled records the cancellation (SPEC §6, Cancel): open steps and the execution become
// Cancelled, the projection is written on a disconnected context, and the workflow ends as
// cancelled in Temporal too.
func cancelled(ctx workflow.Context, m *interp.Machine, state *State, proj *projectionLoop) error {
	m.Cancel()
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	if err := proj.flush(dctx); err != nil {
		return fmt.Errorf("projecting the cancellation of %s: %w", state.ID, err)
	}
	return temporal.NewCanceledError()
}

// newEvaluator binds JSONata's clock and random source to Temporal's: the workflow clock, and
// a generator seeded once through a side effect, so a replay evaluates to the same values.
func newEvaluator(ctx workflow.Context) *expr.Evaluator {
	var seed [2]uint64
	if err := workflow.SideEffect(ctx, func(workflow.Context) any {
		return [2]uint64{rand.Uint64(), rand.Uint64()}
	}).Get(&seed); err != nil {
		// A side effect's recorded value always decodes into the type it was written from.
		panic(fmt.Sprintf("reading the random seed: %v", err))
	}
	rng := rand.New(rand.NewPCG(seed[0], seed[1]))
	return expr.New(expr.Options{
		Clock:  func() time.Time { return workflow.Now(ctx) },
		Random: rng.Float64,
	})
}
