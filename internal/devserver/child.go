package devserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/temporal"
)

// ChildCommand is the hidden subcommand that runs the server in the child process.
const ChildCommand = "temporal-dev-server"

// RunChild is the child process's main: it runs a Temporal server until it gets SIGTERM or
// SIGINT or its stdin reaches end of file. The parent holds the other end of stdin, so the
// child also stops when the parent dies in a way no signal reports (SIGKILL on a platform
// without a parent-death signal). It returns the process exit status.
func RunChild(args []string, stdin io.Reader, stderr io.Writer) int {
	fs := flag.NewFlagSet(ChildCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "directory of the SQLite database (required)")
	port := fs.Int("port", 0, "frontend gRPC port on 127.0.0.1 (required)")
	namespace := fs.String("namespace", "default", "namespace to register")
	level := fs.String("log-level", "warn", "server log level: debug, info, warn, error")
	uiPort := fs.Int("ui-port", 0, "serve the Temporal Web UI on this port of 127.0.0.1 (0: no UI)")
	shards := fs.Int("shards", 1, "history shards of a new cluster")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dataDir == "" || *port <= 0 || *shards < 1 || *shards > MaxHistoryShards {
		fmt.Fprintf(stderr, "temporal-dev-server: --data-dir and --port are required, --shards between 1 and %d\n", MaxHistoryShards)
		return 2
	}
	// The URL comes through the environment, not the command line, so that its password does
	// not show in the process list.
	st, err := childStorage(*dataDir, os.Getenv(postgresEnv), int32(*shards))
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// Any read result (EOF or error) means the parent is gone or wants us gone.
		_, _ = io.Copy(io.Discard, stdin)
		cancel()
	}()
	if err := serve(ctx, st, *port, *uiPort, *namespace, *level); err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 1
	}
	return 0
}

// postgresEnv carries Options.PostgresDSN to the child.
const postgresEnv = "WFB_TEMPORAL_CHILD_POSTGRES_DSN"

// childStorage is the SQLite file in dataDir, or the PostgreSQL databases for dsn.
func childStorage(dataDir, dsn string, shards int32) (storage, error) {
	if dsn == "" {
		return storage{store: sqlConfig(dataDir), shards: shards}, nil
	}
	store, visibility, _, err := postgresConfigs(dsn)
	if err != nil {
		return storage{}, err
	}
	return storage{store: store, visibility: visibility, shards: shards, dsn: dsn}, nil
}

// serve runs the server in this process until ctx is done.
func serve(ctx context.Context, st storage, port, uiPort int, namespace, level string) error {
	if st.visibility == nil {
		if err := os.MkdirAll(filepath.Dir(st.store.DatabaseName), 0o755); err != nil {
			return fmt.Errorf("creating data directory: %w", err)
		}
		if err := prepareDatabase(st.store); err != nil {
			return err
		}
	} else if err := MigratePostgres(st.dsn); err != nil {
		return err
	}
	if err := registerNamespace(st.store, namespace); err != nil {
		return err
	}
	p, err := pickPorts(port)
	if err != nil {
		return err
	}
	conf, hosts := serverConfig(st, p)
	logger := log.NewZapLogger(log.BuildZapLogger(log.Config{Level: level, Format: "json"}))
	authorizer, err := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	if err != nil {
		return fmt.Errorf("building authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, logger)
	if err != nil {
		return fmt.Errorf("building claim mapper: %w", err)
	}
	server, err := temporal.NewServer(
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dynamicConfig()),
	)
	if err != nil {
		return fmt.Errorf("building the Temporal server: %w", err)
	}
	if err := server.Start(); err != nil {
		return fmt.Errorf("starting the Temporal server: %w", err)
	}
	if uiPort > 0 {
		defer startUI(hostPort(port), uiPort, namespace).Stop()
	}
	<-ctx.Done()
	if err := server.Stop(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stopping the Temporal server: %w", err)
	}
	return nil
}
