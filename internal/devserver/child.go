package devserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dataDir == "" || *port <= 0 {
		fmt.Fprintln(stderr, "temporal-dev-server: --data-dir and --port are required")
		return 2
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
	err := serve(ctx, *dataDir, *port, *uiPort, *namespace, *level)
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 1
	}
	return 0
}

// serve runs the server in this process until ctx is done.
func serve(ctx context.Context, dataDir string, port, uiPort int, namespace, level string) error {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return fmt.Errorf("creating data directory: %w", err)
	}
	sql := sqlConfig(dataDir)
	if err := prepareDatabase(sql, namespace); err != nil {
		return err
	}
	p, err := pickPorts(port)
	if err != nil {
		return err
	}
	conf, hosts := serverConfig(dataDir, p)
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
