package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

// CreateIdempotencyKey inserts k unless (actor, scope, key) is taken; a taken key is reported
// from ON CONFLICT DO NOTHING, so that on PostgreSQL the transaction is not aborted.
func (q querier) CreateIdempotencyKey(ctx context.Context, k *store.IdempotencyKey) error {
	k.CreatedAt = norm(k.CreatedAt)
	n, err := q.exec(ctx, "INSERT INTO idempotency_keys (actor, scope, key, request_hash, result_id, created_at) "+
		"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (actor, scope, key) DO NOTHING",
		k.Actor, k.Scope, k.Key, k.RequestHash, k.ResultID, q.bindTime(k.CreatedAt))
	if err != nil {
		return fmt.Errorf("recording idempotency key %q of %s: %w", k.Key, k.Scope, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("recording idempotency key %q of %s: %w", k.Key, k.Scope, store.ErrDuplicate)
	}
	return nil
}

// GetIdempotencyKey reads one key.
func (q querier) GetIdempotencyKey(ctx context.Context, actor, scope, key string) (*store.IdempotencyKey, error) {
	var k store.IdempotencyKey
	err := q.queryRow(ctx, "SELECT actor, scope, key, request_hash, result_id, created_at FROM idempotency_keys "+
		"WHERE actor = ? AND scope = ? AND key = ?", actor, scope, key).
		Scan(&k.Actor, &k.Scope, &k.Key, &k.RequestHash, &k.ResultID, timeCol{&k.CreatedAt})
	if err != nil {
		return nil, fmt.Errorf("getting idempotency key %q of %s: %w", key, scope, rowErr(err))
	}
	return &k, nil
}

// DeleteIdempotencyKey removes one key.
func (q querier) DeleteIdempotencyKey(ctx context.Context, actor, scope, key string) error {
	if _, err := q.exec(ctx, "DELETE FROM idempotency_keys WHERE actor = ? AND scope = ? AND key = ?", actor, scope, key); err != nil {
		return fmt.Errorf("deleting idempotency key %q of %s: %w", key, scope, q.writeErr(err))
	}
	return nil
}
