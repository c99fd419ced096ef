package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// An API key's token is "wfb_<prefix>_<secret>": the prefix (8 random bytes, hex) is public and
// finds the key's row; the secret (32 random bytes, hex) is shown once, when the key is created,
// and only its SHA-256 is stored. Hex keeps both parts free of the "_" separator and safe in
// headers, shells and URLs.
const (
	tokenScheme = "wfb_"
	prefixBytes = 8
	secretBytes = 32
)

// touchEvery is how stale a key's last_used_at may get before a request updates it: recording
// every use would turn every read into a write, and "used in the last minute" answers the
// question last_used_at is for (is this key still in use?).
const touchEvery = time.Minute

// KeyInput is what an administrator sets when creating an API key.
type KeyInput struct {
	Name string
	Role store.Role
	// UserID is the user an agent key acts for; required for agents, optional for the others
	// (an administrator's key may name its holder, so the audit log does).
	UserID string
	// Groups are the agent's groups ("group:NAME" assignments).
	Groups []string
}

// NewKey is a created key with its token. The token exists only here: the store keeps its hash.
type NewKey struct {
	Key   store.APIKey
	Token string
}

// hashSecret digests a token's secret for storage and comparison. A single SHA-256 is right here,
// unlike for passwords: the secret is 256 random bits, so there is no dictionary to slow down,
// and a fast hash keeps authentication off every request's critical path.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// secretMatches compares a presented secret with a stored hash in constant time, so that the
// time a refusal takes says nothing about how much of the hash matched.
func secretMatches(secret, storedHash string) bool {
	return subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(storedHash)) == 1
}

// splitToken returns the prefix and secret of a well-formed token.
func splitToken(token string) (prefix, secret string, ok bool) {
	rest, ok := strings.CutPrefix(token, tokenScheme)
	if !ok {
		return "", "", false
	}
	prefix, secret, ok = strings.Cut(rest, "_")
	if !ok || len(prefix) != 2*prefixBytes || len(secret) != 2*secretBytes {
		return "", "", false
	}
	return prefix, secret, true
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func checkKeyInput(in KeyInput) (KeyInput, error) {
	name, err := checkName(in.Name)
	if err != nil {
		return in, err
	}
	in.Name = name
	switch in.Role {
	case store.RoleAdmin, store.RoleService:
	case store.RoleAgent:
		if strings.TrimSpace(in.UserID) == "" {
			return in, errorf(CodeInvalidRequest, "an agent key needs the user id it acts for")
		}
	default:
		return in, errorf(CodeInvalidRequest, "role must be %s, %s or %s", store.RoleAdmin, store.RoleAgent, store.RoleService)
	}
	if err := checkText("user", in.UserID); err != nil {
		return in, err
	}
	for _, g := range in.Groups {
		if strings.TrimSpace(g) == "" || strings.Contains(g, ",") {
			return in, errorf(CodeInvalidRequest, "group names must be non-empty and contain no comma")
		}
		if err := checkText("group", g); err != nil {
			return in, err
		}
	}
	in.Groups = slices.Compact(slices.Sorted(slices.Values(in.Groups)))
	return in, nil
}

// keyView is what the audit log records of a key: everything but its hash.
func keyView(k *store.APIKey) map[string]any {
	return map[string]any{"id": k.ID, "name": k.Name, "role": k.Role, "userId": k.UserID, "groups": k.Groups, "prefix": k.Prefix}
}

// CreateAPIKey creates a key and returns it with its token, which is never shown again.
func (s *Service) CreateAPIKey(ctx context.Context, in KeyInput) (*NewKey, error) {
	in, err := checkKeyInput(in)
	if err != nil {
		return nil, err
	}
	prefix, err := randomHex(prefixBytes)
	if err != nil {
		return nil, fmt.Errorf("creating API key %q: %w", in.Name, err)
	}
	secret, err := randomHex(secretBytes)
	if err != nil {
		return nil, fmt.Errorf("creating API key %q: %w", in.Name, err)
	}
	k := &store.APIKey{
		ID: id.New(), Name: in.Name, Role: in.Role, Groups: in.Groups,
		Hash: hashSecret(secret), Prefix: prefix, CreatedAt: now(),
	}
	if in.UserID != "" {
		k.UserID = &in.UserID
	}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateAPIKey(ctx, k); err != nil {
			return fmt.Errorf("creating API key %q: %w", in.Name, err)
		}
		return s.audit(ctx, q, "apikey.create", "api_key", k.ID, nil, keyView(k))
	})
	if err != nil {
		return nil, err
	}
	return &NewKey{Key: *k, Token: tokenScheme + prefix + "_" + secret}, nil
}

