package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Actor is who calls a use case: the holder of the API key the request came with. The API puts
// it in the request's context (WithActor); the use cases read it from there (ActorFrom), so that
// every rule about who may do what, and every audit entry, sees the same principal.
type Actor struct {
	// KeyID is the API key's id; empty for the system actor.
	KeyID string
	// KeyName is the API key's name, so a client can show whose key it holds; empty for the
	// system actor.
	KeyName string
	Role    store.Role
	// UserID is the user an agent key acts for; empty for admin and service keys.
	UserID string
	// Groups are the agent's groups: tasks assigned "group:NAME" are theirs.
	Groups []string
}

// SystemActor is the actor of a process that authenticates nobody: `wfb serve --no-auth`, the
// CLI, tests. It is an administrator.
var SystemActor = Actor{Role: store.RoleAdmin, UserID: "system"}

// Name is how the audit log and human tasks name the actor: the user id of an agent, else the
// key id, else "system".
func (a Actor) Name() string {
	switch {
	case a.UserID != "":
		return a.UserID
	case a.KeyID != "":
		return a.KeyID
	default:
		return "system"
	}
}

// engineActor is the actor as the engine's completion validator sees it, with its groups
// spelled as assignees ("group:NAME"), the form the validator compares with a step's assignee.
func (a Actor) engineActor() engine.Actor {
	return engine.Actor{ID: a.Name(), Groups: assigneesOf(a)[1:], Admin: a.Role == store.RoleAdmin}
}

type actorKey struct{}

type requestIDKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or SystemActor when there is none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return SystemActor
}

// WithRequestID returns ctx carrying the id of the HTTP request it serves, for the audit log.
func WithRequestID(ctx context.Context, requestID string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, requestID)
}

// RequestIDFrom returns the request id in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}

// audit appends an entry for a mutation inside the mutation's own transaction q, so that the
// change and its record commit or roll back together. before and after are marshalled to JSON
// (nil stays NULL): ids or a snapshot of what changed.
func (s *Service) audit(ctx context.Context, q store.Querier, action, targetType, targetID string, before, after any) error {
	a := ActorFrom(ctx)
	e := &store.AuditEntry{
		ID: id.New(), At: now(), Actor: a.Name(), Role: string(a.Role),
		Action: action, TargetType: targetType, TargetID: targetID,
	}
	var err error
	if e.Before, err = auditJSON(before); err != nil {
		return fmt.Errorf("auditing %s of %s %s: %w", action, targetType, targetID, err)
	}
	if e.After, err = auditJSON(after); err != nil {
		return fmt.Errorf("auditing %s of %s %s: %w", action, targetType, targetID, err)
	}
	if rid := RequestIDFrom(ctx); rid != "" {
		e.RequestID = &rid
	}
	if err := q.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("auditing %s of %s %s: %w", action, targetType, targetID, err)
	}
	return nil
}

func auditJSON(v any) (json.RawMessage, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		if len(v) == 0 {
			return nil, nil
		}
		return v, nil
	}
	return json.Marshal(v)
}
