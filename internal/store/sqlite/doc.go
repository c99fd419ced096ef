// Package sqlite is the SQLite backend of the store (modernc.org/sqlite, pure Go, no cgo), for
// `wfb serve` on one machine.
//
// Decisions:
//   - Times are TEXT in the fixed-width form 2006-01-02T15:04:05.000000Z (UTC, microseconds), so
//     text comparison is time comparison and the (created_at, id) indexes serve keyset pages.
//     TEXT rather than integer microseconds keeps the database readable with the sqlite3 shell.
//   - JSON is TEXT, checked with json_valid; documents come back byte for byte as written.
//   - Locking: the database is in WAL mode (readers never block the writer), foreign keys are
//     on, and every connection begins its transactions with BEGIN IMMEDIATE (_txlock=immediate),
//     so a transaction holds the write lock from its first statement. Two transactions can
//     therefore never deadlock by both upgrading a read lock, and a read followed by a write in
//     one transaction is atomic; LockTemplate only checks that the template exists. Waiting
//     writers queue on busy_timeout (10 s).
//   - Connections: a database/sql pool, not a single writer connection. Writes are serialized
//     by SQLite either way, and BenchmarkParallelWrites measured the two within noise of each
//     other; the pool lets reads run during a write transaction, which one connection cannot.
//   - Name filters use LIKE, which ignores case for ASCII letters only (PostgreSQL's ILIKE folds
//     every letter).
//   - Migrations: goose runs each migration in its own BEGIN IMMEDIATE transaction. Two
//     processes migrating at once both list the pending migrations, then apply them one at a
//     time under the write lock; the loser of that race fails on a table that already exists,
//     its transaction rolls back, and Migrate retries, finding nothing pending
//     (TestConcurrentMigrate fails without the retry). goose has no session locker for SQLite,
//     and this needs none.
package sqlite
