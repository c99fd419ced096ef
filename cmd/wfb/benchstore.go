package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/workflowbuilder/wfb/internal/devserver"
)

// defaultBenchPostgres is the server `wfb bench --store postgres` creates its databases on when
// WFB_BENCH_POSTGRES is not set: the local one the development setup has.
const defaultBenchPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// benchStores are the values of `wfb bench --store`.
var benchStores = []string{"sqlite", "postgres"}

// benchDatabase creates a fresh application database for one `wfb bench --store postgres` run
// on the server of WFB_BENCH_POSTGRES (else defaultBenchPostgres) and returns its URL and a
// function that drops it together with the embedded Temporal server's two databases beside it,
// so that no run sees another's rows or history.
func benchDatabase(ctx context.Context) (dsn string, drop func() error, err error) {
	server := envString("WFB_BENCH_POSTGRES", defaultBenchPostgres)
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", nil, fmt.Errorf("connecting to PostgreSQL (WFB_BENCH_POSTGRES): %w", err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "wfb_bench_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("creating the bench database %s: %w", name, err)
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", nil, fmt.Errorf("parsing WFB_BENCH_POSTGRES: %w", err)
	}
	u.Path = "/" + name
	dsn = u.String()
	store, visibility, err := devserver.PostgresDatabases(dsn)
	if err != nil {
		return "", nil, err
	}
	drop = func() error {
		// The run's context may be cancelled (Ctrl-C); the databases are dropped anyway.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			return fmt.Errorf("connecting to drop the bench databases: %w", err)
		}
		defer conn.Close(ctx)
		var errs []error
		for _, db := range []string{store, visibility, name} {
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
				errs = append(errs, fmt.Errorf("dropping %s: %w", db, err))
			}
		}
		return errors.Join(errs...)
	}
	return dsn, drop, nil
}

// checkBenchStore reports a --store value that is not one of benchStores.
func checkBenchStore(s string) error {
	for _, ok := range benchStores {
		if s == ok {
			return nil
		}
	}
	return fmt.Errorf("--store must be sqlite or postgres, not %q", s)
}

// benchStoreLabel describes where a bench run keeps its state, for its header line.
func benchStoreLabel(c config, tc *temporalConn) string {
	store := "SQLite"
	if c.DB != "" {
		store = "PostgreSQL"
		if u, err := url.Parse(c.DB); err == nil {
			store += " database " + strings.TrimPrefix(u.Path, "/")
		}
	}
	if tc.dev == nil {
		return "application on " + store + ", external Temporal"
	}
	if n := tc.dev.HistoryShards(); n != 1 {
		return fmt.Sprintf("%s, %d history shards", store, n)
	}
	return store + ", 1 history shard"
}
