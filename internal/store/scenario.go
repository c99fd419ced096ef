package store

import (
	"context"
	"encoding/json"
	"time"
)

// ScenarioQuerier stores the scenarios saved on versions (issue #14): dry runs that publishing
// the version re-runs, and that block it when they fail.
type ScenarioQuerier interface {
	// PutScenario inserts s, or replaces the version's scenario of the same name (keeping its
	// created_at). ErrNotFound when the version does not exist.
	PutScenario(ctx context.Context, s *Scenario) error
	// ListScenarios lists a version's scenarios by name.
	ListScenarios(ctx context.Context, versionID string) ([]Scenario, error)
	// DeleteScenario deletes one; ErrNotFound when there is none of that name.
	DeleteScenario(ctx context.Context, versionID, name string) error
}

// Scenario is one saved scenario: its document in the scenario format (docs/testing-workflows.md)
// without a definition (it runs against its version's).
type Scenario struct {
	VersionID string
	Name      string
	// Document is the scenario as a JSON object: name, context, script, expect.
	Document  json.RawMessage
	CreatedAt time.Time
	UpdatedAt time.Time
}
