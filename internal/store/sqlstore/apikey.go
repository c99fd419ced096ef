package sqlstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

const apiKeyCols = "id, name, role, user_id, user_groups, hash, prefix, created_at, last_used_at, revoked_at"

func scanAPIKey(r scanner, k *store.APIKey) error {
	var groups json.RawMessage
	err := r.Scan(&k.ID, &k.Name, &k.Role, &k.UserID, jsonCol{&groups}, &k.Hash, &k.Prefix,
		timeCol{&k.CreatedAt}, nullTimeCol{&k.LastUsedAt}, nullTimeCol{&k.RevokedAt})
	if err != nil {
		return err
	}
	k.Groups = nil
	if err := json.Unmarshal(groups, &k.Groups); err != nil {
		return fmt.Errorf("reading the groups of API key %s: %w", k.ID, err)
	}
	if len(k.Groups) == 0 {
		k.Groups = nil
	}
	return nil
}

// CreateAPIKey inserts k.
func (q querier) CreateAPIKey(ctx context.Context, k *store.APIKey) error {
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = norm(k.CreatedAt), normPtr(k.LastUsedAt), normPtr(k.RevokedAt)
	if len(k.Groups) == 0 {
		k.Groups = nil
	}
	groups, err := json.Marshal(k.Groups)
	if err != nil {
		return fmt.Errorf("creating API key %s: encoding its groups: %w", k.ID, err)
	}
	if k.Groups == nil {
		groups = []byte("[]")
	}
	_, err = q.exec(ctx, "INSERT INTO api_keys ("+apiKeyCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		k.ID, k.Name, string(k.Role), k.UserID, string(groups), k.Hash, k.Prefix,
		q.bindTime(k.CreatedAt), q.bindTimePtr(k.LastUsedAt), q.bindTimePtr(k.RevokedAt))
	if err != nil {
		return fmt.Errorf("creating API key %s: %w", k.ID, q.writeErr(err))
	}
	return nil
}

// GetAPIKey reads one key.
func (q querier) GetAPIKey(ctx context.Context, id string) (*store.APIKey, error) {
	var k store.APIKey
	err := scanAPIKey(q.queryRow(ctx, "SELECT "+apiKeyCols+" FROM api_keys WHERE id = ?", id), &k)
	if err != nil {
		return nil, fmt.Errorf("getting API key %s: %w", id, rowErr(err))
	}
	return &k, nil
}

// GetAPIKeyByPrefix reads the key with that public prefix.
func (q querier) GetAPIKeyByPrefix(ctx context.Context, prefix string) (*store.APIKey, error) {
	var k store.APIKey
	err := scanAPIKey(q.queryRow(ctx, "SELECT "+apiKeyCols+" FROM api_keys WHERE prefix = ?", prefix), &k)
	if err != nil {
		return nil, fmt.Errorf("getting the API key of prefix %q: %w", prefix, rowErr(err))
	}
	return &k, nil
}

// ListAPIKeys lists one page of keys.
func (q querier) ListAPIKeys(ctx context.Context, f store.APIKeyFilter) ([]store.APIKey, error) {
	query, args := q.apiKeysQuery(f)
	ks, err := list(ctx, q, query, args, scanAPIKey)
	if err != nil {
		return nil, fmt.Errorf("listing API keys: %w", err)
	}
	return ks, nil
}

func (q querier) apiKeysQuery(f store.APIKeyFilter) (string, []any) {
	var c conds
	c.eq("role", string(f.Role))
	return q.page("SELECT "+apiKeyCols+" FROM api_keys", c, f.Page)
}

// RevokeAPIKey revokes a key that is not revoked yet.
func (q querier) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	n, err := q.exec(ctx, "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", q.bindTime(at), id)
	if err != nil {
		return fmt.Errorf("revoking API key %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("revoking API key %s: %w", id, q.missOrWrongState(ctx, "api_keys", id))
	}
	return nil
}

// TouchAPIKey moves last_used_at forward to at.
func (q querier) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	t := q.bindTime(at)
	n, err := q.exec(ctx, "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)", t, id, t)
	if err != nil {
		return fmt.Errorf("touching API key %s: %w", id, err)
	}
	if n == 0 {
		// Either a later use is already recorded, or there is no such key.
		if ok, err := q.exists(ctx, "api_keys", id); err != nil || !ok {
			return fmt.Errorf("touching API key %s: %w", id, cmp.Or(err, store.ErrNotFound))
		}
	}
	return nil
}

// missOrWrongState says why a state transition of a row touched no row.
func (q querier) missOrWrongState(ctx context.Context, table, id string) error {
	ok, err := q.exists(ctx, table, id)
	switch {
	case err != nil:
		return fmt.Errorf("checking the row exists: %w", err)
	case ok:
		return store.ErrWrongState
	}
	return store.ErrNotFound
}
