// Package sqlite is the SQLite backend of the store (modernc.org/sqlite, pure Go, no cgo), for
// `wfb serve` on one machine.
//
// Decisions:
//   - Times are TEXT in the fixed-width form 2006-01-02T15:04:05.000000Z (UTC, microseconds), so
//     text comparison is time comparison and the (created_at, id) indexes serve keyset pages.
//   - JSON is TEXT, checked with json_valid; documents come back byte for byte as written.
//   - Locking: the database is in WAL mode (readers never block the writer), foreign keys are
//     on, and every connection begins its transactions with BEGIN IMMEDIATE (_txlock=immediate),
//     so a transaction holds the write lock from its first statement. Two transactions can
//     therefore never deadlock by both upgrading a read lock, and a read followed by a write in
//     one transaction is atomic; LockTemplate only checks that the template exists. Waiting
//     writers queue on busy_timeout (10 s).
//   - Migrations: goose runs each migration in its own BEGIN IMMEDIATE transaction. Two
//     processes migrating at once both list the pending migrations, then apply them one at a
//     time under the write lock; the loser of that race fails on a table that already exists,
//     its transaction rolls back, and Migrate retries, finding nothing pending. goose has no
//     session locker for SQLite, and this needs none.
package sqlite
