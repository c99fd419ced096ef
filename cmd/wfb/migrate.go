package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func runMigrate(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	c, code, ok := parseConfig("migrate", "Apply the database migrations and exit (the servers also apply them at start).", args, stderr)
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
	return 0
}
