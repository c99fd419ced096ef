package postgres_test

import (
	"context"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// benchStore opens a migrated store on a fresh schema.
func benchStore(b *testing.B) *postgres.Store {
	b.Helper()
	s, err := postgres.Open(context.Background(), storetest.PostgresSchema(b, storetest.PostgresURL(b)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkGetTemplate(b *testing.B) {
	storetest.BenchGetTemplate(b, benchStore(b))
}

func BenchmarkCreateGetVersion(b *testing.B) {
	storetest.BenchCreateGetVersion(b, benchStore(b))
}

func BenchmarkListExecutionsPage(b *testing.B) {
	storetest.BenchListExecutionsPage(b, benchStore(b))
}

func BenchmarkParallelWrites(b *testing.B) {
	storetest.BenchParallelWrites(b, benchStore(b))
}

// BenchmarkInbox reads one 50-task page of an agent's inbox out of 10,000 open tasks.
func BenchmarkInbox(b *testing.B) {
	s := benchStore(b)
	storetest.BenchInbox(b, s, s.SQL())
}
