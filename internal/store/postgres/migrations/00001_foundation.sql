-- The management tables of SPEC §2 and the executions table. Ids are TEXT COLLATE "C" so they
-- order byte-wise, as on SQLite. JSON columns are json, not jsonb: json keeps the document as
-- written (key order, spacing, number spelling), which the store promises; nothing queries
-- inside these documents (see the package doc).

-- +goose Up
CREATE TABLE workflow_templates (
    id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name              TEXT NOT NULL,
    description       TEXT,
    active_version_id TEXT COLLATE "C" UNIQUE,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX workflow_templates_created ON workflow_templates (created_at, id);

CREATE TABLE workflow_template_versions (
    id                   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    workflow_template_id TEXT COLLATE "C" NOT NULL REFERENCES workflow_templates (id) ON DELETE CASCADE,
    version              TEXT NOT NULL,
    version_note         TEXT,
    definition           JSON NOT NULL,
    status               TEXT NOT NULL DEFAULT 'DRAFT'
                         CHECK (status IN ('DRAFT', 'PUBLISHED', 'DEPRECATED')),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    published_at         TIMESTAMPTZ,
    published_by         TEXT,
    UNIQUE (workflow_template_id, version),
    UNIQUE (workflow_template_id, id)
);
CREATE INDEX workflow_template_versions_template_created
    ON workflow_template_versions (workflow_template_id, created_at, id);
CREATE INDEX workflow_template_versions_status_created
    ON workflow_template_versions (status, created_at, id);
CREATE INDEX workflow_template_versions_created ON workflow_template_versions (created_at, id);

-- The active version must be one of the template's own versions.
ALTER TABLE workflow_templates
    ADD CONSTRAINT workflow_templates_active_version_fkey FOREIGN KEY (id, active_version_id)
    REFERENCES workflow_template_versions (workflow_template_id, id);

CREATE TABLE workflow_template_links (
    id                   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    workflow_template_id TEXT COLLATE "C" NOT NULL REFERENCES workflow_templates (id) ON DELETE CASCADE,
    entity_type          TEXT NOT NULL CHECK (entity_type IN ('SERVICE_CATALOG', 'PRODUCT')),
    entity_id            TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    UNIQUE (entity_type, entity_id)
);
CREATE INDEX workflow_template_links_template_created
    ON workflow_template_links (workflow_template_id, created_at, id);
CREATE INDEX workflow_template_links_type_created ON workflow_template_links (entity_type, created_at, id);
CREATE INDEX workflow_template_links_entity ON workflow_template_links (entity_id);
CREATE INDEX workflow_template_links_created ON workflow_template_links (created_at, id);

CREATE TABLE workflow_executions (
    id                           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name                         TEXT NOT NULL,
    -- No cascade: a version that executions ran on cannot be deleted.
    workflow_template_version_id TEXT COLLATE "C" NOT NULL REFERENCES workflow_template_versions (id),
    -- The version's template, copied on insert by the store, so that the executions of a
    -- template are one index range in (created_at, id) order. Not in SPEC §2, never returned.
    workflow_template_id         TEXT COLLATE "C",
    parent_workflow_execution_id TEXT COLLATE "C" REFERENCES workflow_executions (id) ON DELETE CASCADE,
    root_workflow_execution_id   TEXT COLLATE "C" REFERENCES workflow_executions (id) ON DELETE CASCADE,
    context                      JSON NOT NULL,
    status                       TEXT NOT NULL DEFAULT 'CREATED'
                                 CHECK (status IN ('CREATED', 'STARTED', 'FAILED_TO_START', 'COMPLETED')),
    status_reason                TEXT,
    runtime_status               TEXT NOT NULL DEFAULT 'NotStarted'
                                 CHECK (runtime_status IN ('NotStarted', 'InProgress', 'Completed', 'Failed', 'Cancelled')),
    created_at                   TIMESTAMPTZ NOT NULL,
    started_at                   TIMESTAMPTZ,
    completed_at                 TIMESTAMPTZ,
    failed_at                    TIMESTAMPTZ,
    last_activity_at             TIMESTAMPTZ,
    -- No foreign key yet: trigger_events comes with SPEC §8.
    trigger_event_id             TEXT COLLATE "C",
    -- A root has neither parent nor root; a child has both.
    CHECK ((parent_workflow_execution_id IS NULL) = (root_workflow_execution_id IS NULL)),
    FOREIGN KEY (workflow_template_id, workflow_template_version_id)
        REFERENCES workflow_template_versions (workflow_template_id, id)
);
CREATE INDEX workflow_executions_created ON workflow_executions (created_at, id);
CREATE INDEX workflow_executions_template_created
    ON workflow_executions (workflow_template_id, created_at, id);
CREATE INDEX workflow_executions_version_created
    ON workflow_executions (workflow_template_version_id, created_at, id);
CREATE INDEX workflow_executions_status_created ON workflow_executions (status, created_at, id);
CREATE INDEX workflow_executions_runtime_status_created ON workflow_executions (runtime_status, created_at, id);
CREATE INDEX workflow_executions_parent_created
    ON workflow_executions (parent_workflow_execution_id, created_at, id);
CREATE INDEX workflow_executions_root_created ON workflow_executions (root_workflow_execution_id, created_at, id);
CREATE INDEX workflow_executions_trigger_event ON workflow_executions (trigger_event_id);

-- +goose Down
DROP TABLE workflow_executions;
DROP TABLE workflow_template_links;
ALTER TABLE workflow_templates DROP CONSTRAINT workflow_templates_active_version_fkey;
DROP TABLE workflow_template_versions;
DROP TABLE workflow_templates;
