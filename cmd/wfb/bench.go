package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/workflowbuilder/wfb/internal/engine/bench"
)

func runBench(args []string, in io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "batch" {
		return runBenchBatch(args[1:], in, stdout, stderr)
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: wfb bench [flags]\n\nMeasure the engine against a bare Temporal workflow doing the same round trip on the same\n"+
			"server, and the wall time of BATCH fan-outs. With no --temporal-address it runs an embedded\n"+
			"Temporal server in a temporary directory, removed at the end.\n\n"+
			"wfb bench batch --items N compares the engine's BATCH with a bare Temporal fan-out (wfb bench batch -h).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var (
		c         config
		o         bench.Options
		storeName string
		sizes     = sizeList(bench.DefaultBatchSizes)
	)
	fs.IntVar(&o.Executions, "n", bench.DefaultExecutions, "executions per side")
	fs.IntVar(&o.Concurrency, "c", bench.DefaultConcurrency, "executions in flight at once per side")
	fs.Var(&sizes, "batch", `comma-separated BATCH sizes (children per run); "" for none`)
	benchServerFlags(fs, &c, &storeName)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wfb bench: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	// Zero means the library's default; on the command line it can only be a mistake.
	if o.Executions < 1 || o.Concurrency < 1 {
		fmt.Fprintf(stderr, "wfb bench: -n and -c must be at least 1 (got %d and %d)\n", o.Executions, o.Concurrency)
		return 2
	}
	if err := checkBenchStore(storeName); err != nil {
		fmt.Fprintf(stderr, "wfb bench: %v\n", err)
		return 2
	}
	o.BatchSizes = sizes
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if storeName == benchStorePostgres {
		dsn, drop, err := benchDatabase(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "wfb bench: %v\n", err)
			return 1
		}
		defer func() {
			if err := drop(); err != nil {
				fmt.Fprintf(stderr, "wfb bench: %v\n", err)
			}
		}()
		c.DB = dsn
	}
	if err := benchmark(ctx, c, o, stdout); err != nil {
		fmt.Fprintf(stderr, "wfb bench: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nrerun: wfb bench -n %d -c %d -batch %q", o.Executions, o.Concurrency, sizes.String())
	if storeName != benchStoreSQLite {
		fmt.Fprintf(stdout, " --store %s", storeName)
	}
	if c.TemporalAddress != "" {
		fmt.Fprintf(stdout, " --temporal-address %s --temporal-namespace %s", c.TemporalAddress, c.TemporalNamespace)
	}
	fmt.Fprintln(stdout)
	return 0
}

// benchmark runs the measurement with a fresh store (SQLite in a temporary directory, or the
// fresh PostgreSQL database in c.DB) and, without --temporal-address, a fresh embedded server
// on the same store, so no run sees another's rows or history.
func benchmark(ctx context.Context, c config, o bench.Options, stdout io.Writer) (err error) {
	dir, err := os.MkdirTemp("", "wfb-bench-")
	if err != nil {
		return fmt.Errorf("creating a temporary directory: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	c.DataDir, c.TemporalPort = dir, 0
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
	fmt.Fprintf(stdout, "wfb bench: Temporal %s (namespace %s, %s), %d executions per side, %d at once\n\n", tc.address, c.TemporalNamespace, benchStoreLabel(c, tc), o.Executions, o.Concurrency)
	o.Client, o.Store = tc.client, st
	r, err := bench.Run(ctx, o)
	if err != nil {
		return err
	}
	return r.Print(stdout)
}

// sizeList is the -batch flag: comma-separated positive sizes; "" is none.
type sizeList []int

func (s *sizeList) String() string {
	parts := make([]string, len(*s))
	for i, n := range *s {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func (s *sizeList) Set(v string) error {
	out := sizeList{}
	for part := range strings.SplitSeq(v, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a positive number of children", part)
		}
		out = append(out, n)
	}
	*s = out
	return nil
}
