package devserver

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// postgresDSN is a fresh application database for one test; the embedded server's two
// databases beside it are dropped when the test ends too.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := storetest.PostgresURL(t)
	store, visibility, err := PostgresDatabases(dsn)
	if err != nil {
		t.Fatalf("naming Temporal's databases: %v", err)
	}
	// Registered after PostgresURL's cleanup, so it runs before it (cleanups run last first).
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("connecting to drop Temporal's databases: %v", err)
			return
		}
		defer conn.Close(ctx)
		for _, db := range []string{store, visibility} {
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
				t.Errorf("dropping %s: %v", db, err)
			}
		}
	})
	return dsn
}

func TestMigratePostgresIsIdempotent(t *testing.T) {
	t.Parallel()
	dsn := postgresDSN(t)
	store, visibility, _ := PostgresDatabases(dsn)
	for i := range 2 {
		if err := MigratePostgres(dsn); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
		// The versions of the server module this build uses (schema/postgresql/v12).
		gotStore, gotVisibility, err := PostgresSchemaVersions(dsn)
		if err != nil || gotStore != "1.19" || gotVisibility != "1.14" {
			t.Errorf("after migration %d, %s and %s are at schema versions %q and %q (%v), want 1.19 and 1.14", i+1, store, visibility, gotStore, gotVisibility, err)
		}
	}
}

func TestServerOnPostgresSurvivesRestart(t *testing.T) {
	dsn := postgresDSN(t)
	opts := Options{DataDir: t.TempDir(), PostgresDSN: dsn}
	srv := startWith(t, opts)
	if srv.HistoryShards() != DefaultPostgresShards {
		t.Errorf("history shards = %d, want the PostgreSQL default %d", srv.HistoryShards(), DefaultPostgresShards)
	}
	runGreeting(t, dial(t, srv), "pg-greeting-1")
	if err := srv.Stop(); err != nil {
		t.Fatalf("stopping: %v", err)
	}
	// Nothing of the server's state is in the data directory: a new one finds it all.
	opts.DataDir = t.TempDir()
	srv = startWith(t, opts)
	c := dial(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	desc, err := c.DescribeWorkflowExecution(ctx, "pg-greeting-1", "")
	if err != nil {
		t.Fatalf("describing the workflow after restart: %v", err)
	}
	if st := desc.GetWorkflowExecutionInfo().GetStatus(); st != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Fatalf("workflow status after restart = %v, want COMPLETED", st)
	}
	info, err := c.WorkflowService().GetClusterInfo(ctx, &workflowservice.GetClusterInfoRequest{})
	if err != nil {
		t.Fatalf("cluster info: %v", err)
	}
	if info.GetHistoryShardCount() != DefaultPostgresShards {
		t.Errorf("cluster has %d history shards, want %d", info.GetHistoryShardCount(), DefaultPostgresShards)
	}
	runGreeting(t, c, "pg-greeting-2")
	if err := srv.Stop(); err != nil {
		t.Fatalf("stopping: %v", err)
	}

	// The shard count is the cluster's for life: asking for another fails with a clear error.
	opts.HistoryShards = 8
	if srv, err := tryStart(t, opts); err == nil {
		_ = srv.Stop()
		t.Fatal("Start succeeded with 8 shards on a cluster created with 4")
	} else if !errors.Is(err, ErrShardsMismatch) {
		t.Fatalf("Start with another shard count: %v, want ErrShardsMismatch", err)
	} else {
		t.Logf("as expected: %v", err)
	}
}

func TestShardOptions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		opts    Options
		want    int
		wantErr bool
	}{
		{"sqlite default", Options{}, 1, false},
		{"postgres default", Options{PostgresDSN: "postgres://u@h/db"}, DefaultPostgresShards, false},
		{"postgres chosen", Options{PostgresDSN: "postgres://u@h/db", HistoryShards: 16}, 16, false},
		{"sqlite one", Options{HistoryShards: 1}, 1, false},
		{"sqlite more", Options{HistoryShards: 2}, 0, true},
		{"negative", Options{PostgresDSN: "postgres://u@h/db", HistoryShards: -1}, 0, true},
		{"too many", Options{PostgresDSN: "postgres://u@h/db", HistoryShards: MaxHistoryShards + 1}, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := tc.opts
			err := o.defaultShards()
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && o.HistoryShards != tc.want {
				t.Errorf("shards = %d, want %d", o.HistoryShards, tc.want)
			}
		})
	}
}

func TestPostgresDatabases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		dsn, store, visibility string
		wantErr                bool
	}{
		{"postgres://wfb:secret@db.example:6543/app?sslmode=require&search_path=s1", "app_temporal", "app_temporal_visibility", false},
		{"postgresql://wfb@localhost", "wfb_temporal", "wfb_temporal_visibility", false},
		{"mysql://x@y/z", "", "", true},
		{"postgres://@h/", "", "", true},
	}
	for _, tc := range cases {
		store, vis, err := PostgresDatabases(tc.dsn)
		if (err != nil) != tc.wantErr || store != tc.store || vis != tc.visibility {
			t.Errorf("PostgresDatabases(%q) = %q, %q, %v; want %q, %q, error %v", tc.dsn, store, vis, err, tc.store, tc.visibility, tc.wantErr)
		}
	}
	s, _, _, err := postgresConfigs("postgres://wfb:secret@db.example:6543/app?sslmode=require&search_path=s1")
	if err != nil {
		t.Fatal(err)
	}
	if s.ConnectAddr != "db.example:6543" || s.User != "wfb" || s.Password != "secret" || s.ConnectAttributes["sslmode"] != "require" {
		t.Errorf("config = %+v", s)
	}
	if _, ok := s.ConnectAttributes["search_path"]; ok {
		t.Error("the application's search_path was passed on to Temporal's database")
	}
}
