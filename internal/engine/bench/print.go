package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Print writes the report as a small table.
func (r *Report) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "side\texecutions\tconcurrency\twall\tthroughput/s\tp50\tp95\n")
	for _, s := range []struct {
		name string
		Side
	}{{"bare", r.Bare}, {"engine", r.Engine}} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.1f\t%s\t%s\n", s.name, s.Executions, r.Concurrency, round(s.Wall), s.Throughput, round(s.P50), round(s.P95))
	}
	fmt.Fprintf(tw, "engine/bare\t\t\t\t%.2fx\t%.2fx\t%.2fx\n", r.ThroughputOverhead, r.P50Overhead, r.P95Overhead)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("printing the report: %w", err)
	}
	if _, err := fmt.Fprintf(w, "(overhead: throughput is bare/engine, latencies engine/bare; goal <= 1.50x)\n%s\n", r.Comparison); err != nil {
		return fmt.Errorf("printing the report: %w", err)
	}
	if len(r.Batches) == 0 {
		return nil
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w)
	fmt.Fprintf(tw, "BATCH children\twall\tchildren/s\n")
	for _, b := range r.Batches {
		fmt.Fprintf(tw, "%d\t%s\t%.1f\n", b.Children, round(b.Wall), float64(b.Children)/b.Wall.Seconds())
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("printing the report: %w", err)
	}
	return nil
}

// round keeps three significant-ish digits: a benchmark's nanoseconds are noise.
func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	default:
		return d.Round(10 * time.Microsecond)
	}
}
