package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/workflowbuilder/wfb/internal/devserver"
)

func runMigrate(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	c, code, ok := parseConfig("migrate", "Apply the database migrations and exit (the servers also apply them at start); with --db postgres:// also the embedded Temporal server's.", args, stderr)
	if !ok {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, where, err := openStore(ctx, c)
	if err != nil {
		fmt.Fprintf(stderr, "wfb migrate: %v\n", err)
		return 1
	}
	if err := st.Close(); err != nil {
		fmt.Fprintf(stderr, "wfb migrate: closing the database: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wfb: migrated %s\n", where)
	// wfb serve's embedded Temporal server keeps its state in PostgreSQL too; with an external
	// cluster (--temporal-address) its schema is that cluster's business.
	pgDSN, err := c.temporalPostgresDSN()
	if err != nil {
		fmt.Fprintf(stderr, "wfb migrate: %v\n", err)
		return 2
	}
	if pgDSN != "" && c.TemporalAddress == "" {
		if err := devserver.MigratePostgres(pgDSN); err != nil {
			fmt.Fprintf(stderr, "wfb migrate: %v\n", err)
			return 1
		}
		store, visibility, _ := devserver.PostgresDatabases(c.DB)
		storeVer, visibilityVer, err := devserver.PostgresSchemaVersions(c.DB)
		if err != nil {
			fmt.Fprintf(stderr, "wfb migrate: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wfb: migrated the embedded Temporal server's databases %s (schema %s) and %s (schema %s)\n", store, storeVer, visibility, visibilityVer)
	}
	return 0
}
