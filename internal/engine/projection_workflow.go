package engine

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// changeEagerProjection is the workflow.GetVersion change id of eager step projection: from
// version 1 on, a run projects as soon as a human step changes, splits big changes over
// several projections, and wakes at each open step's due date to project its SLA breach.
// Runs recorded before (version DefaultVersion) keep the former schedule (a projection when
// the execution-level fields change), so their histories still replay; their projections
// carry the step changes too, which is only a wider activity input.
const changeEagerProjection = "eager-step-projection"

// changeDurableUpdates is the workflow.GetVersion change id of projecting an Update's effects
// only once the Update is in the history: from version 1 on, the projection that follows an
// Update is a regular activity (scheduled by the workflow task that completes the Update, so
// it runs after that task is persisted) instead of a local activity (which runs before the
// workflow task completes: a crash then left the database saying COMPLETED for a completion
// Temporal never recorded). Runs recorded before keep local activities.
const changeDurableUpdates = "durable-update-projection"

// maxStepChanges is the most step changes one projection carries: a change that opens
// thousands of human steps at once is written in several transactions of bounded size rather
// than one activity input of unbounded size.
const maxStepChanges = 256

// stepAttempt is one attempt of one step, whose due date a timer watches.
type stepAttempt struct {
	step    string
	attempt int
}

// projectionKey is the execution-level part of a projection. Its pointer fields compare by
// identity, as the projection did before step changes existed: every machine change takes a
// fresh timestamp pointer (touch), so any change asks for a projection.
type projectionKey struct {
	runtimeStatus              definition.Status
	startedAt                  time.Time
	completedAt, failedAt, act *time.Time
	completed                  bool
}

// projectionLoop decides when the workflow projects and what each projection carries.
type projectionLoop struct {
	ctx   workflow.Context
	m     *interp.Machine
	state *State
	eager bool
	// durable: version ≥ 1 of changeDurableUpdates; afterUpdate: an Update changed the state
	// since the last projection started, so the next one must wait for the history.
	durable, afterUpdate bool

	last, inFlight projectionKey
	started        bool
	refs           interp.Sent
	armed          map[stepAttempt]bool
}

func newProjectionLoop(ctx workflow.Context, m *interp.Machine, state *State) *projectionLoop {
	v := workflow.GetVersion(ctx, changeEagerProjection, workflow.DefaultVersion, 1)
	d := workflow.GetVersion(ctx, changeDurableUpdates, workflow.DefaultVersion, 1)
	return &projectionLoop{ctx: ctx, m: m, state: state, eager: v >= 1, durable: d >= 1, armed: map[stepAttempt]bool{}}
}

// updated notes that an Update handler changed the state.
func (l *projectionLoop) updated() { l.afterUpdate = true }

// write runs the projection p: as a local activity, unless an Update changed the state since
// the last projection. An Update is in the history only once the workflow task that ran its
// handler completes, and a local activity runs before that; a regular activity is scheduled by
// that very task, so the database never shows an Update that a crash could still undo.
func (l *projectionLoop) write(ctx workflow.Context, p Projection) error {
	if l.durable && l.afterUpdate {
		l.afterUpdate = false
		actx := workflow.WithActivityOptions(ctx, projectAfterUpdateOptions)
		return workflow.ExecuteActivity(actx, ActivityProject, p).Get(actx, nil)
	}
	lctx := workflow.WithLocalActivityOptions(ctx, projectOptions)
	return workflow.ExecuteLocalActivity(lctx, ActivityProject, p).Get(lctx, nil)
}

func (l *projectionLoop) key() projectionKey {
	s := l.state
	return projectionKey{runtimeStatus: s.RuntimeStatus, startedAt: s.StartedAt, completedAt: s.CompletedAt,
		failedAt: s.FailedAt, act: s.LastActivityAt, completed: l.m.Completed()}
}

// pending reports whether a projection is due.
func (l *projectionLoop) pending() bool {
	return !l.started || l.key() != l.last || (l.eager && l.m.JournalPending())
}

// next builds the projection that is due, if one is; done must follow once it is written.
func (l *projectionLoop) next() (Projection, bool) {
	if !l.pending() {
		return Projection{}, false
	}
	limit := 0 // all at once: the schedule of runs recorded before eager projection
	if l.eager {
		limit = maxStepChanges
	}
	s := l.state
	p := Projection{
		ExecutionID: s.ID, RuntimeStatus: s.RuntimeStatus, StartedAt: s.StartedAt, CompletedAt: s.CompletedAt,
		FailedAt: s.FailedAt, LastActivityAt: s.LastActivityAt, Completed: l.m.Completed(), At: workflow.Now(l.ctx),
	}
	p.Steps, l.refs = l.m.TakeChanges(limit)
	l.inFlight = l.key()
	return p, true
}

// done records that the projection next built was written.
func (l *projectionLoop) done(p Projection) {
	l.last, l.started = l.inFlight, true
	l.m.Ack(l.refs)
	l.refs = nil
	if l.eager {
		l.armDueDates(p)
	}
}

// armDueDates starts a timer for each open step of p that is not yet due, which notes the step
// again when it falls due, so that a projection marks it SLA breached.
func (l *projectionLoop) armDueDates(p Projection) {
	for _, c := range p.Steps {
		k := stepAttempt{c.StepID, c.Attempt}
		if !interp.IsOpen(c.Status) || c.DueAt == nil || !c.DueAt.After(p.At) || l.armed[k] {
			continue
		}
		l.armed[k] = true
		wait := c.DueAt.Sub(p.At)
		workflow.Go(l.ctx, func(gctx workflow.Context) {
			if err := workflow.NewTimer(gctx, wait).Get(gctx, nil); err != nil {
				return // cancelled: the execution's end closes the step
			}
			delete(l.armed, k)
			l.m.Renote(k.step, k.attempt)
		})
	}
}

// flush writes every projection still due on ctx (the cancellation's disconnected context).
func (l *projectionLoop) flush(ctx workflow.Context) error {
	for {
		p, ok := l.next()
		if !ok {
			return nil
		}
		if err := l.write(ctx, p); err != nil {
			return fmt.Errorf("projecting execution %s: %w", l.state.ID, err)
		}
		l.last, l.started = l.inFlight, true
		l.m.Ack(l.refs)
		if !l.eager {
			return nil // one projection, as runs recorded before eager projection did
		}
	}
}
