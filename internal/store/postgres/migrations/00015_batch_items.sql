-- Items and results of BATCH sub-workflow steps (issue #15): kept here rather than in
-- Temporal's history so that a batch of any size has small, constant payloads. One row per
-- item of one attempt of the step (batch_id is the coordinator's workflow id). input is the
-- child's input (the input mapping's result), result its final context once it closed.

-- +goose Up
CREATE TABLE batch_items (
    batch_id     TEXT COLLATE "C" NOT NULL,
    idx          INTEGER NOT NULL,
    execution_id TEXT COLLATE "C" NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    input        TEXT NOT NULL,
    child_id     TEXT,
    result       TEXT,
    PRIMARY KEY (batch_id, idx)
);
CREATE INDEX batch_items_execution ON batch_items (execution_id);

-- +goose Down
DROP TABLE batch_items;
