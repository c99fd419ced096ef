package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Me is the caller as the server sees it: the API key the request came with, or the system
// actor when authentication is off.
type Me struct {
	KeyID   *string    `json:"keyId" doc:"The id of the API key the request came with; null for the system actor (the server runs with --no-auth)."`
	KeyName *string    `json:"keyName" doc:"The name the key was created with; null for the system actor."`
	Role    store.Role `json:"role" enum:"admin,agent,service" doc:"What the key may call; see docs/auth.md. The system actor is an admin."`
	User    *string    `json:"user" doc:"The user the key acts for (always set for agents; an admin key may name its holder); \"system\" for the system actor; else null."`
	Groups  []string   `json:"groups" doc:"The user's groups: human tasks assigned group:NAME are theirs. Empty unless the key is an agent's."`
	Name    string     `json:"name" doc:"How the audit log and human tasks name the caller: the user, else the key id, else \"system\"."`
	// AuthDisabled lets a client skip its sign-in: under --no-auth no key is needed or checked.
	AuthDisabled bool `json:"authDisabled" doc:"True when the server runs with --no-auth: every request acts as the system actor and no key is needed."`
}

func meOf(a app.Actor) Me {
	m := Me{Role: a.Role, Groups: a.Groups, Name: a.Name(), AuthDisabled: a.KeyID == ""}
	if m.Groups == nil {
		m.Groups = []string{}
	}
	if a.KeyID != "" {
		m.KeyID, m.KeyName = &a.KeyID, &a.KeyName
	}
	if a.UserID != "" {
		m.User = &a.UserID
	}
	return m
}

type meOutput struct {
	Body Me
}

// APIKey is an API key as an administrator sees it: everything but its secret, which only the
// creation's answer carries.
type APIKey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name" doc:"What the key is for."`
	Role       store.Role `json:"role" enum:"admin,agent,service"`
	User       *string    `json:"user" doc:"The user the key acts for (required for agents), or null."`
	Groups     []string   `json:"groups" doc:"The agent's groups (tasks assigned group:NAME are theirs)."`
	Prefix     string     `json:"prefix" doc:"The public part of the token, which starts wfb_<prefix>_: enough to recognise a key, useless to use it."`
	CreatedAt  time.Time  `json:"createdAt"`
	LastUsedAt *time.Time `json:"lastUsedAt" doc:"The last request made with the key (updated at most once a minute), or null."`
	RevokedAt  *time.Time `json:"revokedAt" doc:"When the key was revoked (it is refused since), or null."`
}

func apiKeyOf(k store.APIKey) APIKey {
	out := APIKey{
		ID: k.ID, Name: k.Name, Role: k.Role, User: k.UserID, Groups: k.Groups, Prefix: k.Prefix,
		CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt,
	}
	if out.Groups == nil {
		out.Groups = []string{}
	}
	return out
}

// CreatedAPIKey is the answer to a key's creation: the key and its token, shown this once.
type CreatedAPIKey struct {
	APIKey
	Token string `json:"token" doc:"The bearer token, wfb_<prefix>_<secret>. Shown only in this answer: the server keeps a hash of the secret."`
}

// APIKeyBody is what an administrator sends to create a key.
type APIKeyBody struct {
	Name   string   `json:"name" minLength:"1" maxLength:"200" doc:"What the key is for, e.g. ci-deployer."`
	Role   string   `json:"role" enum:"admin,agent,service"`
	User   string   `json:"user,omitempty" maxLength:"200" doc:"The user the key acts for: required for agents (the assignee their inbox matches); optional for the others, so the audit log names a person."`
	Groups []string `json:"groups,omitempty" maxItems:"100" doc:"The agent's groups; names are non-empty and contain no comma."`
}

type createAPIKeyInput struct {
	Body APIKeyBody
}

type createAPIKeyOutput struct {
	Body CreatedAPIKey
}

type listAPIKeysInput struct {
	ListParams
	Role string `query:"role" enum:"admin,agent,service" doc:"Only keys of this role."`
}

type listAPIKeysOutput struct {
	Body listBody[APIKey]
}

// APIKeyPath is the {id} of an API key route.
type APIKeyPath struct {
	ID string `path:"id" doc:"API key id."`
}

func (s *server) registerKeys(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "getMe", Method: http.MethodGet, Path: "/v1/me", Tags: []string{"Auth"},
		Summary:     "Who am I",
		Description: "The caller: the API key the request came with (its name, role, user and groups), or the system actor when the server runs with --no-auth.",
	}, func(ctx context.Context, _ *struct{}) (*meOutput, error) {
		return &meOutput{Body: meOf(app.ActorFrom(ctx))}, nil
	})

	tags := []string{"API keys"}
	huma.Register(api, huma.Operation{
		OperationID: "createAPIKey", Method: http.MethodPost, Path: "/v1/api-keys", Tags: tags,
		Summary: "Create an API key",
		Description: "Answers the key with its token, which is shown only here (the server stores a hash). " +
			"An agent key needs user. Audited as apikey.create, like wfb keys create.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *createAPIKeyInput) (*createAPIKeyOutput, error) {
		k, err := s.app.CreateAPIKey(ctx, app.KeyInput{Name: in.Body.Name, Role: store.Role(in.Body.Role), UserID: in.Body.User, Groups: in.Body.Groups})
		if err != nil {
			return nil, problemOf(err)
		}
		return &createAPIKeyOutput{Body: CreatedAPIKey{APIKey: apiKeyOf(k.Key), Token: k.Token}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listAPIKeys", Method: http.MethodGet, Path: "/v1/api-keys", Tags: tags,
		Summary:     "List API keys",
		Description: "Every key, revoked ones included, with its prefix and last use; never a token.",
		Errors:      []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listAPIKeysInput) (*listAPIKeysOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListAPIKeys(ctx, store.APIKeyFilter{Page: pg, Role: store.Role(in.Role)})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listAPIKeysOutput{Body: listOf(p, apiKeyOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "revokeAPIKey", Method: http.MethodDelete, Path: "/v1/api-keys/{id}", Tags: tags,
		Summary: "Revoke an API key",
		Description: "The key is refused from the next request on, for good; it stays listed with revokedAt. " +
			"Revoking a revoked key is 409 conflict. Audited as apikey.revoke, like wfb keys revoke.",
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *APIKeyPath) (*struct{}, error) {
		if !id.Valid(in.ID) {
			return nil, notFound("API key", in.ID)
		}
		if _, err := s.app.RevokeAPIKey(ctx, in.ID); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})
}
