package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const triggerCols = "id, type, entity_type, entity_id, idempotency_key, payload_hash, context, execution_id, created_at"

func scanTrigger(r scanner, e *store.TriggerEvent) error {
	return r.Scan(&e.ID, &e.Type, &e.EntityType, &e.EntityID, &e.IdempotencyKey, &e.PayloadHash,
		jsonCol{&e.Context}, &e.ExecutionID, timeCol{&e.CreatedAt})
}

// CreateTriggerEvent inserts e unless its idempotency key is taken. A taken key is reported
// from ON CONFLICT DO NOTHING rather than from a unique violation, so on PostgreSQL the
// caller's transaction is not aborted and can go on to read the event that holds the key.
func (q querier) CreateTriggerEvent(ctx context.Context, e *store.TriggerEvent) error {
	e.CreatedAt = norm(e.CreatedAt)
	n, err := q.exec(ctx, "INSERT INTO trigger_events ("+triggerCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "+
		"ON CONFLICT (idempotency_key) DO NOTHING",
		e.ID, string(e.Type), string(e.EntityType), e.EntityID, e.IdempotencyKey, e.PayloadHash,
		bindJSON(e.Context), e.ExecutionID, q.bindTime(e.CreatedAt))
	if err != nil {
		return fmt.Errorf("creating trigger event %s: %w", e.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("creating trigger event %s: idempotency key %q: %w", e.ID, e.IdempotencyKey, store.ErrDuplicate)
	}
	return nil
}

// GetTriggerEvent reads one event.
func (q querier) GetTriggerEvent(ctx context.Context, id string) (*store.TriggerEvent, error) {
	var e store.TriggerEvent
	err := scanTrigger(q.queryRow(ctx, "SELECT "+triggerCols+" FROM trigger_events WHERE id = ?", id), &e)
	if err != nil {
		return nil, fmt.Errorf("getting trigger event %s: %w", id, rowErr(err))
	}
	return &e, nil
}

// GetTriggerEventByKey reads the event sent under an idempotency key.
func (q querier) GetTriggerEventByKey(ctx context.Context, key string) (*store.TriggerEvent, error) {
	var e store.TriggerEvent
	err := scanTrigger(q.queryRow(ctx, "SELECT "+triggerCols+" FROM trigger_events WHERE idempotency_key = ?", key), &e)
	if err != nil {
		return nil, fmt.Errorf("getting the trigger event of key %q: %w", key, rowErr(err))
	}
	return &e, nil
}

// SetTriggerEventExecution records the execution an event started.
func (q querier) SetTriggerEventExecution(ctx context.Context, id, executionID string) error {
	n, err := q.exec(ctx, "UPDATE trigger_events SET execution_id = ? WHERE id = ?", executionID, id)
	if err != nil {
		return fmt.Errorf("setting the execution of trigger event %s: %w", id, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("setting the execution of trigger event %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// ServiceRequestOfTriggerEvent finds the request an event was sent for, by the
// service_requests.trigger_event_id index.
func (q querier) ServiceRequestOfTriggerEvent(ctx context.Context, eventID string) (string, error) {
	var id string
	if err := q.queryRow(ctx, "SELECT id FROM service_requests WHERE trigger_event_id = ?", eventID).Scan(&id); err != nil {
		return "", fmt.Errorf("getting the service request of trigger event %s: %w", eventID, rowErr(err))
	}
	return id, nil
}
