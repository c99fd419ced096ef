package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

// DB is a store.Querier over a database/sql pool, with transactions. A backend embeds it and
// adds Migrate to make a store.Store.
type DB struct {
	querier
	db *sql.DB
}

// New wraps db, whose SQL speaks d.
func New(db *sql.DB, d *Dialect) *DB {
	return &DB{querier: querier{x: db, d: d}, db: db}
}

// SQL returns the underlying pool (for migrations).
func (s *DB) SQL() *sql.DB { return s.db }

// InTx runs fn in one transaction, committing when fn returns nil and rolling back when it
// returns an error or panics.
func (s *DB) InTx(ctx context.Context, fn func(q store.Querier) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning %s transaction: %w", s.d.Name, err)
	}
	done := false
	defer func() {
		if !done {
			// fn panicked: undo its writes, then let the panic go on.
			_ = tx.Rollback()
		}
	}()
	err = fn(querier{x: tx, d: s.d})
	done = true
	if err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rolling back: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing %s transaction: %w", s.d.Name, err)
	}
	return nil
}

// Ping checks that the database answers.
func (s *DB) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("pinging %s: %w", s.d.Name, err)
	}
	return nil
}

// Close closes the pool.
func (s *DB) Close() error { return s.db.Close() }

// execer is what a querier runs statements on: the pool or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// querier implements store.Querier on an execer.
type querier struct {
	x execer
	d *Dialect
}

var _ store.Querier = querier{}

func (q querier) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.x.ExecContext(ctx, q.d.rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q querier) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.x.QueryRowContext(ctx, q.d.rebind(query), args...)
}

// exists reports whether table has a row with that id; used after a write touched no row, to
// tell "not found" from "stale".
func (q querier) exists(ctx context.Context, table, id string) (bool, error) {
	var one int
	err := q.queryRow(ctx, "SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// writeErr turns a driver error of an insert or update into the store's typed error, keeping
// the driver's error in the chain.
func (q querier) writeErr(err error) error {
	switch q.d.Classify(err) {
	case UniqueViolation:
		return fmt.Errorf("%w: %w", store.ErrDuplicate, err)
	case ForeignKeyViolation:
		return fmt.Errorf("%w (a referenced row): %w", store.ErrNotFound, err)
	}
	return err
}

// deleteErr turns a driver error of a delete into the store's typed error.
func (q querier) deleteErr(err error) error {
	if q.d.Classify(err) == ForeignKeyViolation {
		return fmt.Errorf("%w: %w", store.ErrReferenced, err)
	}
	return err
}

// rowErr maps sql.ErrNoRows to store.ErrNotFound.
func rowErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}
