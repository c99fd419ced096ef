package sqlite_test

import (
	"context"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// benchStore opens a migrated store on a fresh file; conns > 0 caps the pool.
func benchStore(b *testing.B, conns int) *sqlite.Store {
	b.Helper()
	s, err := sqlite.Open(context.Background(), storetest.SQLitePath(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	if conns > 0 {
		s.SQL().SetMaxOpenConns(conns)
	}
	if err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkGetTemplate(b *testing.B) {
	storetest.BenchGetTemplate(b, benchStore(b, 0))
}

func BenchmarkCreateGetVersion(b *testing.B) {
	storetest.BenchCreateGetVersion(b, benchStore(b, 0))
}

func BenchmarkListExecutionsPage(b *testing.B) {
	storetest.BenchListExecutionsPage(b, benchStore(b, 0))
}

// BenchmarkParallelWrites compares the pool Open configures (every connection may write;
// BEGIN IMMEDIATE queues the writers) with a single connection for everything.
func BenchmarkParallelWrites(b *testing.B) {
	b.Run("pool", func(b *testing.B) { storetest.BenchParallelWrites(b, benchStore(b, 0)) })
	b.Run("one-connection", func(b *testing.B) { storetest.BenchParallelWrites(b, benchStore(b, 1)) })
}

// BenchmarkInbox reads one 50-task page of an agent's inbox out of 10,000 open tasks.
func BenchmarkInbox(b *testing.B) {
	s := benchStore(b, 0)
	storetest.BenchInbox(b, s, s.SQL())
}
