package bench_test

import (
	"os"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine/bench"
)

// A report prints as two small tables: the two sides with their overhead, then the BATCH runs.
func ExampleReport_Print() {
	r := &bench.Report{
		Comparison:         "engine: one confirm step; bare: one Update and one activity",
		Concurrency:        10,
		Bare:               bench.Side{Executions: 200, Wall: 4 * time.Second, Throughput: 50, P50: 180 * time.Millisecond, P95: 300 * time.Millisecond},
		Engine:             bench.Side{Executions: 200, Wall: 5 * time.Second, Throughput: 40, P50: 230 * time.Millisecond, P95: 390 * time.Millisecond},
		ThroughputOverhead: 1.25, P50Overhead: 230.0 / 180, P95Overhead: 1.3,
		Batches: []bench.Batch{{Children: 1000, Wall: 20 * time.Second}},
	}
	if err := r.Print(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// side         executions  concurrency  wall  throughput/s  p50    p95
	// bare         200         10           4s    50.0          180ms  300ms
	// engine       200         10           5s    40.0          230ms  390ms
	// engine/bare                                 1.25x         1.28x  1.30x
	// (overhead: throughput is bare/engine, latencies engine/bare; goal <= 1.50x)
	// engine: one confirm step; bare: one Update and one activity
	//
	// BATCH children  wall  children/s
	// 1000            20s   50.0
}
