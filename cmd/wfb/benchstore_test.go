package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// wfb bench --store postgres runs both sides on an embedded server that keeps its state in a
// fresh PostgreSQL database, and drops that database and Temporal's two beside it at the end.
func TestBenchOnPostgres(t *testing.T) {
	server := storetest.PostgresURL(t) // skips (or fails under CI) without PostgreSQL
	t.Setenv("WFB_BENCH_POSTGRES", server)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "-n", "3", "-c", "2", "-batch", "4", "--store", "postgres"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("wfb bench exited %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	out := stdout.String()
	m := regexp.MustCompile(`PostgreSQL database (wfb_bench_[0-9a-f]+), 4 history shards`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the header names no PostgreSQL database with 4 shards:\n%s", out)
	}
	for _, want := range []string{"engine/bare", `rerun: wfb bench -n 3 -c 2 -batch "4" --store postgres`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var left int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname LIKE $1", m[1]+"%").Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d databases of the run are left behind", left)
	}
}

func TestBenchStoreFlag(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--store", "mysql"}, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--store must be sqlite or postgres") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// wfb migrate --db postgres:// also creates and migrates the embedded Temporal server's two
// databases, and a second run changes nothing.
func TestMigratePostgresTemporal(t *testing.T) {
	t.Parallel()
	dsn := storetest.PostgresURL(t)
	store, visibility, err := devserver.PostgresDatabases(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropDatabases(t, dsn, store, visibility) })
	for i := range 2 {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"migrate", "--db", dsn}, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("wfb migrate (run %d) = %d: %s", i+1, code, stderr.String())
		}
		// The versions of the server module this build uses (schema/postgresql/v12).
		if want := fmt.Sprintf("databases %s (schema 1.19) and %s (schema 1.14)", store, visibility); !strings.Contains(stdout.String(), want) {
			t.Errorf("run %d does not say %q:\n%s", i+1, want, stdout.String())
		}
	}
	// With an external cluster, Temporal's schema is not wfb's to manage.
	var stdout bytes.Buffer
	if code := run([]string{"migrate", "--db", dsn, "--temporal-address", "127.0.0.1:1"}, nil, &stdout, &bytes.Buffer{}); code != 0 || strings.Contains(stdout.String(), store) {
		t.Errorf("migrate with --temporal-address = %d:\n%s", code, stdout.String())
	}
}

func dropDatabases(t *testing.T, dsn string, names ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Errorf("connecting to drop %v: %v", names, err)
		return
	}
	defer conn.Close(ctx)
	for _, n := range names {
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", n, err)
		}
	}
}
