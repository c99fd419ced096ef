package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func testTransactions(t *testing.T, s store.Store) {
	ctx := context.Background()
	boom := errors.New("boom")

	// An error from fn rolls everything back and comes out of InTx unchanged.
	var tpl *store.Template
	var v *store.Version
	err := s.InTx(ctx, func(q store.Querier) error {
		tpl = newTemplate(t, q, "rolled back")
		v = newVersion(t, q, tpl.ID, "1.0.0", store.VersionDraft)
		// Inside the transaction its own writes are visible.
		if _, err := q.GetVersion(ctx, v.ID); err != nil {
			return fmt.Errorf("reading its own write: %w", err)
		}
		return boom
	})
	wantErr(t, "InTx returning an error", err, boom)
	wantErr(t, "template after rollback", errOf(s.GetTemplate(ctx, tpl.ID)), store.ErrNotFound)
	wantErr(t, "version after rollback", errOf(s.GetVersion(ctx, v.ID)), store.ErrNotFound)

	// A typed error inside comes out typed, and the writes before it are undone.
	err = s.InTx(ctx, func(q store.Querier) error {
		tpl = newTemplate(t, q, "also rolled back")
		return q.CreateTemplate(ctx, tpl)
	})
	wantErr(t, "InTx with a duplicate", err, store.ErrDuplicate)
	wantErr(t, "template after a failed write", errOf(s.GetTemplate(ctx, tpl.ID)), store.ErrNotFound)

	// A panic rolls back too, and keeps panicking.
	func() {
		defer func() {
			if r := recover(); r != boom {
				t.Fatalf("recovered %v, want the panic value", r)
			}
		}()
		_ = s.InTx(ctx, func(q store.Querier) error {
			tpl = newTemplate(t, q, "panicked")
			panic(boom)
		})
	}()
	wantErr(t, "template after a panic", errOf(s.GetTemplate(ctx, tpl.ID)), store.ErrNotFound)

	// nil commits.
	err = s.InTx(ctx, func(q store.Querier) error {
		tpl = newTemplate(t, q, "committed")
		if err := q.LockTemplate(ctx, tpl.ID); err != nil {
			return err
		}
		v = newVersion(t, q, tpl.ID, "1.0.0", store.VersionDraft)
		return nil
	})
	wantErr(t, "InTx", err, nil)
	wantErr(t, "committed template", errOf(s.GetTemplate(ctx, tpl.ID)), nil)
	wantErr(t, "committed version", errOf(s.GetVersion(ctx, v.ID)), nil)

	// A cancelled context starts nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	ran := false
	err = s.InTx(cctx, func(store.Querier) error { ran = true; return nil })
	if err == nil || ran {
		t.Fatalf("InTx on a cancelled context: err %v, fn ran %v", err, ran)
	}
}

// testConcurrentOptimistic races writers that all read the same draft: exactly one wins.
func testConcurrentOptimistic(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionDraft)
	const writers = 8
	edits := make([]store.Version, writers)
	for i := range edits {
		edits[i] = *v
		edits[i].VersionNote, edits[i].UpdatedAt = ptr(fmt.Sprint("writer ", i)), tick()
	}
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			errs[i] = s.InTx(ctx, func(q store.Querier) error {
				return q.UpdateVersion(ctx, &edits[i], v.UpdatedAt)
			})
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("writers %d and %d both won", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrStale):
			t.Fatalf("writer %d: %v, want ErrStale", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no writer won")
	}
	got, err := s.GetVersion(ctx, v.ID)
	wantErr(t, "GetVersion", err, nil)
	if *got.VersionNote != *edits[winner].VersionNote {
		t.Fatalf("stored note %q, want the winner's %q", *got.VersionNote, *edits[winner].VersionNote)
	}
}

// testConcurrentWriters runs many read-then-write transactions on one template at once, as
// the app layer does (lock, read, write): none may fail, none may be lost.
func testConcurrentWriters(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "busy")
	const writers = 20
	inParallel(t, s, writers, func(i int, q store.Querier) error {
		if err := q.LockTemplate(ctx, tpl.ID); err != nil {
			return err
		}
		cur, err := q.GetTemplate(ctx, tpl.ID)
		if err != nil {
			return err
		}
		v := versionRecord(tpl.ID, fmt.Sprintf("1.0.%d", i), store.VersionPublished)
		if err := q.CreateVersion(ctx, v); err != nil {
			return err
		}
		cur.ActiveVersionID, cur.UpdatedAt = &v.ID, tick()
		// A counter in the description: a lost update would show as a short count.
		n := 0
		if cur.Description != nil {
			if n, err = strconv.Atoi(*cur.Description); err != nil {
				return err
			}
		}
		cur.Description = ptr(strconv.Itoa(n + 1))
		return q.UpdateTemplate(ctx, cur)
	})
	vs, err := s.ListVersions(ctx, store.VersionFilter{TemplateID: tpl.ID, Page: store.Page{Limit: 100}})
	wantErr(t, "ListVersions", err, nil)
	if len(vs) != writers {
		t.Fatalf("%d versions, want %d", len(vs), writers)
	}
	got, err := s.GetTemplate(ctx, tpl.ID)
	wantErr(t, "GetTemplate", err, nil)
	if got.Description == nil || *got.Description != strconv.Itoa(writers) {
		t.Fatalf("counter = %v, want %d: a read-then-write was not serialized", got.Description, writers)
	}
}

// testConcurrentExecutionWriters runs read-change-write transactions on one execution at once, as
// the app (recording a start) and the engine (projecting) do: with LockExecution first, none is
// lost.
func testConcurrentExecutionWriters(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "busy execution")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	e := newExecution(t, s, v.ID, nil)
	const writers = 20
	inParallel(t, s, writers, func(_ int, q store.Querier) error {
		if err := q.LockExecution(ctx, e.ID); err != nil {
			return err
		}
		cur, err := q.GetExecution(ctx, e.ID)
		if err != nil {
			return err
		}
		// A counter in the context: a lost update would show as a short count.
		var c struct{ N int }
		if len(cur.Context) > 0 {
			if err := json.Unmarshal(cur.Context, &c); err != nil {
				return err
			}
		}
		c.N++
		if cur.Context, err = json.Marshal(c); err != nil {
			return err
		}
		return q.UpdateExecution(ctx, cur)
	})
	got, err := s.GetExecution(ctx, e.ID)
	wantErr(t, "GetExecution", err, nil)
	if string(got.Context) != fmt.Sprintf(`{"N":%d}`, writers) {
		t.Errorf("after %d locked increments the context is %s: updates were lost", writers, got.Context)
	}
	wantErr(t, "lock missing", s.InTx(ctx, func(q store.Querier) error { return q.LockExecution(ctx, id.New()) }), store.ErrNotFound)
}

// inParallel runs n transactions of fn at once (i is the writer's number) and reports every
// one that failed.
func inParallel(t *testing.T, s store.Store, n int, fn func(i int, q store.Querier) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = s.InTx(context.Background(), func(q store.Querier) error { return fn(i, q) })
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
}
