package app

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// TestIdempotencyKeys: on each database, a start or a completion sent again under its
// Idempotency-Key answers as the first did and applies nothing twice; a different request
// under the key is idempotency_conflict; keys are per caller; a key past the window is free.
func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			b := newInbox(t, backend)
			ctx := context.Background()
			start := func(a Actor, key, name string) (*store.Execution, error) {
				return b.svc.StartExecution(WithIdempotencyKey(as(a), key), StartInput{VersionID: b.exec.VersionID, Name: name,
					Context: json.RawMessage(`{"a": 1, "b": [true]}`)})
			}
			first, err := start(bob, "k1", "run")
			if err != nil {
				t.Fatal(err)
			}
			again, err := start(bob, "k1", "run")
			if err != nil || again.ID != first.ID {
				t.Fatalf("start again: %v, %v; want execution %s", again, err, first.ID)
			}
			if _, err := start(bob, "k1", "another name"); CodeOf(err) != CodeIdempotencyConflict {
				t.Fatalf("a different start under k1: %v, want idempotency_conflict", err)
			}
			other, err := start(ada, "k1", "run")
			if err != nil || other.ID == first.ID {
				t.Fatalf("ada's k1: %v, %v; want an execution of her own", other, err)
			}
			if got := len(b.eng.started); got != 2 {
				t.Fatalf("%d workflows started, want 2", got)
			}
			// A key older than the window is free again.
			if err := b.st.CreateIdempotencyKey(ctx, &store.IdempotencyKey{Actor: "bob", Scope: scopeStart, Key: "old",
				RequestHash: "x", ResultID: first.ID, CreatedAt: now().Add(-IdempotencyWindow - time.Minute)}); err != nil {
				t.Fatal(err)
			}
			if fresh, err := start(bob, "old", "run"); err != nil || fresh.ID == first.ID {
				t.Fatalf("start under an expired key: %v, %v; want a new execution", fresh, err)
			}

			task := b.task("review", "group:kyc", nil)
			complete := func(key, out string) (*Task, error) {
				return b.svc.CompleteTask(WithIdempotencyKey(as(bob), key), task.ID, json.RawMessage(out))
			}
			for range 2 {
				got, err := complete("c1", `{"ok": true}`)
				if err != nil || got.Status != store.HumanTaskCompleted {
					t.Fatalf("completion under c1: %+v, %v", got, err)
				}
			}
			if _, err := complete("c1", `{"ok": false}`); CodeOf(err) != CodeIdempotencyConflict {
				t.Fatalf("a different completion under c1: %v, want idempotency_conflict", err)
			}
			if n := len(b.audits("task.complete")); n != 1 {
				t.Fatalf("%d task.complete entries, want 1", n)
			}
		})
	}
}

// TestBacklogLimit: on each database, starts are refused with backlog_full once the limit of
// executions waiting to run is reached, and accepted again when one runs.
func TestBacklogLimit(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			b := newInbox(t, backend)
			svc := New(b.st, nil, WithEngine(b.eng), WithBacklogLimit(2))
			start := func() (*store.Execution, error) {
				return svc.StartExecution(as(bob), StartInput{VersionID: b.exec.VersionID})
			}
			var first *store.Execution
			for i := range 2 {
				ex, err := start()
				if err != nil {
					t.Fatalf("start %d: %v", i, err)
				}
				first = ex
			}
			if n, err := svc.Backlog(context.Background()); err != nil || n != 2 {
				t.Fatalf("backlog %d, %v; want 2", n, err)
			}
			if _, err := start(); CodeOf(err) != CodeBacklogFull {
				t.Fatalf("third start: %v, want backlog_full", err)
			}
			// The engine runs one: its projection leaves NotStarted.
			first.RuntimeStatus = store.RuntimeInProgress
			if err := b.st.UpdateExecution(context.Background(), first); err != nil {
				t.Fatal(err)
			}
			if _, err := start(); err != nil {
				t.Fatalf("start after one ran: %v", err)
			}
		})
	}
}
