package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/store"
)

// AuditEntry is one entry of the audit log as the API shows it.
type AuditEntry struct {
	ID         string          `json:"id"`
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor" doc:"The agent's user id, else the API key's id, else \"system\"."`
	Role       string          `json:"role" doc:"The role of the actor's key."`
	Action     string          `json:"action" doc:"What was done, e.g. version.publish or step.complete; see docs/auth.md."`
	TargetType string          `json:"targetType" doc:"The kind of record changed: template, version, link, execution, api_key..."`
	TargetID   string          `json:"targetId"`
	Before     json.RawMessage `json:"before" doc:"What the change replaced (ids or a small snapshot), or null."`
	After      json.RawMessage `json:"after" doc:"What the change wrote (ids or a small snapshot), or null."`
	RequestID  *string         `json:"requestId" doc:"The id of the HTTP request that made the change."`
}

func auditEntryOf(e store.AuditEntry) AuditEntry {
	return AuditEntry{
		ID: e.ID, At: e.At, Actor: e.Actor, Role: e.Role, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, Before: orNull(e.Before), After: orNull(e.After), RequestID: e.RequestID,
	}
}

// orNull shows an absent JSON value as null rather than dropping the field.
func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

type listAuditInput struct {
	ListParams
	Actor      string    `query:"actor" maxLength:"200" doc:"Only entries of this actor."`
	Action     string    `query:"action" maxLength:"100" doc:"Only entries of this action."`
	TargetType string    `query:"targetType" maxLength:"100" doc:"Only entries about this kind of record."`
	TargetID   string    `query:"targetId" maxLength:"200" doc:"Only entries about this record."`
	Since      time.Time `query:"since" doc:"Only entries at or after this time (RFC 3339)."`
	Until      time.Time `query:"until" doc:"Only entries before this time (RFC 3339)."`
}

type listAuditOutput struct {
	Body listBody[AuditEntry]
}

func (s *server) registerAudit(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "listAudit", Method: http.MethodGet, Path: "/v1/audit", Tags: []string{"Audit"},
		Summary:     "List the audit log",
		Description: "Every mutation, written in the same transaction as the change (engine actions right after the engine accepts them). Ordered by time; cursor pagination like every list.",
		Errors:      []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listAuditInput) (*listAuditOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		f := store.AuditFilter{Page: pg, Actor: in.Actor, Action: in.Action, TargetType: in.TargetType, TargetID: in.TargetID}
		if !in.Since.IsZero() {
			since := in.Since.UTC()
			f.Since = &since
		}
		if !in.Until.IsZero() {
			until := in.Until.UTC()
			f.Until = &until
		}
		p, err := s.app.ListAudit(ctx, f)
		if err != nil {
			return nil, problemOf(err)
		}
		return &listAuditOutput{Body: listOf(p, auditEntryOf)}, nil
	})
}
