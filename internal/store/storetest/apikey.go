package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func apiKeyRecord(role store.Role) *store.APIKey {
	k := id.New()
	return &store.APIKey{ID: id.New(), Name: "key " + k, Role: role, Hash: "sha256:" + k, Prefix: "wfb_" + k[len(k)-8:], CreatedAt: tick()}
}

func testAPIKeys(t *testing.T, s store.Store) {
	ctx := context.Background()
	agent := apiKeyRecord(store.RoleAgent)
	agent.UserID, agent.Groups = ptr("ada"), []string{"kyc", "ops"}
	service := apiKeyRecord(store.RoleService)
	for _, k := range []*store.APIKey{agent, service} {
		wantErr(t, "CreateAPIKey", s.CreateAPIKey(ctx, k), nil)
	}
	for _, want := range []*store.APIKey{agent, service} {
		got, err := s.GetAPIKey(ctx, want.ID)
		wantErr(t, "GetAPIKey", err, nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("GetAPIKey = %+v, want %+v", got, want)
		}
		got, err = s.GetAPIKeyByPrefix(ctx, want.Prefix)
		wantErr(t, "GetAPIKeyByPrefix", err, nil)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("GetAPIKeyByPrefix = %+v, want %+v", got, want)
		}
	}

	// Touches never move last_used_at backwards.
	first, later := tick(), tick()
	wantErr(t, "TouchAPIKey", s.TouchAPIKey(ctx, agent.ID, later), nil)
	wantErr(t, "TouchAPIKey with an earlier time", s.TouchAPIKey(ctx, agent.ID, first), nil)
	got, err := s.GetAPIKey(ctx, agent.ID)
	wantErr(t, "GetAPIKey after touches", err, nil)
	if got.LastUsedAt == nil || !got.LastUsedAt.Equal(later) {
		t.Fatalf("last used %v, want %v", got.LastUsedAt, later)
	}

	revokedAt := tick()
	samePrefix, sameHash := apiKeyRecord(store.RoleAdmin), apiKeyRecord(store.RoleAdmin)
	samePrefix.Prefix, sameHash.Hash = agent.Prefix, agent.Hash
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"used prefix", s.CreateAPIKey(ctx, samePrefix), store.ErrDuplicate},
		{"used hash", s.CreateAPIKey(ctx, sameHash), store.ErrDuplicate},
		{"get missing", errOf(s.GetAPIKey(ctx, id.New())), store.ErrNotFound},
		{"unknown prefix", errOf(s.GetAPIKeyByPrefix(ctx, "wfb_nothing")), store.ErrNotFound},
		{"touch missing", s.TouchAPIKey(ctx, id.New(), tick()), store.ErrNotFound},
		{"revoke", s.RevokeAPIKey(ctx, service.ID, revokedAt), nil},
		{"revoke again", s.RevokeAPIKey(ctx, service.ID, tick()), store.ErrWrongState},
		{"revoke missing", s.RevokeAPIKey(ctx, id.New(), tick()), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}
	got, err = s.GetAPIKeyByPrefix(ctx, service.Prefix)
	wantErr(t, "GetAPIKeyByPrefix of a revoked key", err, nil)
	if got.RevokedAt == nil || !got.RevokedAt.Equal(revokedAt) {
		t.Fatalf("revoked at %v, want %v", got.RevokedAt, revokedAt)
	}

	list, err := s.ListAPIKeys(ctx, store.APIKeyFilter{Role: store.RoleAgent})
	wantErr(t, "ListAPIKeys", err, nil)
	sameIDs(t, "ListAPIKeys by role", ids(list, func(x store.APIKey) string { return x.ID }), []string{agent.ID})
	bad := apiKeyRecord("root")
	if err := s.CreateAPIKey(ctx, bad); err == nil {
		t.Error("CreateAPIKey with an unknown role succeeded")
	}
}
