package bench

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Names the bare side registers under; prefixed so they never clash with the engine's.
const (
	bareWorkflowName = "wfb.bench.Bare"
	bareActivityName = "wfb.bench.Noop"
	bareUpdateName   = "complete"
)

// bare is the baseline: what a hand-written Temporal workflow does for the same job as the
// engine's one confirmation step: wait for one Update (the person's completion), then run one
// activity (where a hand-written workflow would record the outcome), and finish.
func bare(ctx workflow.Context) error {
	done := false
	if err := workflow.SetUpdateHandler(ctx, bareUpdateName, func(workflow.Context, map[string]any) error {
		done = true
		return nil
	}); err != nil {
		return err
	}
	if err := workflow.Await(ctx, func() bool { return done }); err != nil {
		return err
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second})
	return workflow.ExecuteActivity(actx, bareActivityName).Get(actx, nil)
}

// noop is the bare side's activity: it does no work, so the baseline is Temporal's own cost.
func noop(context.Context) error { return nil }

// registerBare registers the bare workflow and its activity.
func registerBare(w worker.Registry) {
	w.RegisterWorkflowWithOptions(bare, workflow.RegisterOptions{Name: bareWorkflowName})
	w.RegisterActivityWithOptions(noop, activity.RegisterOptions{Name: bareActivityName})
}
