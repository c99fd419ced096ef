package bench

import (
	"math"
	"slices"
	"time"
)

// Side is the measurement of one side (engine or bare) of the comparison.
type Side struct {
	// Executions is how many executions ran, each start to completion.
	Executions int
	// Wall is the wall time of the whole concurrent run.
	Wall time.Duration
	// Throughput is Executions per second of Wall.
	Throughput float64
	// P50 and P95 are percentiles of the per-execution latency (start to completion).
	P50, P95 time.Duration
}

// summarize computes a side's figures from its per-execution latencies and the run's wall time.
func summarize(latencies []time.Duration, wall time.Duration) Side {
	s := Side{Executions: len(latencies), Wall: wall}
	if wall > 0 {
		s.Throughput = float64(len(latencies)) / wall.Seconds()
	}
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	s.P50 = percentile(sorted, 0.50)
	s.P95 = percentile(sorted, 0.95)
	return s
}

// percentile is the nearest-rank percentile of sorted values (0 for none): the smallest value
// at least q of the values are at or below.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}
