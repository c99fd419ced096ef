-- Idempotency keys of API requests (issue #17): a client that sends a start or a task
-- completion again under the same Idempotency-Key gets the same answer. One row per caller,
-- operation and key; request_hash tells a retry from a different request under a used key;
-- result_id is what the first request made or acted on (the execution, the task). Rows older
-- than the app's window are ignored and replaced (docs/api.md).

-- +goose Up
CREATE TABLE idempotency_keys (
    actor        TEXT COLLATE "C" NOT NULL,
    scope        TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    request_hash TEXT NOT NULL,
    result_id    TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (actor, scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
