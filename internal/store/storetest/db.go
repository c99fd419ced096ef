package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresURL is the server the tests use when WFB_TEST_POSTGRES_URL is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// SQLitePath returns the path of a new SQLite database file in a directory removed when t ends.
func SQLitePath(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "wfb.db")
}

// PostgresURL creates a fresh database on the test server (WFB_TEST_POSTGRES_URL, else
// DefaultPostgresURL), drops it when t ends, and returns its URL. When the server cannot be
// reached the test is skipped, unless the environment variable CI is "true": then it fails, so
// that CI never passes without having run the PostgreSQL tests.
func PostgresURL(t testing.TB) string {
	t.Helper()
	server := os.Getenv("WFB_TEST_POSTGRES_URL")
	if server == "" {
		server = DefaultPostgresURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		unreachable(t, server, err)
	}
	defer conn.Close(ctx)
	name := "wfb_test_" + randomSuffix(t)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatalf("creating test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("connecting to drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		// A `wfb serve --db` on this database keeps the embedded Temporal server's state in
		// two databases beside it (devserver.TemporalDatabaseSuffix, VisibilityDatabaseSuffix);
		// they go too.
		for _, db := range []string{name + "_temporal", name + "_temporal_visibility", name} {
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
				t.Errorf("dropping test database %s: %v", db, err)
			}
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("parsing WFB_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// PostgresSchema creates a fresh schema in the database at dbURL (from PostgresURL), drops it
// when t ends, and returns a URL whose connections use it (search_path), so parallel tests can
// share one database without seeing each other's rows. Cheaper than a database per test.
func PostgresSchema(t testing.TB, dbURL string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		unreachable(t, dbURL, err)
	}
	defer conn.Close(ctx)
	name := "s_" + randomSuffix(t)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("creating test schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			t.Errorf("connecting to drop test schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("dropping test schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("parsing database URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func unreachable(t testing.TB, server string, err error) {
	t.Helper()
	msg := fmt.Sprintf("PostgreSQL at %s is unreachable (set WFB_TEST_POSTGRES_URL): %v", redact(server), err)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so this fails instead of skipping")
	}
	t.Skip(msg)
}

// redact hides a password in a URL before it is logged.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func randomSuffix(t testing.TB) string {
	t.Helper()
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("making a random name: %v", err)
	}
	return hex.EncodeToString(b[:])
}
