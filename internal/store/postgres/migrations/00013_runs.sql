-- Runs in the web app (issue #13): the live events of an execution tree, which step of its
-- parent started a child, and the documents uploaded to human.doc_upload steps.

-- +goose Up
-- The sub-workflow step of the parent that started this child; NULL for a root and for
-- children recorded before this column existed.
ALTER TABLE workflow_executions ADD COLUMN parent_step_id TEXT;
CREATE INDEX workflow_executions_parent_step_created
    ON workflow_executions (parent_workflow_execution_id, parent_step_id, created_at, id);

-- One counter per execution tree (its root): the last seq handed out. Taking the next seq
-- updates this row, which serializes the tree's event writers until they commit, so seqs
-- become visible in order and a reader resuming after seq N never misses a smaller one.
CREATE TABLE execution_event_seqs (
    root_id  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

-- What changed in an execution tree, written by the projection in the transaction of the change.
CREATE TABLE execution_events (
    root_id      TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,
    execution_id TEXT COLLATE "C" NOT NULL,
    parent_id    TEXT,
    step_id      TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CHECK (kind IN ('step', 'execution', 'child')),
    status       TEXT NOT NULL,
    attempt      INTEGER NOT NULL DEFAULT 0,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (root_id, seq)
);

-- Documents uploaded to a human step; the bytes are in the blob store under blob_key.
CREATE TABLE files (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    execution_id TEXT COLLATE "C" NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE,
    step_id      TEXT NOT NULL,
    key          TEXT NOT NULL,
    name         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    blob_key     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX files_execution_created ON files (execution_id, created_at, id);
CREATE INDEX files_step ON files (execution_id, step_id);

-- +goose Down
DROP TABLE files;
DROP TABLE execution_events;
DROP TABLE execution_event_seqs;
DROP INDEX workflow_executions_parent_step_created;
ALTER TABLE workflow_executions DROP COLUMN parent_step_id;
