// Package e2e tests the engine against a real Temporal server: the embedded one of package
// devserver, in a child process as in `wfb serve`. Its tests also record the histories that
// the engine's replay test replays (go test ./internal/engine/e2e -record).
package e2e
