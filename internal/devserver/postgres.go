package devserver

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	postgresplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql"
	"go.temporal.io/server/tools/common/schema"
	sqltool "go.temporal.io/server/tools/sql"
)

// DefaultPostgresShards is the number of history shards of a Temporal cluster the embedded
// server creates in PostgreSQL. A shard is Temporal's unit of history ownership: each is served
// by one history-service loop and all writes of a workflow go through its shard, so shards bound
// how many workflows progress at once. Four keep both cores of a small machine busy without the
// per-shard overhead (a queue reader and a database lease each) that hundreds would cost; see
// docs/operations.md for sizing. SQLite always has one: it has a single writer anyway.
const DefaultPostgresShards = 4

// MaxHistoryShards bounds --temporal-shards: Temporal's own production default is 512 and more is
// for clusters far beyond one embedded server.
const MaxHistoryShards = 1024

// Temporal's own schema versions for PostgreSQL live in the server module (schema/postgresql,
// embedded); these are the paths inside its embedded file system that the schema tool
// (temporal-sql-tool update-schema) reads versioned/ from.
const (
	postgresSchema           = "postgresql/v12/temporal"
	postgresVisibilitySchema = "postgresql/v12/visibility"
)

// Suffixes of the two databases the embedded server keeps next to the application's: Temporal's
// own state and its visibility records (the list of executions), each with its own schema version.
const (
	TemporalDatabaseSuffix   = "_temporal"
	VisibilityDatabaseSuffix = "_temporal_visibility"
)

// postgresConfigs derives the embedded server's two database configurations from the
// application's PostgreSQL URL: the same server and credentials, the databases named after the
// application's with [TemporalDatabaseSuffix] and [VisibilityDatabaseSuffix]. base is the
// application's database, which exists, so that creating the others can connect to it.
func postgresConfigs(dsn string) (store, visibility *config.SQL, base string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, nil, "", fmt.Errorf("parsing the PostgreSQL URL: %w", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, nil, "", fmt.Errorf("the PostgreSQL URL must start with postgres://, not %s://", u.Scheme)
	}
	base = strings.TrimPrefix(u.Path, "/")
	if base == "" {
		base = u.User.Username()
	}
	if base == "" || strings.Contains(base, "/") {
		return nil, nil, "", fmt.Errorf("the PostgreSQL URL names no database: %q", u.Path)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "5432"
	}
	password, _ := u.User.Password()
	// Only the connection's security and timeout carry over: the application's other
	// parameters (a search_path above all) describe its own database, not Temporal's.
	attrs := map[string]string{}
	for _, k := range []string{"sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "connect_timeout"} {
		if v := u.Query().Get(k); v != "" {
			attrs[k] = v
		}
	}
	if attrs["sslmode"] == "" {
		// Temporal's plugin otherwise insists on TLS; the application's driver prefers it
		// but falls back, and a local server (the common case here) has none.
		attrs["sslmode"] = "prefer"
	}
	mk := func(name string) *config.SQL {
		return &config.SQL{
			PluginName:        postgresplugin.PluginNamePGX,
			DatabaseName:      name,
			ConnectAddr:       net.JoinHostPort(host, port),
			ConnectProtocol:   "tcp",
			User:              u.User.Username(),
			Password:          password,
			ConnectAttributes: attrs,
			MaxConns:          20,
			MaxIdleConns:      20,
		}
	}
	return mk(base + TemporalDatabaseSuffix), mk(base + VisibilityDatabaseSuffix), base, nil
}

// PostgresDatabases names the two databases the embedded server uses for the application
// database of dsn.
func PostgresDatabases(dsn string) (store, visibility string, err error) {
	s, v, _, err := postgresConfigs(dsn)
	if err != nil {
		return "", "", err
	}
	return s.DatabaseName, v.DatabaseName, nil
}

// MigratePostgres creates the embedded server's two databases beside the application's database
// of dsn if they are missing and brings their schemas to the versions this build's Temporal
// server needs, with Temporal's own schema tool (what `temporal-sql-tool create-database`,
// `setup-schema -v 0.0` and `update-schema` do). It is idempotent: an up-to-date database is
// left as it is. `wfb migrate` runs it, and the server runs it at every start.
func MigratePostgres(dsn string) error {
	store, visibility, base, err := postgresConfigs(dsn)
	if err != nil {
		return err
	}
	logger := log.NewNoopLogger()
	for _, db := range []struct {
		cfg    *config.SQL
		schema string
	}{{store, postgresSchema}, {visibility, postgresVisibilitySchema}} {
		if err := migrateOne(db.cfg, base, db.schema, logger); err != nil {
			return fmt.Errorf("migrating Temporal's database %s: %w", db.cfg.DatabaseName, err)
		}
	}
	return nil
}

// PostgresSchemaVersions reads the schema versions Temporal's schema tool recorded in the
// embedded server's two databases for the application database of dsn.
func PostgresSchemaVersions(dsn string) (store, visibility string, err error) {
	s, v, _, err := postgresConfigs(dsn)
	if err != nil {
		return "", "", err
	}
	logger := log.NewNoopLogger()
	read := func(cfg *config.SQL) (string, error) {
		conn, err := sqltool.NewConnection(cfg, logger)
		if err != nil {
			return "", fmt.Errorf("connecting to %s: %w", cfg.DatabaseName, err)
		}
		defer conn.Close()
		ver, err := conn.ReadSchemaVersion()
		if err != nil {
			return "", fmt.Errorf("reading the schema version of %s: %w", cfg.DatabaseName, err)
		}
		return ver, nil
	}
	if store, err = read(s); err != nil {
		return "", "", err
	}
	if visibility, err = read(v); err != nil {
		return "", "", err
	}
	return store, visibility, nil
}

func migrateOne(cfg *config.SQL, base, schemaName string, logger log.Logger) error {
	create := *cfg
	if err := sqltool.DoCreateDatabase(&create, base, logger); err != nil {
		return fmt.Errorf("creating the database: %w", err)
	}
	conn, err := sqltool.NewConnection(cfg, logger)
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	defer conn.Close()
	// Version 0.0 only records the version tables; the versioned changes (v1.0 onwards) then
	// build and upgrade the schema, as Temporal's own docker images do it.
	setup := schema.NewSetupSchemaTask(conn, &schema.SetupConfig{InitialVersion: "0.0"}, logger)
	if err := setup.Run(); err != nil {
		return fmt.Errorf("setting up the schema version: %w", err)
	}
	update := schema.NewUpdateSchemaTask(conn, &schema.UpdateConfig{DBName: cfg.DatabaseName, SchemaName: schemaName}, logger)
	if err := update.Run(); err != nil {
		return fmt.Errorf("updating the schema: %w", err)
	}
	return nil
}

// ErrShardsMismatch reports a Temporal database created with another number of history shards
// than the one asked for; Temporal cannot change it for an existing cluster.
var ErrShardsMismatch = errors.New("the number of history shards cannot change")
