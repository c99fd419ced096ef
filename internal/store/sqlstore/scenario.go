package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const scenarioCols = "version_id, name, document, created_at, updated_at"

func scanScenario(r scanner, s *store.Scenario) error {
	return r.Scan(&s.VersionID, &s.Name, jsonCol{&s.Document}, timeCol{&s.CreatedAt}, timeCol{&s.UpdatedAt})
}

// PutScenario inserts s or replaces the version's scenario of the same name; the first
// created_at is kept.
func (q querier) PutScenario(ctx context.Context, s *store.Scenario) error {
	s.CreatedAt, s.UpdatedAt = norm(s.CreatedAt), norm(s.UpdatedAt)
	_, err := q.exec(ctx, "INSERT INTO version_scenarios ("+scenarioCols+") VALUES (?, ?, ?, ?, ?) "+
		"ON CONFLICT (version_id, name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
		s.VersionID, s.Name, bindJSON(s.Document), q.bindTime(s.CreatedAt), q.bindTime(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("saving scenario %q of version %s: %w", s.Name, s.VersionID, q.writeErr(err))
	}
	return nil
}

// ListScenarios lists a version's scenarios by name.
func (q querier) ListScenarios(ctx context.Context, versionID string) ([]store.Scenario, error) {
	out, err := list(ctx, q, "SELECT "+scenarioCols+" FROM version_scenarios WHERE version_id = ? ORDER BY name", []any{versionID}, scanScenario)
	if err != nil {
		return nil, fmt.Errorf("listing the scenarios of version %s: %w", versionID, err)
	}
	return out, nil
}

// DeleteScenario deletes one scenario.
func (q querier) DeleteScenario(ctx context.Context, versionID, name string) error {
	n, err := q.exec(ctx, "DELETE FROM version_scenarios WHERE version_id = ? AND name = ?", versionID, name)
	if err != nil {
		return fmt.Errorf("deleting scenario %q of version %s: %w", name, versionID, q.deleteErr(err))
	}
	if n == 0 {
		return fmt.Errorf("deleting scenario %q of version %s: %w", name, versionID, store.ErrNotFound)
	}
	return nil
}