// ListAPIKeys returns one page of keys (their hashes included: callers show prefixes only).
func (s *Service) ListAPIKeys(ctx context.Context, f store.APIKeyFilter) (Page[store.APIKey], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.APIKey]{}, err
	}
	items, err := s.store.ListAPIKeys(ctx, f)
	if err != nil {
		return Page[store.APIKey]{}, fmt.Errorf("listing API keys: %w", err)
	}
	return page(items, limit, func(k store.APIKey) store.Cursor { return store.Cursor{CreatedAt: k.CreatedAt, ID: k.ID} }), nil
}

// RevokeAPIKey revokes a key for good: its token is refused from the next request on. Revoking
// a revoked key is a conflict, so a script learns that the key it meant was already gone.
func (s *Service) RevokeAPIKey(ctx context.Context, keyID string) (*store.APIKey, error) {
	var k *store.APIKey
	err := s.store.InTx(ctx, func(q store.Querier) error {
		at := now()
		switch err := q.RevokeAPIKey(ctx, keyID, at); {
		case errors.Is(err, store.ErrWrongState):
			return errorf(CodeConflict, "API key %s is already revoked", keyID)
		case err != nil:
			return storeErr(err, "API key", keyID, "revoking API key "+keyID)
		}
		var err error
		if k, err = q.GetAPIKey(ctx, keyID); err != nil {
			return fmt.Errorf("reading API key %s after revoking it: %w", keyID, err)
		}
		return s.audit(ctx, q, "apikey.revoke", "api_key", keyID, map[string]any{"revokedAt": nil}, map[string]any{"revokedAt": at})
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// Authenticate returns the actor a bearer token stands for. Malformed, unknown, wrong and
// revoked tokens are all CodeUnauthorized. It records the use (at most once per touchEvery).
func (s *Service) Authenticate(ctx context.Context, token string) (Actor, error) {
	prefix, secret, ok := splitToken(token)
	if !ok {
		return Actor{}, errorf(CodeUnauthorized, "malformed API key")
	}
	k, err := s.store.GetAPIKeyByPrefix(ctx, prefix)
	if errors.Is(err, store.ErrNotFound) {
		return Actor{}, errorf(CodeUnauthorized, "unknown API key")
	}
	if err != nil {
		return Actor{}, fmt.Errorf("authenticating API key %s: %w", prefix, err)
	}
	if !secretMatches(secret, k.Hash) {
		return Actor{}, errorf(CodeUnauthorized, "unknown API key")
	}
	if k.RevokedAt != nil {
		return Actor{}, errorf(CodeUnauthorized, "API key %s was revoked", k.ID)
	}
	if t := now(); k.LastUsedAt == nil || t.Sub(*k.LastUsedAt) >= touchEvery {
		// A failed touch must not refuse a valid key: last_used_at is a hint, not a control.
		if err := s.store.TouchAPIKey(ctx, k.ID, t); err != nil {
			slog.Warn("recording an API key's use", "key", k.ID, "err", err)
		}
	}
	a := Actor{KeyID: k.ID, KeyName: k.Name, Role: k.Role, Groups: k.Groups}
	if k.UserID != nil {
		a.UserID = *k.UserID
	}
	return a, nil
}

// EnsureAdminKey creates an administrator key named name when the database has no key at all,
// so that a fresh `wfb serve` can be used at once; it returns nil when keys exist. Two processes
// starting at once on an empty database may both create one: each prints its own, and both work.
func (s *Service) EnsureAdminKey(ctx context.Context, name string) (*NewKey, error) {
	ks, err := s.store.ListAPIKeys(ctx, store.APIKeyFilter{Page: store.Page{Limit: 1}})
	if err != nil {
		return nil, fmt.Errorf("looking for API keys: %w", err)
	}
	if len(ks) > 0 {
		return nil, nil
	}
	return s.CreateAPIKey(WithActor(ctx, SystemActor), KeyInput{Name: name, Role: store.RoleAdmin})
}
