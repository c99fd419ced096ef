package app

import (
	"context"
	"strings"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// newService returns a Service over a fresh, migrated SQLite database, and the store.
func newService(t *testing.T, opts ...Option) (*Service, store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, storetest.SQLitePath(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return New(st, nil, opts...), st
}

func mustKey(t *testing.T, s *Service, in KeyInput) *NewKey {
	t.Helper()
	k, err := s.CreateAPIKey(context.Background(), in)
	if err != nil {
		t.Fatalf("creating key %+v: %v", in, err)
	}
	return k
}

func TestTokenFormat(t *testing.T) {
	t.Parallel()
	s, _ := newService(t)
	k := mustKey(t, s, KeyInput{Name: "ci", Role: store.RoleService})
	prefix, secret, ok := splitToken(k.Token)
	if !ok || prefix != k.Key.Prefix || !strings.HasPrefix(k.Token, "wfb_"+prefix+"_") {
		t.Fatalf("token %q does not split into the key's prefix %q", k.Token, k.Key.Prefix)
	}
	if k.Key.Hash == secret || strings.Contains(k.Key.Hash, secret) || k.Key.Hash != hashSecret(secret) {
		t.Fatalf("stored hash %q is not the SHA-256 of the secret", k.Key.Hash)
	}
	other := mustKey(t, s, KeyInput{Name: "ci", Role: store.RoleService})
	if other.Token == k.Token || other.Key.Prefix == k.Key.Prefix {
		t.Fatal("two keys share a token or a prefix")
	}
}

func TestSecretMatches(t *testing.T) {
	t.Parallel()
	stored := hashSecret("right")
	tests := []struct {
		secret string
		want   bool
	}{
		{"right", true},
		{"wrong", false},
		{"", false},
		{"righ", false},
		{"right ", false},
	}
	for _, tt := range tests {
		if got := secretMatches(tt.secret, stored); got != tt.want {
			t.Errorf("secretMatches(%q) = %v, want %v", tt.secret, got, tt.want)
		}
	}
	if secretMatches("right", strings.ToUpper(stored)) {
		t.Error("a hash that differs in case matched")
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	s, st := newService(t)
	ctx := context.Background()
	agent := mustKey(t, s, KeyInput{Name: "ada", Role: store.RoleAgent, UserID: "ada", Groups: []string{"ops", "finance", "ops"}})
	revoked := mustKey(t, s, KeyInput{Name: "old", Role: store.RoleAdmin})
	if _, err := s.RevokeAPIKey(ctx, revoked.Key.ID); err != nil {
		t.Fatal(err)
	}
	prefix, secret, _ := splitToken(agent.Token)
	wrongSecret := tokenScheme + prefix + "_" + strings.Repeat("0", len(secret))
	unknown := tokenScheme + strings.Repeat("a", len(prefix)) + "_" + secret

	a, err := s.Authenticate(ctx, agent.Token)
	if err != nil {
		t.Fatal(err)
	}
	want := Actor{KeyID: agent.Key.ID, KeyName: agent.Key.Name, Role: store.RoleAgent, UserID: "ada", Groups: []string{"finance", "ops"}}
	if a.KeyID != want.KeyID || a.KeyName != want.KeyName || a.Role != want.Role || a.UserID != want.UserID || strings.Join(a.Groups, ",") != "finance,ops" {
		t.Fatalf("actor %+v, want %+v", a, want)
	}
	for _, tt := range []struct{ name, token string }{
		{"revoked", revoked.Token},
		{"right prefix, wrong secret", wrongSecret},
		{"unknown prefix", unknown},
		{"malformed", "wfb_nope"},
		{"another scheme", "ghp_" + agent.Token[4:]},
		{"empty", ""},
	} {
		if _, err := s.Authenticate(ctx, tt.token); CodeOf(err) != CodeUnauthorized {
			t.Errorf("%s: Authenticate = %v, want unauthorized", tt.name, err)
		}
	}

	// The use is recorded, and not again within touchEvery.
	k, err := st.GetAPIKey(ctx, agent.Key.ID)
	if err != nil || k.LastUsedAt == nil {
		t.Fatalf("after a use last_used_at is %v (err %v)", k.LastUsedAt, err)
	}
	first := *k.LastUsedAt
	if _, err := s.Authenticate(ctx, agent.Token); err != nil {
		t.Fatal(err)
	}
	if k, _ = st.GetAPIKey(ctx, agent.Key.ID); !k.LastUsedAt.Equal(first) {
		t.Fatalf("a second use within %s moved last_used_at from %s to %s", touchEvery, first, k.LastUsedAt)
	}
}

func TestCreateAPIKeyRules(t *testing.T) {
	t.Parallel()
	s, _ := newService(t)
	tests := []struct {
		name string
		in   KeyInput
		ok   bool
	}{
		{"admin", KeyInput{Name: "root", Role: store.RoleAdmin}, true},
		{"service", KeyInput{Name: "crm", Role: store.RoleService}, true},
		{"agent", KeyInput{Name: "ada", Role: store.RoleAgent, UserID: "ada", Groups: []string{"ops"}}, true},
		{"agent without a user", KeyInput{Name: "nobody", Role: store.RoleAgent}, false},
		{"unknown role", KeyInput{Name: "x", Role: "root"}, false},
		{"no role", KeyInput{Name: "x"}, false},
		{"no name", KeyInput{Name: "  ", Role: store.RoleAdmin}, false},
		{"empty group", KeyInput{Name: "ada", Role: store.RoleAgent, UserID: "ada", Groups: []string{""}}, false},
		{"NUL in the user", KeyInput{Name: "ada", Role: store.RoleAgent, UserID: "a\x00"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := s.CreateAPIKey(context.Background(), tt.in)
			if tt.ok != (err == nil) {
				t.Fatalf("CreateAPIKey(%+v) = %v, want ok %v", tt.in, err, tt.ok)
			}
			if err != nil && CodeOf(err) != CodeInvalidRequest {
				t.Fatalf("refusal code %q, want invalid_request", CodeOf(err))
			}
			if err == nil && (k.Key.Role != tt.in.Role || k.Key.Name != tt.in.Name) {
				t.Fatalf("created %+v from %+v", k.Key, tt.in)
			}
		})
	}
}

func TestRevokeAPIKey(t *testing.T) {
	t.Parallel()
	s, _ := newService(t)
	ctx := context.Background()
	k := mustKey(t, s, KeyInput{Name: "gone", Role: store.RoleService})
	got, err := s.RevokeAPIKey(ctx, k.Key.ID)
	if err != nil || got.RevokedAt == nil {
		t.Fatalf("RevokeAPIKey = %+v, %v", got, err)
	}
	if _, err := s.RevokeAPIKey(ctx, k.Key.ID); CodeOf(err) != CodeConflict {
		t.Fatalf("revoking twice = %v, want conflict", err)
	}
	if _, err := s.RevokeAPIKey(ctx, "nokey"); CodeOf(err) != CodeNotFound {
		t.Fatalf("revoking an unknown key = %v, want not_found", err)
	}
}

func TestEnsureAdminKey(t *testing.T) {
	t.Parallel()
	s, _ := newService(t)
	ctx := context.Background()
	k, err := s.EnsureAdminKey(ctx, "first")
	if err != nil || k == nil || k.Key.Role != store.RoleAdmin {
		t.Fatalf("EnsureAdminKey on an empty database = %+v, %v; want an admin key", k, err)
	}
	if a, err := s.Authenticate(ctx, k.Token); err != nil || a.Role != store.RoleAdmin {
		t.Fatalf("the first key authenticates as %+v, %v", a, err)
	}
	again, err := s.EnsureAdminKey(ctx, "second")
	if err != nil || again != nil {
		t.Fatalf("EnsureAdminKey with a key present = %+v, %v; want nothing", again, err)
	}
}
