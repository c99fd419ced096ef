-- Scenarios saved on versions (issue #14): dry runs of the version's definition with the
-- outside world scripted (docs/testing-workflows.md). Publishing re-runs them; a failing one
-- blocks it. The document is the scenario without its definition. Deleted with the version.

-- +goose Up
CREATE TABLE version_scenarios (
    version_id TEXT COLLATE "C" NOT NULL REFERENCES workflow_template_versions (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    document   JSON NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (version_id, name)
);

-- +goose Down
DROP TABLE version_scenarios;
