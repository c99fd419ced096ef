package store

import (
	"context"
	"time"
)

// APIKeyQuerier stores API keys (SPEC §10). Only a hash of a key's secret is stored.
type APIKeyQuerier interface {
	// CreateAPIKey inserts k; ErrDuplicate when its prefix, hash or id is taken.
	CreateAPIKey(ctx context.Context, k *APIKey) error
	GetAPIKey(ctx context.Context, id string) (*APIKey, error)
	// GetAPIKeyByPrefix finds a key by the public part of its token, revoked or not: the
	// caller compares the hash and checks RevokedAt.
	GetAPIKeyByPrefix(ctx context.Context, prefix string) (*APIKey, error)
	ListAPIKeys(ctx context.Context, f APIKeyFilter) ([]APIKey, error)
	// RevokeAPIKey sets revoked_at; ErrWrongState when the key is already revoked.
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error
	// TouchAPIKey records a use at the given time; it never moves last_used_at backwards, so
	// concurrent requests may touch in any order.
	TouchAPIKey(ctx context.Context, id string, at time.Time) error
}

// Role is what an API key may do.
type Role string

// The roles of SPEC §10.
const (
	RoleAdmin   Role = "admin"
	RoleAgent   Role = "agent"
	RoleService Role = "service"
)

// APIKey is a bearer credential.
type APIKey struct {
	ID   string
	Name string
	Role Role
	// UserID is the user an agent key acts for (the assignee the inbox matches).
	UserID *string
	// Groups are the groups the user belongs to; tasks assigned "group:NAME" are theirs.
	Groups []string
	// Hash is a digest of the secret (the app layer picks the hash); unique.
	Hash string
	// Prefix is the public start of the token, unique, used to find the key.
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// APIKeyFilter selects API keys; empty fields do not filter.
type APIKeyFilter struct {
	Page
	Role Role
}
