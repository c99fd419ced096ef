package store

import (
	"context"
	"encoding/json"
	"time"
)

// TriggerQuerier stores trigger events (SPEC §8).
type TriggerQuerier interface {
	// CreateTriggerEvent inserts e; ErrDuplicate when its idempotency key (or id) is taken. Of
	// any number of concurrent inserts under one key exactly one succeeds; the others read the
	// winner with GetTriggerEventByKey.
	CreateTriggerEvent(ctx context.Context, e *TriggerEvent) error
	GetTriggerEvent(ctx context.Context, id string) (*TriggerEvent, error)
	// GetTriggerEventByKey finds the event sent under an idempotency key (ErrNotFound if none).
	GetTriggerEventByKey(ctx context.Context, idempotencyKey string) (*TriggerEvent, error)
	// SetTriggerEventExecution records the execution an event started; ErrNotFound when the
	// event or the execution does not exist.
	SetTriggerEventExecution(ctx context.Context, id, executionID string) error
	// ServiceRequestOfTriggerEvent returns the id of the service request whose creation sent
	// the event (ErrNotFound when none did: the event came through POST /v1/events), so that a
	// retried creation answers with the request its idempotency key made.
	ServiceRequestOfTriggerEvent(ctx context.Context, eventID string) (string, error)
}

// TriggerType is what happened outside that may start a workflow.
type TriggerType string

// The trigger types of POST /v1/events.
const (
	TriggerServiceRequestCreated TriggerType = "service_request.created"
	TriggerProductPurchased      TriggerType = "product.purchased"
)

// TriggerEvent is one event received, kept so that its idempotency key always answers with the
// same execution.
type TriggerEvent struct {
	ID         string
	Type       TriggerType
	EntityType EntityType
	EntityID   string
	// IdempotencyKey is unique over all events.
	IdempotencyKey string
	// PayloadHash is a digest of the request (the app layer picks the hash), so that a
	// different payload sent under a used key can be told from a retry.
	PayloadHash string
	Context     json.RawMessage
	// ExecutionID is the execution the event started; nil when the entity has no link or the
	// execution is not created yet.
	ExecutionID *string
	CreatedAt   time.Time
}
