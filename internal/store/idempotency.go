package store

import (
	"context"
	"time"
)

// IdempotencyQuerier stores the Idempotency-Key of API requests (issue #17).
type IdempotencyQuerier interface {
	// CreateIdempotencyKey inserts k; ErrDuplicate when (actor, scope, key) is taken, without
	// aborting the caller's transaction, which can go on to read the holder.
	CreateIdempotencyKey(ctx context.Context, k *IdempotencyKey) error
	// GetIdempotencyKey reads one key (ErrNotFound if none).
	GetIdempotencyKey(ctx context.Context, actor, scope, key string) (*IdempotencyKey, error)
	// DeleteIdempotencyKey removes one key (an expired one, before it is used again).
	DeleteIdempotencyKey(ctx context.Context, actor, scope, key string) error
}

// IdempotencyKey is one request sent under an Idempotency-Key header.
type IdempotencyKey struct {
	// Actor is who sent it (keys are per caller), Scope the operation ("execution.start",
	// "task.complete"), Key the header's value.
	Actor, Scope, Key string
	// RequestHash is a digest of the request (chosen by the app), so that a different request
	// sent under a used key can be told from a retry.
	RequestHash string
	// ResultID is what the first request made or acted on: the execution, the task.
	ResultID  string
	CreatedAt time.Time
}
