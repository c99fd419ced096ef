package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const auditCols = "id, at, actor, role, action, target_type, target_id, before_data, after_data, request_id"

func scanAudit(r scanner, e *store.AuditEntry) error {
	return r.Scan(&e.ID, timeCol{&e.At}, &e.Actor, &e.Role, &e.Action, &e.TargetType, &e.TargetID,
		nullJSONCol{&e.Before}, nullJSONCol{&e.After}, &e.RequestID)
}

// AppendAudit inserts e.
func (q querier) AppendAudit(ctx context.Context, e *store.AuditEntry) error {
	e.At = norm(e.At)
	_, err := q.exec(ctx, "INSERT INTO audit_log ("+auditCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.ID, q.bindTime(e.At), e.Actor, e.Role, e.Action, e.TargetType, e.TargetID,
		bindNullJSON(e.Before), bindNullJSON(e.After), e.RequestID)
	if err != nil {
		return fmt.Errorf("appending audit entry %s: %w", e.ID, q.writeErr(err))
	}
	return nil
}

// ListAudit lists one page of the audit log.
func (q querier) ListAudit(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	query, args := q.auditQuery(f)
	es, err := list(ctx, q, query, args, scanAudit)
	if err != nil {
		return nil, fmt.Errorf("listing the audit log: %w", err)
	}
	return es, nil
}

func (q querier) auditQuery(f store.AuditFilter) (string, []any) {
	var c conds
	c.eq("actor", f.Actor)
	c.eq("action", f.Action)
	c.eq("target_type", f.TargetType)
	c.eq("target_id", f.TargetID)
	if f.Since != nil {
		c.add("at >= ?", q.bindTime(*f.Since))
	}
	if f.Until != nil {
		c.add("at < ?", q.bindTime(*f.Until))
	}
	return q.pageBy("SELECT "+auditCols+" FROM audit_log", c, f.Page, "at", "id")
}
