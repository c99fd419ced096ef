-- The tables of SPEC §8–§10: trigger events, service requests, data sources, human tasks, the
-- audit log and API keys. Same conventions as 00001 (ids TEXT COLLATE "C", TIMESTAMPTZ, json
-- kept as written). docs/storage.md says what each index serves.
--
-- workflow_executions.trigger_event_id gets no foreign key: SQLite cannot add one without
-- rebuilding workflow_executions (see its 00002), and both backends keep one schema.

-- +goose Up
CREATE TABLE trigger_events (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    type            TEXT NOT NULL CHECK (type IN ('service_request.created', 'product.purchased')),
    entity_type     TEXT NOT NULL CHECK (entity_type IN ('SERVICE_CATALOG', 'PRODUCT')),
    entity_id       TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload_hash    TEXT NOT NULL,
    context         JSON NOT NULL,
    execution_id    TEXT COLLATE "C" REFERENCES workflow_executions (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX trigger_events_execution ON trigger_events (execution_id);

CREATE TABLE service_request_types (
    type        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    task_groups JSON NOT NULL CHECK (json_typeof(task_groups) = 'array'),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_request_types_created ON service_request_types (created_at, type);

CREATE TABLE service_requests (
    id                    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    -- No cascade: a type with requests cannot be deleted.
    type                  TEXT COLLATE "C" NOT NULL REFERENCES service_request_types (type),
    status                TEXT NOT NULL CHECK (status IN
                          ('Not started', 'In progress', 'Action required', 'Completed', 'Failed', 'Cancelled')),
    context               JSON NOT NULL,
    workflow_execution_id TEXT COLLATE "C" REFERENCES workflow_executions (id) ON DELETE SET NULL,
    trigger_event_id      TEXT COLLATE "C" REFERENCES trigger_events (id) ON DELETE SET NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_requests_created ON service_requests (created_at, id);
CREATE INDEX service_requests_type_created ON service_requests (type, created_at, id);
CREATE INDEX service_requests_status_created ON service_requests (status, created_at, id);
CREATE INDEX service_requests_execution ON service_requests (workflow_execution_id);
CREATE INDEX service_requests_trigger_event ON service_requests (trigger_event_id);

CREATE TABLE service_request_task_groups (
    id                    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    service_request_id    TEXT COLLATE "C" NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    key                   TEXT NOT NULL,
    name                  TEXT NOT NULL,
    "order"               INTEGER NOT NULL,
    -- The child execution of a BATCH child's group; NULL for the type's own groups.
    workflow_execution_id TEXT COLLATE "C" REFERENCES workflow_executions (id) ON DELETE SET NULL,
    created_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_request_task_groups_request
    ON service_request_task_groups (service_request_id, "order", created_at, id);
-- A type's group key appears once per request; BATCH children repeat it, one group each.
CREATE UNIQUE INDEX service_request_task_groups_key
    ON service_request_task_groups (service_request_id, key) WHERE workflow_execution_id IS NULL;
CREATE INDEX service_request_task_groups_execution ON service_request_task_groups (workflow_execution_id);

CREATE TABLE service_request_tasks (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    task_group_id TEXT COLLATE "C" NOT NULL REFERENCES service_request_task_groups (id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    name          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'Not started' CHECK (status IN
                  ('Not started', 'In progress', 'Action required', 'Completed', 'SLA breached')),
    step_id       TEXT,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (task_group_id, key)
);
CREATE INDEX service_request_tasks_group ON service_request_tasks (task_group_id, position, id);

CREATE TABLE data_sources (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('http')),
    config     JSON NOT NULL CHECK (json_typeof(config) = 'object'),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX data_sources_created ON data_sources (created_at, id);
CREATE INDEX data_sources_kind_created ON data_sources (kind, created_at, id);

CREATE TABLE human_tasks (
    id                    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    execution_id          TEXT COLLATE "C" NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE,
    step_id               TEXT NOT NULL,
    attempt               INTEGER NOT NULL CHECK (attempt >= 1),
    type                  TEXT NOT NULL,
    name                  TEXT NOT NULL,
    assignee              TEXT NOT NULL,
    status                TEXT NOT NULL DEFAULT 'OPEN'
                          CHECK (status IN ('OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED')),
    due_at                TIMESTAMPTZ,
    -- The inbox order: due_at, with no due date after every date. Never returned.
    due_sort              TIMESTAMPTZ NOT NULL
                          GENERATED ALWAYS AS (COALESCE(due_at, TIMESTAMPTZ '9999-12-31 23:59:59.999999+00')) STORED,
    -- The execution's template, copied on insert by the store, for the inbox's template filter.
    workflow_template_id  TEXT COLLATE "C",
    created_at            TIMESTAMPTZ NOT NULL,
    claimed_at            TIMESTAMPTZ,
    claimed_by            TEXT,
    completed_at          TIMESTAMPTZ,
    completed_by          TEXT,
    cancelled_at          TIMESTAMPTZ,
    output_data           JSON,
    UNIQUE (execution_id, step_id, attempt),
    -- A claimed task has a claimant, an open one none; a closed one keeps who had claimed it.
    CHECK (status <> 'CLAIMED' OR claimed_by IS NOT NULL),
    CHECK (status <> 'OPEN' OR claimed_by IS NULL),
    CHECK ((status = 'COMPLETED') = (completed_at IS NOT NULL)),
    CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
CREATE INDEX human_tasks_inbox ON human_tasks (assignee, status, due_sort, created_at, id);
CREATE INDEX human_tasks_status_due ON human_tasks (status, due_sort, created_at, id);
CREATE INDEX human_tasks_template_due ON human_tasks (workflow_template_id, status, due_sort, created_at, id);

CREATE TABLE audit_log (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT COLLATE "C" NOT NULL,
    before_data JSON,
    after_data  JSON,
    request_id  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at, id);
CREATE INDEX audit_log_action_at ON audit_log (action, at, id);
CREATE INDEX audit_log_target_type_at ON audit_log (target_type, at, id);
CREATE INDEX audit_log_target_at ON audit_log (target_type, target_id, at, id);

CREATE TABLE api_keys (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'agent', 'service')),
    user_id      TEXT,
    user_groups  JSON NOT NULL DEFAULT '[]' CHECK (json_typeof(user_groups) = 'array'),
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_created ON api_keys (created_at, id);
CREATE INDEX api_keys_role_created ON api_keys (role, created_at, id);

-- +goose Down
DROP TABLE api_keys;
DROP TABLE audit_log;
DROP TABLE human_tasks;
DROP TABLE data_sources;
DROP TABLE service_request_tasks;
DROP TABLE service_request_task_groups;
DROP TABLE service_requests;
DROP TABLE service_request_types;
DROP TABLE trigger_events;
