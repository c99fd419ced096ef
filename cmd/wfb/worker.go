package main

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/workflowbuilder/wfb/internal/api"
	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/metrics"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

func runWorker(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	c, code, ok := parseConfig("worker", "Run the engine worker for production: it executes workflows from the external Temporal cluster\n"+
		"(--temporal-address) and writes their projections to the database (--db), and reconciles executions left CREATED.", args, stderr)
	if !ok {
		return code
	}
	if err := configureLogging(c, stderr); err != nil {
		fmt.Fprintf(stderr, "wfb worker: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second signal ends the process at once
	if err := work(ctx, c, stdout); err != nil {
		fmt.Fprintf(stderr, "wfb worker: %v\n", err)
		return 1
	}
	return 0
}

// work runs an engine worker and the reconciler until ctx ends.
func work(ctx context.Context, c config, stdout io.Writer) error {
	if c.TemporalAddress == "" {
		return errors.New("--temporal-address is required (wfb serve runs an embedded Temporal server instead)")
	}
	st, where, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	tc, err := connectTemporal(ctx, c, newLogger(), false)
	if err != nil {
		return err
	}
	defer tc.close()
	metrics := metrics.New()
	stopEngine, err := runEngine(ctx, tc.client, st, app.New(st, nil, app.WithEngine(engine.NewClient(tc.client, "").WithWaitLimit(c.EngineWait))), metrics, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wfb: database %s\n", where)
	fmt.Fprintf(stdout, "wfb: Temporal %s (namespace %s), task queue %s\n", tc.address, c.TemporalNamespace, engine.TaskQueue)
	var serveErr error
	if c.MetricsAddr != "" {
		serveErr = serveWorkerMetrics(ctx, c.MetricsAddr, metrics, stdout) // until ctx ends
	} else {
		<-ctx.Done()
	}
	stopEngine()
	fmt.Fprintln(stdout, "wfb: stopped")
	return serveErr
}

// newLogger is the log of the Temporal SDK and the reconciler: the process's log (its format
// and destination, see configureLogging) from warnings up, so that the SDK's DEBUG and INFO
// lines do not drown the ones that matter.
func newLogger() *slog.Logger {
	return slog.New(atLeast{slog.Default().Handler(), slog.LevelWarn})
}

// temporalConn is a connected Temporal client and, for wfb serve, the embedded server it
// talks to.
type temporalConn struct {
	client  client.Client
	dev     *devserver.Server // nil for an external cluster
	address string
}

// connectTemporal starts the embedded server when embedded (state under --data-dir, or in
// PostgreSQL with --db; on --temporal-port) and dials it, or dials --temporal-address with TLS and the API key.
func connectTemporal(ctx context.Context, c config, log *slog.Logger, embedded bool) (*temporalConn, error) {
	tc := &temporalConn{address: c.TemporalAddress}
	opts := client.Options{
		HostPort:  c.TemporalAddress,
		Namespace: c.TemporalNamespace,
		Logger:    sdklog.NewStructuredLogger(log.With("component", "temporal-sdk")),
	}
	if embedded {
		if c.DataDir == "" {
			return nil, errors.New("the embedded Temporal server needs --data-dir")
		}
		pgDSN, err := c.temporalPostgresDSN()
		if err != nil {
			return nil, err
		}
		if pgDSN == "" && c.DB != "" {
			log.Warn("the embedded Temporal server keeps its state in SQLite under --data-dir (--temporal-store)", "store", c.TemporalStore)
		}
		dev, err := devserver.Start(ctx, devserver.Options{
			DataDir:   filepath.Join(c.DataDir, "temporal"),
			Port:      c.TemporalPort,
			Namespace: c.TemporalNamespace,
			UI:        true,
			UIPort:    c.uiPort(),
			// With --db postgres://, Temporal's state goes to PostgreSQL too (databases beside
			// the application's); its data directory then only holds nothing of value.
			PostgresDSN:   pgDSN,
			HistoryShards: c.TemporalShards,
			// The server's own warnings (and the errors it logs while stopping) are noise to
			// someone running wfb serve; its failures still surface through Start and Stop.
			Logger: slog.New(atLeast{slog.Default().Handler(), slog.LevelError}),
		})
		if err != nil {
			return nil, fmt.Errorf("starting the embedded Temporal server: %w", err)
		}
		tc.dev, tc.address = dev, dev.Address()
		opts.HostPort = dev.Address()
	} else {
		// An API key is only ever sent over TLS (Temporal Cloud requires both).
		if c.TemporalTLS || c.TemporalAPIKey != "" {
			opts.ConnectionOptions.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		if c.TemporalAPIKey != "" {
			opts.Credentials = client.NewAPIKeyStaticCredentials(c.TemporalAPIKey)
		}
	}
	cl, err := client.DialContext(ctx, opts)
	if err != nil {
		tc.close()
		return nil, fmt.Errorf("connecting to Temporal at %s: %w", tc.address, err)
	}
	tc.client = cl
	return tc, nil
}

// close closes the client, then stops the embedded server (if any).
func (tc *temporalConn) close() {
	if tc.client != nil {
		tc.client.Close()
	}
	if tc.dev != nil {
		_ = tc.dev.Stop() // the child is gone either way; Stop only reports how it ended.
	}
}

// check is the readiness check of Temporal.
func (tc *temporalConn) check(ctx context.Context) error {
	if _, err := tc.client.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return fmt.Errorf("checking Temporal at %s: %w", tc.address, err)
	}
	return nil
}

// runEngine starts the engine worker over st and the reconciler loop of svc. stop stops both
// and waits for them.
func runEngine(ctx context.Context, c client.Client, st store.Store, svc *app.Service, m *metrics.Metrics, cfg config) (stop func(), err error) {
	p := projection.Persistence{Store: st}
	w := engine.NewWorker(c, engine.Deps{Projector: m.Projector(p, st), Children: p, DataSources: p, Batches: p, Options: worker.Options{}})
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("starting the engine worker: %w", err)
	}
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		svc.RunReconciler(rctx, cmp.Or(cfg.ReconcileInterval, app.DefaultReconcileInterval),
			cmp.Or(cfg.ReconcileGrace, app.DefaultReconcileGrace), newLogger())
	})
	return func() {
		cancel()
		wg.Wait()
		w.Stop()
	}, nil
}

// serveWorkerMetrics serves the worker's /metrics (the executions counters its projections
// count) and /healthz on addr until ctx ends.
func serveWorkerMetrics(ctx context.Context, addr string, m *metrics.Metrics, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on --metrics-addr %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	fmt.Fprintf(stdout, "wfb: metrics  http://%s/metrics\n", ln.Addr())
	return api.Serve(ctx, &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, ln, shutdownGrace)
}
