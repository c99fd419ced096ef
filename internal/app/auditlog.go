package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/workflowbuilder/wfb/internal/store"
)

// ListAudit returns one page of the audit log, oldest first unless f.Desc.
func (s *Service) ListAudit(ctx context.Context, f store.AuditFilter) (Page[store.AuditEntry], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.AuditEntry]{}, err
	}
	if f.Since != nil && f.Until != nil && !f.Since.Before(*f.Until) {
		return Page[store.AuditEntry]{}, errorf(CodeInvalidRequest, "since must be before until")
	}
	items, err := s.store.ListAudit(ctx, f)
	if err != nil {
		return Page[store.AuditEntry]{}, fmt.Errorf("listing the audit log: %w", err)
	}
	return page(items, limit, func(e store.AuditEntry) store.Cursor { return store.Cursor{CreatedAt: e.At, ID: e.ID} }), nil
}

// auditAccepted records an action the engine has already accepted (cancel, complete, retry).
// Those actions change Temporal, not the database, so no transaction can hold both the change
// and its entry; and the entry is not written before the action, because a refused action must
// leave none. Holding a database transaction open across the engine call is no answer either: on
// SQLite it holds the only write lock while the workflow's projection waits for it. So the entry
// follows the accepted action in its own transaction, detached from the request's cancellation.
// If that write fails the action still stands (Temporal's history records it, with its actor),
// so the failure is logged with the whole entry rather than turned into an error the client
// would retry into a conflict.
func (s *Service) auditAccepted(ctx context.Context, action, targetType, targetID string, after any) {
	ctx = context.WithoutCancel(ctx)
	err := s.store.InTx(ctx, func(q store.Querier) error {
		return s.audit(ctx, q, action, targetType, targetID, nil, after)
	})
	if err != nil {
		slog.Error("the engine accepted an action but its audit entry was not written",
			"action", action, "targetType", targetType, "targetId", targetID,
			"actor", ActorFrom(ctx).Name(), "after", after, "err", err)
	}
}

// definitionDigest identifies a saved definition in the audit log without copying it.
func definitionDigest(def json.RawMessage) string {
	sum := sha256.Sum256(def)
	return hex.EncodeToString(sum[:])
}

// executionView is what the audit log records of a started execution: what runs, not its
// context (which a GET of the execution shows).
func executionView(ex *store.Execution) map[string]any {
	return map[string]any{"name": ex.Name, "workflowTemplateVersionId": ex.VersionID, "triggerEventId": ex.TriggerEventID}
}
