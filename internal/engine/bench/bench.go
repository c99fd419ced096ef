// Package bench measures the engine's overhead against a bare Temporal workflow doing the same
// job on the same server in the same run, and the wall time of large BATCH fan-outs. It backs
// `wfb bench`; figures are only comparable within one Report, never across machines.
package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Defaults for the zero values of [Options].
const (
	DefaultExecutions  = 200
	DefaultConcurrency = 10
	DefaultTaskQueue   = "wfb-bench"
)

// DefaultBatchSizes are the BATCH sizes measured when Options.BatchSizes is nil.
var DefaultBatchSizes = []int{1000}

// Comparison says what each side does, for the report: the two must do the same kind of round
// trip for the ratio to mean anything.
const Comparison = "engine: start -> human.confirm -> end, the step completed by an Update (CompleteStep) right after the start; " +
	"bare: a Temporal workflow that waits for one Update, then runs one no-op activity"

// Options configure [Run].
type Options struct {
	// Client is connected to the Temporal server to measure. Run starts its own workers on it.
	Client client.Client
	// Store receives the BATCH runs' rows (the parent's, the published child version's and
	// the children's) and the engine side's projections. Required.
	Store store.Store
	// Executions per side; 0 means DefaultExecutions.
	Executions int
	// Concurrency is how many executions of a side are in flight at once; 0 means
	// DefaultConcurrency.
	Concurrency int
	// BatchSizes are the numbers of children of the BATCH runs; nil means DefaultBatchSizes,
	// empty means none.
	BatchSizes []int
	// TaskQueue prefixes the task queues of Run's workers; "" means DefaultTaskQueue.
	TaskQueue string
}

// Report is the outcome of one [Run].
type Report struct {
	// Comparison describes the two sides ([Comparison]).
	Comparison  string
	Concurrency int
	Engine      Side
	Bare        Side
	// ThroughputOverhead is bare throughput / engine throughput, P50Overhead and P95Overhead
	// engine latency / bare latency: 1 is no overhead, 1.5 is the goal's limit.
	ThroughputOverhead, P50Overhead, P95Overhead float64
	// Batches are the BATCH runs, in the order of Options.BatchSizes.
	Batches []Batch
}

// Batch is one BATCH run: a parent whose one BATCH step runs Children child executions.
type Batch struct {
	Children int
	// Wall is from the parent's start to its completion.
	Wall time.Duration
}

// Run measures the bare side, then the engine side, then each BATCH size, one after the other
// so they do not compete for the machine.
func Run(ctx context.Context, o Options) (*Report, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	runID := id.New()
	bareTQ, engineTQ := o.TaskQueue+"-bare", o.TaskQueue+"-engine"
	bw := worker.New(o.Client, bareTQ, worker.Options{})
	registerBare(bw)
	p := projection.Persistence{Store: o.Store}
	ew := engine.NewWorker(o.Client, engine.Deps{Projector: p, Children: p, Batches: p, TaskQueue: engineTQ})
	for _, w := range []worker.Worker{bw, ew} {
		if err := w.Start(); err != nil {
			return nil, fmt.Errorf("starting a bench worker: %w", err)
		}
		defer w.Stop()
	}

	ec := engine.NewClient(o.Client, engineTQ)
	bareOne := func(ctx context.Context, name string) error {
		return runBare(ctx, o.Client, bareTQ, fmt.Sprintf("bench-%s-bare-%s", runID, name))
	}
	engineOne := func(ctx context.Context, name string) error {
		return runEngine(ctx, o.Client, ec, fmt.Sprintf("bench-%s-engine-%s", runID, name))
	}
	// The first executions of a side pay for its worker's first polls and the SDK's caches:
	// one unmeasured round at full concurrency per side keeps that out of both.
	warm := Options{Executions: o.Concurrency, Concurrency: o.Concurrency}
	for _, one := range []func(context.Context, string) error{bareOne, engineOne} {
		if _, err := measure(ctx, warm, func(ctx context.Context, i int) error { return one(ctx, fmt.Sprintf("warmup-%d", i)) }); err != nil {
			return nil, fmt.Errorf("warming up: %w", err)
		}
	}
	r := &Report{Comparison: Comparison, Concurrency: o.Concurrency}
	if r.Bare, err = measure(ctx, o, func(ctx context.Context, i int) error { return bareOne(ctx, strconv.Itoa(i)) }); err != nil {
		return nil, fmt.Errorf("measuring the bare workflow: %w", err)
	}
	if r.Engine, err = measure(ctx, o, func(ctx context.Context, i int) error { return engineOne(ctx, strconv.Itoa(i)) }); err != nil {
		return nil, fmt.Errorf("measuring the engine: %w", err)
	}
	r.ThroughputOverhead = ratio(r.Bare.Throughput, r.Engine.Throughput)
	r.P50Overhead = ratio(r.Engine.P50.Seconds(), r.Bare.P50.Seconds())
	r.P95Overhead = ratio(r.Engine.P95.Seconds(), r.Bare.P95.Seconds())
	for _, n := range o.BatchSizes {
		wall, err := runBatch(ctx, o.Client, ec, o.Store, n)
		if err != nil {
			return nil, fmt.Errorf("measuring a BATCH of %d: %w", n, err)
		}
		r.Batches = append(r.Batches, Batch{Children: n, Wall: wall})
	}
	return r, nil
}

func (o Options) withDefaults() (Options, error) {
	if o.Client == nil {
		return o, errors.New("bench needs a Temporal client")
	}
	if o.Store == nil {
		return o, errors.New("bench needs a store")
	}
	if o.Executions == 0 {
		o.Executions = DefaultExecutions
	}
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.BatchSizes == nil {
		o.BatchSizes = DefaultBatchSizes
	}
	if o.TaskQueue == "" {
		o.TaskQueue = DefaultTaskQueue
	}
	if o.Executions < 1 || o.Concurrency < 1 {
		return o, fmt.Errorf("bench needs at least one execution and a concurrency of at least one (got %d and %d)", o.Executions, o.Concurrency)
	}
	for _, n := range o.BatchSizes {
		if n < 1 {
			return o, fmt.Errorf("a BATCH needs at least one child (got %d)", n)
		}
	}
	return o, nil
}

// measure runs o.Executions calls of one, o.Concurrency at a time, timing each, and stops at
// the first error.
func measure(ctx context.Context, o Options, one func(context.Context, int) error) (Side, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	latencies := make([]time.Duration, o.Executions)
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	began := time.Now()
	for range o.Concurrency {
		wg.Go(func() {
			for i := range next {
				t0 := time.Now()
				if err := one(ctx, i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					continue
				}
				latencies[i] = time.Since(t0)
			}
		})
	}
	for i := range o.Executions {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	wall := time.Since(began)
	if firstErr != nil {
		return Side{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return Side{}, err
	}
	return summarize(latencies, wall), nil
}

// ratio is a/b, or 0 when b is 0 (nothing measured).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func runBare(ctx context.Context, c client.Client, tq, wfID string) error {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: wfID, TaskQueue: tq}, bareWorkflowName)
	if err != nil {
		return fmt.Errorf("starting %s: %w", wfID, err)
	}
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: wfID, UpdateName: bareUpdateName,
		Args: []any{map[string]any{"verified": true}}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err != nil {
		return fmt.Errorf("completing %s: %w", wfID, err)
	}
	if err := h.Get(ctx, nil); err != nil {
		return fmt.Errorf("completing %s: %w", wfID, err)
	}
	if err := run.Get(ctx, nil); err != nil {
		return fmt.Errorf("waiting for %s: %w", wfID, err)
	}
	return nil
}
