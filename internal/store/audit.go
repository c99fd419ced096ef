package store

import (
	"context"
	"encoding/json"
	"time"
)

// AuditQuerier stores the audit log (SPEC §10). Entries are only ever appended.
type AuditQuerier interface {
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// ListAudit lists entries in (at, id) order; Page.After's CreatedAt is an entry's At.
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// AuditEntry is one mutation: who did what to which record, and when.
type AuditEntry struct {
	ID string
	At time.Time
	// Actor is the API key id, or the user id the key acts for.
	Actor string
	Role  string
	// Action names the mutation, e.g. "version.publish" or "task.complete".
	Action     string
	TargetType string
	TargetID   string
	// Before and After are JSON (ids or a snapshot), or nil.
	Before    json.RawMessage
	After     json.RawMessage
	RequestID *string
}

// AuditFilter selects audit entries; empty fields do not filter.
type AuditFilter struct {
	Page
	Actor  string
	Action string
	// TargetType and TargetID select the entries of one kind of record, or of one record.
	TargetType string
	TargetID   string
	// Since and Until bound At: Since <= At < Until.
	Since *time.Time
	Until *time.Time
}
