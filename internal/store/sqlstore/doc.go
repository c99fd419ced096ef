// Package sqlstore is the one SQL implementation of store.Querier, shared by the SQLite and
// PostgreSQL backends over database/sql.
//
// Both databases speak nearly the same SQL, so every query is written once, with "?"
// placeholders, and a Dialect supplies what differs: the placeholder style, how a time is bound,
// the row-lock suffix, the case-insensitive LIKE operator and how a constraint violation is
// recognised. How a write transaction starts is the driver's business (SQLite opens its
// connections with _txlock=immediate), so InTx is the same code for both.
//
// Decisions:
//   - Times are truncated to the microsecond and converted to UTC before they are bound, and the
//     caller's record is updated with the stored value, so an updated_at written by a Create or
//     Update can be sent straight back as an optimistic-concurrency token.
//   - JSON (definition, context) is bound as text and read back as text: the bytes out are the
//     bytes in, on both backends (see the postgres package for why its column is json, not jsonb).
//   - Lists are keyset-paginated on (created_at, id) with a row-value comparison, which both
//     databases answer from the (filter..., created_at, id) indexes the migrations create
//     (TestPlansUseIndexes asks each database for its plans). Two exceptions: a template name
//     filter (a substring, case-insensitive) walks the (created_at, id) index and tests each
//     row, fine for the hundreds of templates an organisation has; and links by entity id alone
//     sort the few links of that id.
//   - workflow_executions carries a workflow_template_id column that SPEC §2 does not name: the
//     store copies it from the version on insert (a foreign key keeps the pair consistent), so
//     "executions of a template" is one index range instead of a sort of every execution of
//     every version of it. It is never returned.
//   - Human-task and API-key state changes (claim, unclaim, complete, revoke) are one
//     conditional UPDATE each (UPDATE ... WHERE <allowed state> RETURNING on both databases), so
//     of concurrent transitions the database lets exactly one through; the rest find no row in
//     the allowed state and get store.ErrWrongState.
//   - CreateTriggerEvent reports a used idempotency key from INSERT ... ON CONFLICT DO NOTHING,
//     not from a unique violation, so a PostgreSQL transaction survives it and can read the
//     event that holds the key.
//   - human_tasks has two columns SPEC §9 does not name, both never written by callers: due_sort
//     (generated, due_at with "no due date" as the latest instant), so the inbox's due order is
//     one index order on both databases, which sort NULLs differently; and
//     workflow_template_id, copied from the execution on insert like workflow_executions'.
//   - An inbox of several assignees or statuses is a UNION ALL of ordered per-(assignee,
//     status) arms, each capped at a page, up to Dialect.InboxArms arms (32 on PostgreSQL,
//     which merges them; 2 on SQLite, which sorts them and pays per arm), else one IN query
//     (BenchmarkInboxShape measured both forms on both databases).
//   - A unique violation is store.ErrDuplicate; a foreign-key violation is store.ErrNotFound on
//     an insert or update (the row it points at does not exist) and store.ErrReferenced on a
//     delete (rows still point at this one). The driver's error stays in the chain.
package sqlstore
