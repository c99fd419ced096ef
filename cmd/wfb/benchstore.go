package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
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

// Stores `wfb bench --store` and `wfb bench batch --store` accept: where the application and
// the embedded Temporal server keep their state.
const (
	benchStoreSQLite   = "sqlite"
	benchStorePostgres = "postgres"
)

// benchServerFlags registers the flags both bench modes share: the store, and the Temporal
// server to measure (embedded by default).
func benchServerFlags(fs *flag.FlagSet, c *config, storeName *string) {
	fs.StringVar(storeName, "store", benchStoreSQLite, "where the application and the embedded Temporal server keep their state: sqlite, or postgres (a fresh database on WFB_BENCH_POSTGRES, default "+defaultBenchPostgres+")")
	fs.IntVar(&c.TemporalShards, "temporal-shards", envInt("WFB_TEMPORAL_SHARDS", 0), "embedded Temporal's history shards; 0 is 4 with postgres, 1 with sqlite (WFB_TEMPORAL_SHARDS)")
	fs.StringVar(&c.TemporalAddress, "temporal-address", envString("WFB_TEMPORAL_ADDRESS", ""), "external Temporal frontend host:port; default embedded (WFB_TEMPORAL_ADDRESS)")
	fs.StringVar(&c.TemporalNamespace, "temporal-namespace", envString("WFB_TEMPORAL_NAMESPACE", "default"), "Temporal namespace (WFB_TEMPORAL_NAMESPACE)")
	fs.BoolVar(&c.TemporalTLS, "temporal-tls", envBool("WFB_TEMPORAL_TLS", false), "use TLS to the external Temporal cluster (WFB_TEMPORAL_TLS)")
	fs.StringVar(&c.TemporalAPIKey, "temporal-api-key", envString("WFB_TEMPORAL_API_KEY", ""), "API key for the external Temporal cluster (WFB_TEMPORAL_API_KEY)")
}

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

// checkBenchStore reports a --store value that is neither benchStoreSQLite nor benchStorePostgres.
func checkBenchStore(s string) error {
	if s == benchStoreSQLite || s == benchStorePostgres {
		return nil
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
