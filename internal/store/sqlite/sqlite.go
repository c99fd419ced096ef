package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// dialect is how SQLite differs from the shared SQL.
var dialect = &sqlstore.Dialect{
	Name:       "sqlite",
	BindTime:   func(t time.Time) any { return sqlstore.FormatTime(t) },
	LockSuffix: "", // transactions begin IMMEDIATE: they already hold the only write lock
	ILike:      "LIKE",
	Classify:   classify,
	InboxArms:  2,
}

// Store is a store.Store on one SQLite file.
type Store struct {
	*sqlstore.DB
	path string
}

var _ store.Store = (*Store)(nil)

// Open opens (creating it if needed) the SQLite database at path and checks that it answers. It
// does not migrate: call Migrate.
func Open(ctx context.Context, path string) (*Store, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("opening sqlite database %q: the path must not contain ? or #", path)
	}
	params := url.Values{}
	params.Set("_txlock", "immediate")
	params.Add("_pragma", "busy_timeout(10000)")
	params.Add("_pragma", "foreign_keys(1)")
	params.Add("_pragma", "journal_mode(WAL)")
	// NORMAL is durable in WAL mode except for the last transactions before a power cut.
	params.Add("_pragma", "synchronous(NORMAL)")
	db, err := sql.Open("sqlite", path+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening sqlite database %s: %w", path, err)
	}
	s := &Store{DB: sqlstore.New(db, dialect), path: path}
	if err := s.pingWhileBusy(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("opening sqlite database %s: %w", path, err), db.Close())
	}
	return s, nil
}

// openBusyWait bounds how long Open waits for another process that holds the database.
const openBusyWait = 10 * time.Second

// pingWhileBusy pings until the database answers. Two processes opening a new file at once
// (wfb serve and wfb worker started together) race to switch it to WAL, and the loser gets
// SQLITE_BUSY at once: SQLite does not call the busy handler there, so busy_timeout does not
// cover it.
func (s *Store) pingWhileBusy(ctx context.Context) error {
	deadline := time.Now().Add(openBusyWait)
	for {
		err := s.Ping(ctx)
		var e *sqlite.Error
		if err == nil || !errors.As(err, &e) || e.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Migrate applies the embedded migrations that have not run yet.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return fmt.Errorf("migrating %s: %w", s.path, err)
	}
	// A failed attempt that leaves nothing pending lost the race to another process, which
	// applied the same migrations; see the package doc.
	const attempts = 3
	for i := 1; ; i++ {
		_, err := p.Up(ctx)
		if err == nil {
			return nil
		}
		pending, perr := p.HasPending(ctx)
		if perr == nil && !pending {
			return nil
		}
		if i == attempts || ctx.Err() != nil {
			return fmt.Errorf("migrating %s: %w", s.path, err)
		}
	}
}

// migrator is goose over the embedded migrations, without goose's global state.
func (s *Store) migrator() (*goose.Provider, error) {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, s.SQL(), fsys, goose.WithDisableGlobalRegistry(true))
}

// classify recognises SQLite's constraint errors by their extended result codes.
func classify(err error) sqlstore.Violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqlstore.NoViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqlstore.UniqueViolation
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.ForeignKeyViolation
	}
	return sqlstore.NoViolation
}
