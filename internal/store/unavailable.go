package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// ErrUnavailable marks an error that says the database could not be reached or stopped
// answering: an outage, not a bug or a refused request. Callers retry later; the API answers
// 503 database_unavailable. A backend may wrap its errors with it; Unavailable also recognises
// the drivers' own errors without it.
var ErrUnavailable = errors.New("store: database unavailable")

// Unavailable reports whether err says the database is unavailable: ErrUnavailable; a network
// error on the way to it (refused, reset, timed out, closed mid-answer); PostgreSQL's
// connection-exception class 08, shutdown (57P01-57P03) and too-many-connections (53300)
// SQLSTATEs; or SQLite's busy, I/O, full, can't-open and read-only result codes. The drivers
// are recognised by the methods their errors have (SQLState() string for pgx, Code() int for
// modernc.org/sqlite), so that this package imports neither.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && !errors.Is(err, context.DeadlineExceeded) { // a deadline is the caller's
		return true
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		s := pg.SQLState()
		return strings.HasPrefix(s, "08") || s == "57P01" || s == "57P02" || s == "57P03" || s == "53300"
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff { // the primary result code of an extended one
		case sqliteBusy, sqliteIOErr, sqliteFull, sqliteCantOpen, sqliteReadOnly:
			return true
		}
	}
	return false
}

// SQLite's primary result codes (https://sqlite.org/rescode.html) that mean the database file
// cannot be used right now.
const (
	sqliteBusy     = 5
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)
