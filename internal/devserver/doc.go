// Package devserver runs the embedded Temporal server of `wfb serve`: the same server code the
// Temporal CLI's dev server runs (go.temporal.io/server), listening on 127.0.0.1 with the
// `default` namespace registered, persisted so executions survive a restart: by default in a
// SQLite file (WAL) in the data directory with one history shard; with Options.PostgresDSN in
// two PostgreSQL databases beside the application's, set up and upgraded with Temporal's own
// schema tool ([MigratePostgres]), with Options.HistoryShards shards.
//
// The server runs in a child process (the same binary re-executed with the hidden subcommand
// [ChildCommand]) that [Start] supervises: it restarts the child if it dies and stops it when
// the parent stops. A separate process is deliberate: with server, client and worker in one
// process about one run in four stalled for 20 s (see TEMPORAL-NOTES); with the server in its
// own process none did.
package devserver
