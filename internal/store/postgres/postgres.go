package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// dialect is how PostgreSQL differs from the shared SQL.
var dialect = &sqlstore.Dialect{
	Name:               "postgres",
	DollarPlaceholders: true,
	BindTime:           func(t time.Time) any { return t },
	LockSuffix:         " FOR UPDATE",
	ILike:              "ILIKE",
	Classify:           classify,
	InboxArms:          32,
}

// Store is a store.Store on a PostgreSQL database.
type Store struct {
	*sqlstore.DB
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value DSN) and checks that
// it answers. It does not migrate: call Migrate.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("opening postgres database: parsing the URL: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	// Bounded, so that a burst of requests queues in the pool rather than exhausting the
	// server's max_connections.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{DB: sqlstore.New(db, dialect)}
	if err := s.Ping(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("opening postgres database: %w", err), db.Close())
	}
	return s, nil
}

// Migrate applies the embedded migrations that have not run yet, holding an advisory lock on
// the current schema so that concurrent callers take turns.
func (s *Store) Migrate(ctx context.Context) error {
	p, schema, err := s.migrator(ctx)
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating schema %s: %w", schema, err)
	}
	return nil
}

// migrator is goose over the embedded migrations of the current schema, without goose's global
// state, locked per schema.
func (s *Store) migrator(ctx context.Context) (*goose.Provider, string, error) {
	var current sql.NullString
	if err := s.SQL().QueryRowContext(ctx, "SELECT current_schema()").Scan(&current); err != nil {
		return nil, "", fmt.Errorf("finding the current schema: %w", err)
	}
	if !current.Valid {
		return nil, "", errors.New("no schema on the search_path exists")
	}
	schema := current.String
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(lockID(schema)),
		// Poll every second for up to five minutes: a migration in another process is short.
		lock.WithLockTimeout(1, 300),
	)
	if err != nil {
		return nil, "", err
	}
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, "", err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, s.SQL(), fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	return p, schema, err
}

// lockID is the advisory lock id of the migrations of one schema.
func lockID(schema string) int64 {
	return int64(crc64.Checksum([]byte("wfb migrate "+schema), crc64.MakeTable(crc64.ECMA)))
}

// classify recognises PostgreSQL's constraint errors by their SQLSTATE.
func classify(err error) sqlstore.Violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqlstore.NoViolation
	}
	switch e.Code {
	case "23505": // unique_violation
		return sqlstore.UniqueViolation
	case "23503": // foreign_key_violation
		return sqlstore.ForeignKeyViolation
	}
	return sqlstore.NoViolation
}
