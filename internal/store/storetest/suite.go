package storetest

import (
	"context"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

// Opener returns a fresh, empty, not yet migrated store for one test, closed when t ends.
type Opener func(t *testing.T) store.Store

// Run runs the conformance suite against the backend open makes. Every subtest opens (and
// migrates) its own store and runs in parallel with the others.
func Run(t *testing.T, open Opener) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Migrate", testMigrate},
		{"Ping", testPing},
		{"Templates", testTemplates},
		{"ActiveVersion", testActiveVersion},
		{"TemplateVersionSummary", testTemplateVersionSummary},
		{"Versions", testVersions},
		{"VersionOptimisticConcurrency", testVersionOptimistic},
		{"Links", testLinks},
		{"UpdateLink", testUpdateLink},
		{"Executions", testExecutions},
		{"ExecutionFilters", testExecutionFilters},
		{"Cascades", testCascades},
		{"Pagination", testPagination},
		{"Filters", testFilters},
		{"Transactions", testTransactions},
		{"ConcurrentOptimisticWrite", testConcurrentOptimistic},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentExecutionWriters", testConcurrentExecutionWriters},
		{"Times", testTimes},
		{"JSON", testJSON},
		{"TriggerEvents", testTriggerEvents},
		{"ConcurrentTriggerEvents", testConcurrentTriggerEvents},
		{"ServiceRequestOfTriggerEvent", testServiceRequestOfTriggerEvent},
		{"ServiceRequestTypes", testServiceRequestTypes},
		{"ServiceRequests", testServiceRequests},
		{"DataSources", testDataSources},
		{"HumanTasks", testHumanTasks},
		{"ConcurrentCompletion", testConcurrentCompletion},
		{"Inbox", testInbox},
		{"CountOpenHumanTasks", testCountOpenHumanTasks},
		{"Audit", testAudit},
		{"APIKeys", testAPIKeys},
		{"Scenarios", testScenarios},
		{"BatchItems", testBatchItems},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, Migrated(t, open))
		})
	}
}

// Migrated opens a store with open and migrates it.
func Migrated(t *testing.T, open Opener) store.Store {
	t.Helper()
	s := open(t)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return s
}

func testMigrate(t *testing.T, s store.Store) {
	// Every start migrates: a second run over a migrated database must succeed and leave it
	// usable.
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	tpl := newTemplate(t, s, "after migrations")
	if _, err := s.GetTemplate(ctx, tpl.ID); err != nil {
		t.Fatalf("GetTemplate after a second Migrate: %v", err)
	}
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}
