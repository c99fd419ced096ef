// Package storetest is the conformance suite every store backend passes, and the helpers that
// give a test a real, fresh database of either kind (SQLitePath, PostgresURL, PostgresSchema).
//
// The suite checks the contract of store.Querier that the app layer relies on, including two
// choices the interface leaves to the implementation and that every backend here makes the same:
//   - JSON documents (definition, context) come back as the same bytes that were written: key
//     order, spacing and number spelling are kept.
//   - Times come back in UTC truncated to the microsecond, and Create/Update methods normalize
//     the caller's record the same way, so its UpdatedAt is a valid optimistic-concurrency token.
//
// The concurrency cases run against the real databases: 50 goroutines sending one idempotency
// key leave one trigger event, and 20 goroutines completing one human task leave one completion.
// SeedInbox and BenchInbox give the inbox's plan test and benchmarks the same 10,000 open tasks.
package storetest
