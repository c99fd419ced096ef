package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// DefaultBatchConcurrency is the cap of `wfb bench batch` when none is given.
const DefaultBatchConcurrency = 200

// Names the bare fan-out registers under.
const (
	bareFanOutName = "wfb.bench.BareFanOut"
	bareChildName  = "wfb.bench.BareChild"
)

// BatchOptions configure [RunBatch].
type BatchOptions struct {
	// Client is connected to the server to measure; Store receives the engine side's rows.
	Client client.Client
	Store  store.Store
	// Items is the number of children of each side; MaxConcurrency their cap (0 means
	// DefaultBatchConcurrency).
	Items, MaxConcurrency int
	// TaskQueue prefixes the workers' task queues; "" means DefaultTaskQueue.
	TaskQueue string
	// EngineOnly skips the bare fan-out (for sizes where running both sides would take hours);
	// the report's Bare and Ratio are then zero.
	EngineOnly bool
}

// SideSeconds is one side's wall time and rate.
type SideSeconds struct {
	Seconds           float64 `json:"seconds"`
	ChildrenPerSecond float64 `json:"childrenPerSecond"`
}

// BatchReport is the outcome of [RunBatch]; its JSON is the last line of `wfb bench batch
// --json`.
type BatchReport struct {
	Items          int         `json:"items"`
	MaxConcurrency int         `json:"maxConcurrency"`
	Engine         SideSeconds `json:"engine"`
	Bare           SideSeconds `json:"bare"`
	// Ratio is engine seconds / bare seconds.
	Ratio float64 `json:"ratio"`
	// MaxPayloadBytes and MaxHistoryEvents are the largest payload in, and the longest run
	// history of, the engine side's workflows (parent, coordinator runs, children), read back
	// from the server.
	MaxPayloadBytes  int `json:"maxPayloadBytes"`
	MaxHistoryEvents int `json:"maxHistoryEvents"`
	// PeakRSSBytes is the most resident memory this process (the worker and the engine's
	// store client, not the Temporal server) held during the run, 0 where the platform does
	// not say.
	PeakRSSBytes int64 `json:"peakRSSBytes"`
	// Histories are the engine side's figures in detail (not in the JSON line).
	Histories *HistoryStats `json:"-"`
}

// RunBatch runs, on one server and one worker process, the bare fan-out of Items trivial
// children with the cap, then the engine's BATCH of Items trivial children with the same cap,
// and reads the engine side's histories back.
func RunBatch(ctx context.Context, o BatchOptions) (*BatchReport, error) {
	if o.Client == nil || o.Store == nil {
		return nil, errors.New("bench batch needs a Temporal client and a store")
	}
	if o.Items < 1 {
		return nil, fmt.Errorf("a BATCH needs at least one child (got %d)", o.Items)
	}
	if o.MaxConcurrency == 0 {
		o.MaxConcurrency = DefaultBatchConcurrency
	}
	if o.MaxConcurrency < 1 || o.MaxConcurrency > interp.MaxPendingChildren {
		return nil, fmt.Errorf("the cap must be between 1 and %d (got %d)", interp.MaxPendingChildren, o.MaxConcurrency)
	}
	if o.TaskQueue == "" {
		o.TaskQueue = DefaultTaskQueue
	}
	bareTQ, engineTQ := o.TaskQueue+"-bare", o.TaskQueue+"-engine"
	bw := worker.New(o.Client, bareTQ, worker.Options{})
	bw.RegisterWorkflowWithOptions(bareFanOut, workflow.RegisterOptions{Name: bareFanOutName})
	bw.RegisterWorkflowWithOptions(bareChild, workflow.RegisterOptions{Name: bareChildName})
	p := projection.Persistence{Store: o.Store}
	ew := engine.NewWorker(o.Client, engine.Deps{Projector: p, Children: p, Batches: p, TaskQueue: engineTQ})
	for _, w := range []worker.Worker{bw, ew} {
		if err := w.Start(); err != nil {
			return nil, fmt.Errorf("starting a bench worker: %w", err)
		}
		defer w.Stop()
	}
	r := &BatchReport{Items: o.Items, MaxConcurrency: o.MaxConcurrency}
	if !o.EngineOnly {
		wall, err := runBareFanOut(ctx, o.Client, bareTQ, o.Items, o.MaxConcurrency)
		if err != nil {
			return nil, err
		}
		r.Bare = sideSeconds(o.Items, wall)
	}
	ec := engine.NewClient(o.Client, engineTQ)
	parentID, wall, err := runBatchAt(ctx, o.Client, ec, o.Store, o.Items, o.MaxConcurrency)
	if err != nil {
		return nil, fmt.Errorf("running the engine's BATCH: %w", err)
	}
	r.Engine = sideSeconds(o.Items, wall)
	r.PeakRSSBytes = peakRSS()
	if !o.EngineOnly {
		r.Ratio = ratio(r.Engine.Seconds, r.Bare.Seconds)
	}
	// Parent, coordinator runs, children.
	if r.Histories, err = WalkHistories(ctx, o.Client, parentID, 2); err != nil {
		return nil, err
	}
	r.MaxPayloadBytes, r.MaxHistoryEvents = r.Histories.MaxPayloadBytes, r.Histories.MaxHistoryEvents
	return r, nil
}

