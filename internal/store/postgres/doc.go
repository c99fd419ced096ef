// Package postgres is the PostgreSQL backend of the store (github.com/jackc/pgx/v5 through its
// database/sql adapter, so it shares every query with SQLite in sqlstore), for `wfb api` and
// `wfb worker` in production.
//
// Decisions:
//   - Times are TIMESTAMPTZ, which keeps microseconds; values are bound and read in UTC.
//   - JSON columns are json rather than the jsonb SPEC §2 names. jsonb re-orders keys, drops
//     spacing and rewrites numbers (1e2 becomes 100), and the store promises the document back
//     as written: a definition is an authored document, shown and diffed as the author wrote
//     it. json is still validated on write. Nothing queries inside these documents today; when
//     something does, an expression index on a cast or a generated jsonb column adds that
//     without changing what is returned.
//   - Ids are TEXT COLLATE "C", so (created_at, id) orders byte-wise, as on SQLite, whatever the
//     database's default collation.
//   - Locking: transactions run at READ COMMITTED; LockTemplate is SELECT ... FOR UPDATE, which
//     serializes the writers of one template's lifecycle. Optimistic writes are single UPDATEs
//     conditioned on updated_at, so of two concurrent writers with the same token the second
//     re-checks the condition after the first commits and touches no row (ErrStale).
//   - Migrations run under goose's session locker, a PostgreSQL advisory lock whose id is
//     derived from the current schema, so processes migrating the same schema take turns and
//     different schemas of one database (as the tests use) migrate independently. A deployment
//     picks its schema with search_path in the URL (postgres://.../db?search_path=wfb).
//   - The pool holds at most 20 connections per process.
package postgres
