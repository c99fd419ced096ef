package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

// IdempotencyWindow is how long an Idempotency-Key answers with its first request's result;
// past it the key is free again (docs/api.md).
const IdempotencyWindow = 24 * time.Hour

// The operations that take an Idempotency-Key (store.IdempotencyKey.Scope).
const (
	scopeStart    = "execution.start"
	scopeComplete = "task.complete"
)

type idempotencyKeyKey struct{}

// WithIdempotencyKey returns ctx carrying the request's Idempotency-Key header ("" for none).
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyKey{}, key)
}

// IdempotencyKeyFrom returns the Idempotency-Key in ctx, or "".
func IdempotencyKeyFrom(ctx context.Context) string {
	s, _ := ctx.Value(idempotencyKeyKey{}).(string)
	return s
}

// requestHash digests the parts of a request that make it the same request: JSON-encoded,
// so maps are in key order and whitespace does not count.
func requestHash(parts ...any) (string, error) {
	b, err := json.Marshal(parts)
	if err != nil {
		return "", fmt.Errorf("digesting the request: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// claimKey records the caller's key for scope in q, holding result, unless it is held: a
// different request under the key is idempotency_conflict; the same request returns the held
// result with repeat set. A key older than IdempotencyWindow is replaced.
func claimKey(ctx context.Context, q store.Querier, scope, key, hash, result string) (held string, repeat bool, err error) {
	actor := ActorFrom(ctx).Name()
	k := &store.IdempotencyKey{Actor: actor, Scope: scope, Key: key, RequestHash: hash, ResultID: result, CreatedAt: now()}
	for range 2 {
		err := q.CreateIdempotencyKey(ctx, k)
		if err == nil {
			return result, false, nil
		}
		if !errors.Is(err, store.ErrDuplicate) {
			return "", false, err
		}
		prev, err := q.GetIdempotencyKey(ctx, actor, scope, key)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return "", false, err
		}
		if now().Sub(prev.CreatedAt) > IdempotencyWindow {
			if err := q.DeleteIdempotencyKey(ctx, actor, scope, key); err != nil {
				return "", false, err
			}
			continue
		}
		if prev.RequestHash != hash {
			return "", false, errorf(CodeIdempotencyConflict, "Idempotency-Key %q was used for a different request", key)
		}
		return prev.ResultID, true, nil
	}
	return "", false, fmt.Errorf("claiming Idempotency-Key %q: held and released repeatedly", key)
}

// errRepeat rolls back a start whose Idempotency-Key an earlier start holds.
type errRepeat struct{ executionID string }

func (e errRepeat) Error() string { return "repeated start of execution " + e.executionID }