// runBareFanOut runs the bare side and returns its wall time.
func runBareFanOut(ctx context.Context, c client.Client, taskQueue string, items, maxConcurrency int) (time.Duration, error) {
	began := time.Now()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "bench-bare-fanout-" + id.New(), TaskQueue: taskQueue},
		bareFanOutName, bareFanOutInput{Items: items, MaxConcurrency: maxConcurrency})
	if err != nil {
		return 0, fmt.Errorf("starting the bare fan-out: %w", err)
	}
	if err := run.Get(ctx, nil); err != nil {
		return 0, fmt.Errorf("running the bare fan-out: %w", err)
	}
	return time.Since(began), nil
}

func sideSeconds(n int, wall time.Duration) SideSeconds {
	s := SideSeconds{Seconds: wall.Seconds()}
	if s.Seconds > 0 {
		s.ChildrenPerSecond = float64(n) / s.Seconds
	}
	return s
}

// bareFanOutInput is the bare fan-out's input; Next carries its progress across
// continue-as-new.
type bareFanOutInput struct {
	Items, MaxConcurrency, Next int
}

// bareFanOut is what a hand-written Temporal parent does for the same job as the engine's
// BATCH: it starts Items children, at most MaxConcurrency at a time, and continues as new
// every engine.DefaultItemsPerRun children (as it must past a few thousand, for Temporal's
// history limits), as the engine's coordinator does.
func bareFanOut(ctx workflow.Context, in bareFanOutInput) error {
	end := min(in.Next+engine.DefaultItemsPerRun, in.Items)
	running := 0
	var firstErr error
	for in.Next < end || running > 0 {
		if err := workflow.Await(ctx, func() bool { return running < in.MaxConcurrency || firstErr != nil }); err != nil {
			return err
		}
		if firstErr != nil {
			return firstErr
		}
		if in.Next == end {
			if err := workflow.Await(ctx, func() bool { return running == 0 }); err != nil {
				return err
			}
			break
		}
		i := in.Next
		in.Next++
		running++
		workflow.Go(ctx, func(gctx workflow.Context) {
			defer func() { running-- }()
			cctx := workflow.WithChildOptions(gctx, workflow.ChildWorkflowOptions{
				WorkflowID: fmt.Sprintf("%s-%d", workflow.GetInfo(gctx).WorkflowExecution.ID, i)})
			if err := workflow.ExecuteChildWorkflow(cctx, bareChildName, map[string]any{"n": i + 1}).Get(cctx, nil); err != nil && firstErr == nil {
				firstErr = err
			}
		})
	}
	if firstErr != nil {
		return firstErr
	}
	if in.Next < in.Items {
		return workflow.NewContinueAsNewError(ctx, bareFanOutName, in)
	}
	return nil
}

// bareChild is the bare side's trivial child: it returns its input, as the engine's
// start -> end child returns its context.
func bareChild(_ workflow.Context, in map[string]any) (map[string]any, error) { return in, nil }
