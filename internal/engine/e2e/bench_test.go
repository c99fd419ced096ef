package e2e

import (
	"context"
	"fmt"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine"
)

// bare is the baseline: the least a Temporal workflow does for one human confirmation (wait
// for an update, then finish), with no interpretation and no projection.
func bare(ctx workflow.Context) error {
	done := false
	if err := workflow.SetUpdateHandler(ctx, "complete", func(workflow.Context, any) error {
		done = true
		return nil
	}); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return done })
}

// BenchmarkEngineVsBare runs one confirmation end to end (start, complete, wait for the end)
// on the embedded server, first as the bare workflow, then through the engine with the
// linear-confirm example, and reports the engine's cost as a ratio to the bare run measured
// in the same process ("x-bare").
func BenchmarkEngineVsBare(b *testing.B) {
	ctx := context.Background()
	var bareNs float64
	b.Run("bare", func(b *testing.B) {
		c, err := client.Dial(client.Options{HostPort: server.Address(), Namespace: server.Namespace(), Logger: quietLogger()})
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		w := worker.New(c, "bench-bare", worker.Options{})
		w.RegisterWorkflow(bare)
		if err := w.Start(); err != nil {
			b.Fatal(err)
		}
		defer w.Stop()
		b.ResetTimer()
		for i := range b.N {
			id := fmt.Sprintf("bare-%d-%d", b.N, i)
			run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "bench-bare"}, bare)
			if err != nil {
				b.Fatal(err)
			}
			h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "complete",
				Args: []any{map[string]any{"verified": true}}, WaitForStage: client.WorkflowUpdateStageCompleted})
			if err != nil {
				b.Fatal(err)
			}
			if err := h.Get(ctx, nil); err != nil {
				b.Fatal(err)
			}
			if err := run.Get(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		bareNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("engine", func(b *testing.B) {
		c, ec := connectWith(b, engine.Deps{})
		def := example(b, "linear-confirm")
		b.ResetTimer()
		for i := range b.N {
			id := fmt.Sprintf("engine-%d-%d", b.N, i)
			if err := ec.Start(ctx, engine.Input{ExecutionID: id, Definition: def}); err != nil {
				b.Fatal(err)
			}
			if _, err := ec.CompleteStep(ctx, id, "verify", 0, map[string]any{"verified": true}, engine.Actor{ID: "bench"}); err != nil {
				b.Fatal(err)
			}
			if err := c.GetWorkflow(ctx, id, "").Get(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		if bareNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/bareNs, "x-bare")
		}
	})
}
