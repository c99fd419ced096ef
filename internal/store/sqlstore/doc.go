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
//   - A unique violation is store.ErrDuplicate; a foreign-key violation is store.ErrNotFound on
//     an insert or update (the row it points at does not exist) and store.ErrReferenced on a
//     delete (rows still point at this one). The driver's error stays in the chain.
package sqlstore
