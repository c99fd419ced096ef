package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/workflowbuilder/wfb/internal/api"
	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/blob"
	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/metrics"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/webui"
)

// shutdownGrace is how long a stopping server waits for in-flight requests.
const shutdownGrace = 30 * time.Second

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	return runServer("serve", "Run everything in one process: the API over SQLite in --data-dir (or PostgreSQL with --db), the engine\n"+
		"worker, and an embedded Temporal server in --data-dir on --temporal-port (or the cluster at --temporal-address).", args, stdout, stderr)
}

func runAPI(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	return runServer("api", "Run the stateless API process for production (PostgreSQL via --db, Temporal via --temporal-address).\n"+
		"It starts executions but runs no worker: run wfb worker next to it.", args, stdout, stderr)
}

// parseConfig parses a server role's flags. ok is false when the process should exit with code.
func parseConfig(name, help string, args []string, stderr io.Writer) (c config, code int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: wfb %s [flags]\n\n%s\n\nFlags:\n", name, help)
		fs.PrintDefaults()
	}
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, 0, false
		}
		return c, 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wfb %s: unexpected argument %q\n", name, fs.Arg(0))
		return c, 2, false
	}
	if err := checkEnv(); err != nil {
		fmt.Fprintf(stderr, "wfb %s: %v\n", name, err)
		return c, 2, false
	}
	return c, 0, true
}

func runServer(name, help string, args []string, stdout, stderr io.Writer) int {
	c, code, ok := parseConfig(name, help, args, stderr)
	if !ok {
		return code
	}
	if err := configureLogging(c, stderr); err != nil {
		fmt.Fprintf(stderr, "wfb %s: %v\n", name, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal starts a graceful stop; a second one ends the process at once.
	context.AfterFunc(ctx, stop)
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "wfb %s: listening on %s: %v\n", name, c.Addr, err)
		return 1
	}
	if err := serve(ctx, name, c, ln, stdout); err != nil {
		fmt.Fprintf(stderr, "wfb %s: %v\n", name, err)
		return 1
	}
	return 0
}

// serve runs the API on ln until ctx ends, then stops accepting and lets in-flight requests
// finish (up to shutdownGrace). It owns ln. role "serve" also runs the engine worker, against
// the embedded Temporal server unless --temporal-address is set; role "api" only dials
// --temporal-address. Stopping drains HTTP first, then the worker, then the embedded server.
func serve(ctx context.Context, role string, c config, ln net.Listener, stdout io.Writer) error {
	defer ln.Close()
	embedded := role == "serve" && c.TemporalAddress == ""
	if !embedded && c.TemporalAddress == "" {
		return errors.New("--temporal-address is required (wfb serve runs an embedded Temporal server instead)")
	}
	st, where, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	tc, err := connectTemporal(ctx, c, newLogger(), embedded)
	if err != nil {
		return err
	}
	defer tc.close()
	ec := engine.NewClient(tc.client, "").WithWaitLimit(c.EngineWait)
	blobs, err := blob.Open(ctx, c.BlobURL, c.DataDir)
	if err != nil {
		return err
	}
	svc := app.New(st, nil, app.WithEngine(ec), app.WithBacklogLimit(c.BacklogLimit), app.WithBlobs(blobs, c.MaxUploadBytes))
	cleanupCtx, stopCleanup := context.WithCancel(ctx)
	defer stopCleanup()
	go svc.RunFileCleanup(cleanupCtx, app.DefaultFileCleanupInterval, cmp.Or(c.FileRetention, app.DefaultFileRetention), newLogger())
	metrics := metrics.New()
	if role == "serve" {
		stopEngine, err := runEngine(ctx, tc.client, st, svc, metrics, c)
		if err != nil {
			return err
		}
		defer stopEngine()
	}
	// Not ready without a worker: every action would wait for one, then answer 503.
	ready := []api.ReadyCheck{{Name: "temporal", Check: tc.check}, {Name: "worker", Check: ec.CheckWorkers}}

	handler := api.New(svc, api.Options{Version: buildVersion(), Ready: ready, NoAuth: c.NoAuth,
		Metrics: metrics, Logger: slog.Default(), UI: webui.Files()})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "wfb: database %s\n", where)
	fmt.Fprintf(stdout, "wfb: web app  %s/\n", base)
	fmt.Fprintf(stdout, "wfb: API      %s/v1\n", base)
	fmt.Fprintf(stdout, "wfb: docs     %s/docs\n", base)
	fmt.Fprintf(stdout, "wfb: OpenAPI  %s/openapi.json\n", base)
	kind := "external"
	if embedded {
		kind = "embedded, state in " + filepath.Join(c.DataDir, "temporal")
	}
	fmt.Fprintf(stdout, "wfb: Temporal %s (namespace %s, %s)\n", tc.address, c.TemporalNamespace, kind)
	if tc.dev != nil && tc.dev.UIAddress() != "" {
		fmt.Fprintf(stdout, "wfb: Temporal UI %s\n", tc.dev.UIAddress())
	}

	if err := announceAuth(ctx, c, svc, stdout); err != nil {
		return err
	}

	if err := api.Serve(ctx, srv, ln, shutdownGrace); err != nil {
		return err
	}
	// The deferred calls stop the rest in order: the worker, then Temporal, then the database.
	slog.Info("HTTP drained; stopping the engine worker and Temporal", "role", role)
	fmt.Fprintln(stdout, "wfb: stopped")
	return nil
}

// openStore opens and migrates the database c names: PostgreSQL when --db is set, else SQLite
// in --data-dir (created if missing). where describes it for the startup banner, without
// credentials.
func openStore(ctx context.Context, c config) (st store.Store, where string, err error) {
	if c.DB != "" {
		if !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
			return nil, "", errors.New("--db must be a postgres:// URL (leave it empty for SQLite in --data-dir)")
		}
		pg, err := postgres.Open(ctx, c.DB)
		if err != nil {
			return nil, "", fmt.Errorf("opening PostgreSQL: %w", err)
		}
		st, where = pg, "PostgreSQL"
	} else {
		if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
			return nil, "", fmt.Errorf("creating data directory: %w", err)
		}
		path := filepath.Join(c.DataDir, "wfb.db")
		lite, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, "", fmt.Errorf("opening SQLite: %w", err)
		}
		st, where = lite, "SQLite "+path
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, "", errors.Join(fmt.Errorf("migrating the database: %w", err), st.Close())
	}
	return st, where, nil
}

func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
