package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"github.com/workflowbuilder/wfb/internal/engine/bench"
)

// batchBenchOptions are the flags of `wfb bench batch`.
type batchBenchOptions struct {
	items, maxConcurrency int
	store                 string
	json, engineOnly      bool
}

func runBenchBatch(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: wfb bench batch --items N [--max-concurrency C] [--store sqlite|postgres] [--engine-only] [--json]\n\n"+
			"Run, on one Temporal server in this process, a bare Temporal fan-out of N trivial children and\n"+
			"the engine's BATCH of N trivial children with the same cap, and compare their wall times. The\n"+
			"engine side's largest payload and longest history are read back from the server.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var (
		c config
		o batchBenchOptions
	)
	fs.IntVar(&o.items, "items", 0, "children per side (required)")
	fs.IntVar(&o.maxConcurrency, "max-concurrency", bench.DefaultBatchConcurrency, "children running at once, both sides")
	fs.BoolVar(&o.json, "json", false, "print the result as one JSON object on the last line")
	fs.BoolVar(&o.engineOnly, "engine-only", false, "run the engine's BATCH alone, no bare fan-out and no ratio (for sizes where both sides would take hours)")
	benchServerFlags(fs, &c, &o.store)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wfb bench batch: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if o.items < 1 || o.maxConcurrency < 1 {
		fmt.Fprintf(stderr, "wfb bench batch: --items and --max-concurrency must be at least 1 (got %d and %d)\n", o.items, o.maxConcurrency)
		return 2
	}
	if err := checkBenchStore(o.store); err != nil {
		fmt.Fprintf(stderr, "wfb bench batch: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := benchmarkBatch(ctx, c, o, stdout); err != nil {
		fmt.Fprintf(stderr, "wfb bench batch: %v\n", err)
		return 1
	}
	return 0
}

// benchmarkBatch runs bench.RunBatch with a fresh store for the application's rows (SQLite in a
// temporary directory, or a fresh PostgreSQL database with --store postgres) and, without
// --temporal-address, a fresh embedded server keeping its state in the same kind of store.
func benchmarkBatch(ctx context.Context, c config, o batchBenchOptions, stdout io.Writer) (err error) {
	dir, err := os.MkdirTemp("", "wfb-bench-batch-")
	if err != nil {
		return fmt.Errorf("creating a temporary directory: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	c.DataDir, c.TemporalPort = dir, 0
	if o.store == benchStorePostgres {
		// A fresh database for the application's rows, with the embedded server's two beside
		// it (connectTemporal follows --db), all dropped at the end.
		dsn, drop, err := benchDatabase(ctx)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, drop()) }()
		c.DB = dsn
	}
	st, _, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	tc, err := connectTemporal(ctx, c, newLogger(), c.TemporalAddress == "")
	if err != nil {
		return err
	}
	defer tc.close()
	fmt.Fprintf(stdout, "wfb bench batch: Temporal %s (%s), %d children per side, at most %d at once\n\n", tc.address, o.store, o.items, o.maxConcurrency)
	r, err := bench.RunBatch(ctx, bench.BatchOptions{Client: tc.client, Store: st, Items: o.items, MaxConcurrency: o.maxConcurrency, EngineOnly: o.engineOnly})
	if err != nil {
		return err
	}
	if err := printBatchReport(stdout, r, o.engineOnly); err != nil {
		return err
	}
	only := ""
	if o.engineOnly {
		only = " --engine-only"
	}
	fmt.Fprintf(stdout, "rerun: wfb bench batch --items %d --max-concurrency %d --store %s%s\n", o.items, o.maxConcurrency, o.store, only)
	if o.json {
		line, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encoding the report: %w", err)
		}
		fmt.Fprintln(stdout, string(line))
	}
	return nil
}

// printBatchReport writes the human table.
func printBatchReport(w io.Writer, r *bench.BatchReport, engineOnly bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "side\tchildren\tcap\tseconds\tchildren/s\n")
	if !engineOnly {
		fmt.Fprintf(tw, "bare\t%d\t%d\t%.1f\t%.1f\n", r.Items, r.MaxConcurrency, r.Bare.Seconds, r.Bare.ChildrenPerSecond)
	}
	fmt.Fprintf(tw, "engine\t%d\t%d\t%.1f\t%.1f\n", r.Items, r.MaxConcurrency, r.Engine.Seconds, r.Engine.ChildrenPerSecond)
	if !engineOnly {
		fmt.Fprintf(tw, "engine/bare\t\t\t%.2fx\t\n", r.Ratio)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("printing the report: %w", err)
	}
	h := r.Histories
	_, err := fmt.Fprintf(w, "engine side on the server: %d workflows, %d runs; largest payload %d bytes (%s); longest history %d events (%s)\n",
		h.Workflows, h.Runs, h.MaxPayloadBytes, h.MaxPayloadWorkflow, h.MaxHistoryEvents, h.MaxEventsWorkflow)
	if err == nil && r.PeakRSSBytes > 0 {
		_, err = fmt.Fprintf(w, "peak resident memory of this process (worker and store client, not the Temporal server): %d MiB\n", r.PeakRSSBytes>>20)
	}
	if err != nil {
		return fmt.Errorf("printing the report: %w", err)
	}
	return nil
}
