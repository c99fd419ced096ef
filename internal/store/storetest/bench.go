package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// benchDefinition is a definition of a realistic size (a few kilobytes).
var benchDefinition = func() json.RawMessage {
	steps := map[string]any{}
	for i := range 20 {
		steps[fmt.Sprintf("step%02d", i)] = map[string]any{
			"type": "human.confirm", "name": fmt.Sprintf("Confirm item %d", i),
			"transitions": []any{map[string]any{"to": fmt.Sprintf("step%02d", i+1)}},
		}
	}
	b, err := json.Marshal(map[string]any{"name": "bench", "steps": steps})
	if err != nil {
		panic(err)
	}
	return b
}()

// BenchGetTemplate measures reading one small row by primary key: the baseline the other
// benchmarks are reported against, since a shared machine's absolute numbers drift.
func BenchGetTemplate(b *testing.B, s store.Store) {
	ctx := context.Background()
	tpl := benchTemplate(b, s)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.GetTemplate(ctx, tpl.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchCreateGetVersion measures writing a version and reading it back, on a migrated store.
func BenchCreateGetVersion(b *testing.B, s store.Store) {
	ctx := context.Background()
	tpl := benchTemplate(b, s)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		now := time.Now()
		v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: fmt.Sprintf("1.0.%d", i),
			Definition: benchDefinition, Status: store.VersionDraft, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateVersion(ctx, v); err != nil {
			b.Fatal(err)
		}
		if _, err := s.GetVersion(ctx, v.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchListExecutionsPage measures reading one 50-row page of executions filtered by status
// and started from a cursor, out of 5,000 executions of several statuses, on a migrated store.
func BenchListExecutionsPage(b *testing.B, s store.Store) {
	ctx := context.Background()
	tpl := benchTemplate(b, s)
	v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: "1.0.0", Definition: benchDefinition,
		Status: store.VersionPublished, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := s.CreateVersion(ctx, v); err != nil {
		b.Fatal(err)
	}
	statuses := []store.ExecutionStatus{store.ExecutionStarted, store.ExecutionCompleted, store.ExecutionCreated}
	start := time.Now().Add(-time.Hour)
	const rows = 5000
	err := s.InTx(ctx, func(q store.Querier) error {
		for i := range rows {
			e := &store.Execution{ID: id.New(), Name: "bench", VersionID: v.ID,
				Context: json.RawMessage(`{"customer":{"id":"c1","name":"Ada"},"items":[1,2,3]}`),
				Status:  statuses[i%len(statuses)], RuntimeStatus: store.RuntimeInProgress,
				CreatedAt: start.Add(time.Duration(i) * time.Millisecond)}
			if err := q.CreateExecution(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	after := &store.Cursor{CreatedAt: start.Add(rows / 2 * time.Millisecond)}
	f := store.ExecutionFilter{Status: store.ExecutionStarted, Page: store.Page{Limit: 50, After: after}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		es, err := s.ListExecutions(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if len(es) != 50 {
			b.Fatalf("page of %d rows, want 50", len(es))
		}
	}
}

// BenchParallelWrites measures transactions that lock a template and add a version to it,
// from 4×GOMAXPROCS goroutines at once, on a migrated store.
func BenchParallelWrites(b *testing.B, s store.Store) {
	ctx := context.Background()
	tpl := benchTemplate(b, s)
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			err := s.InTx(ctx, func(q store.Querier) error {
				if err := q.LockTemplate(ctx, tpl.ID); err != nil {
					return err
				}
				now := time.Now()
				v := &store.Version{ID: id.New(), TemplateID: tpl.ID, Version: id.New(),
					Definition: benchDefinition, Status: store.VersionDraft, CreatedAt: now, UpdatedAt: now}
				return q.CreateVersion(ctx, v)
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func benchTemplate(b *testing.B, s store.Store) *store.Template {
	b.Helper()
	now := time.Now()
	tpl := &store.Template{ID: id.New(), Name: "bench", CreatedAt: now, UpdatedAt: now}
	if err := s.CreateTemplate(context.Background(), tpl); err != nil {
		b.Fatal(err)
	}
	return tpl
}
