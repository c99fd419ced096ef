package store_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/workflowbuilder/wfb/internal/store"
)

// liteErr has the shape of modernc.org/sqlite's *Error, whose fields cannot be set from outside.
type liteErr int

func (e liteErr) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e liteErr) Code() int     { return int(e) }

func TestUnavailable(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("listing templates: %w", err) }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"marked", wrap(store.ErrUnavailable), true},
		{"connection refused", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), true},
		{"connection reset", wrap(syscall.ECONNRESET), true},
		{"bad connection", wrap(driver.ErrBadConn), true},
		{"PostgreSQL shutting down", wrap(&pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}), true},
		{"PostgreSQL starting up", wrap(&pgconn.PgError{Code: "57P03"}), true},
		{"PostgreSQL connection failure", wrap(&pgconn.PgError{Code: "08006"}), true},
		{"too many connections", wrap(&pgconn.PgError{Code: "53300"}), true},
		{"SQLite busy", wrap(liteErr(5)), true},
		{"SQLite busy, extended code", wrap(liteErr(5 | 2<<8)), true},
		{"SQLite disk I/O", wrap(liteErr(10 | 3<<8)), true},
		{"SQLite disk full", wrap(liteErr(13)), true},
		{"a unique violation", wrap(&pgconn.PgError{Code: "23505"}), false},
		{"a syntax error", wrap(&pgconn.PgError{Code: "42601"}), false},
		{"a SQLite constraint", wrap(liteErr(19 | 8<<8)), false},
		{"not found", wrap(store.ErrNotFound), false},
		{"the caller gave up", wrap(context.Canceled), false},
		{"the caller's deadline", wrap(context.DeadlineExceeded), false},
		{"any other error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := store.Unavailable(tt.err); got != tt.want {
				t.Errorf("Unavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
