package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// EventInput is one trigger event (SPEC §8): something happened to an entity outside, and the
// template linked to that entity, if any, should run.
type EventInput struct {
	Type store.TriggerType
	// EntityID is the service-catalog entry (service_request.created) or the product
	// (product.purchased) the event is about.
	EntityID string
	// IdempotencyKey makes retries safe: every event sent under one key answers with the
	// execution the first one started.
	IdempotencyKey string
	// Context is the started execution's initial context, a JSON object; empty means {}.
	Context json.RawMessage
}

// EventResult is what an event did: the event recorded under its key, and the execution it
// started (nil when the entity has no link).
type EventResult struct {
	Event     *store.TriggerEvent
	Execution *store.Execution
}

// entityOf is the entity type whose link an event's type looks up.
var entityOf = map[store.TriggerType]store.EntityType{
	store.TriggerServiceRequestCreated: store.EntityServiceCatalog,
	store.TriggerProductPurchased:      store.EntityProduct,
}

// HandleEvent records a trigger event and starts the active version of the template linked to
// its entity. The event and the execution's CREATED row are written in one transaction before the
// Temporal start, so a crash in between leaves a row the reconciler starts. The idempotency key
// is the gate: of any number of identical events, sequential or concurrent, one writes and all
// answer with its execution; a different payload under a used key is idempotency_conflict. An
// entity without a link records the event with no execution (the key then always answers null);
// a link whose template has no active version is no_active_version and writes nothing.
func (s *Service) HandleEvent(ctx context.Context, in EventInput) (*EventResult, error) {
	vars, raw, err := checkEvent(in)
	if err != nil {
		return nil, err
	}
	in.Context = raw
	t := trigger{event: in, hash: payloadHash("event", in)}
	if res, err := s.answerDuplicate(ctx, &t); res != nil || err != nil {
		return res, err
	}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := s.fire(ctx, q, &t); err != nil || t.duplicate {
			return err
		}
		return s.audit(ctx, q, "event.receive", "trigger_event", t.ev.ID, nil, eventAudit(t.ev))
	})
	if err != nil {
		return nil, err
	}
	if t.duplicate {
		return s.duplicateResult(ctx, &t)
	}
	return s.launchTriggered(ctx, &t, vars)
}

// checkEvent validates an event and returns its context decoded and compacted.
func checkEvent(in EventInput) (map[string]any, json.RawMessage, error) {
	if _, ok := entityOf[in.Type]; !ok {
		return nil, nil, errorf(CodeInvalidRequest, "type must be %s or %s", store.TriggerServiceRequestCreated, store.TriggerProductPurchased)
	}
	if strings.TrimSpace(in.EntityID) == "" {
		return nil, nil, errorf(CodeInvalidRequest, "entityId must not be empty")
	}
	if strings.TrimSpace(in.IdempotencyKey) == "" {
		return nil, nil, errorf(CodeInvalidRequest, "idempotencyKey must not be empty")
	}
	if err := checkText("entityId", in.EntityID); err != nil {
		return nil, nil, err
	}
	if err := checkText("idempotencyKey", in.IdempotencyKey); err != nil {
		return nil, nil, err
	}
	return parseContext(in.Context)
}

// payloadHash digests what an event asks for (type, entity, context) and the route it came by
// (via: "event" or "service-request", so one key cannot answer both), so a retry under a key can
// be told from a different request reusing it. The context is re-encoded with sorted keys
// and numbers kept as written, so spacing and key order do not make two identical contexts
// differ.
func payloadHash(via string, in EventInput) string {
	var ctxVal any
	dec := json.NewDecoder(bytes.NewReader(in.Context))
	dec.UseNumber()
	canon := []byte(in.Context)
	if dec.Decode(&ctxVal) == nil {
		if b, err := json.Marshal(ctxVal); err == nil {
			canon = b
		}
	}
	h := sha256.New()
	// Lengths first, so no field's content can shift into the next field.
	fmt.Fprintf(h, "%s|%d:%s|%d:%s|", via, len(in.Type), in.Type, len(in.EntityID), in.EntityID)
	h.Write(canon)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// trigger is one event going through the trigger path, shared by POST /v1/events and service
// requests. fire fills the outcome.
type trigger struct {
	event EventInput
	hash  string
	// name is the execution's name; empty means the template's name.
	name string

	ev        *store.TriggerEvent
	execution *store.Execution
	def       json.RawMessage
	// duplicate: the key was taken already; ev is the event that holds it, nothing was written.
	duplicate bool
}

// answerDuplicate answers an event whose key is taken without opening a write transaction: a
// retry is the common case, and it should not queue behind writers.
func (s *Service) answerDuplicate(ctx context.Context, t *trigger) (*EventResult, error) {
	ev, err := s.store.GetTriggerEventByKey(ctx, t.event.IdempotencyKey)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("looking up idempotency key %q: %w", t.event.IdempotencyKey, err)
	}
	t.ev, t.duplicate = ev, true
	return s.duplicateResult(ctx, t)
}

// fire runs the trigger path inside q: the link decides the template, whose active version gets
// a CREATED execution; the event row (the idempotency gate) and the execution row are written
// together. When the key is taken, t.duplicate is set and nothing is written.
func (s *Service) fire(ctx context.Context, q store.Querier, t *trigger) error {
	var v *store.Version
	var tpl *store.Template
	link, err := q.GetLinkByEntity(ctx, entityOf[t.event.Type], t.event.EntityID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		link = nil
	case err != nil:
		return fmt.Errorf("looking up the link of %s %s: %w", entityOf[t.event.Type], t.event.EntityID, err)
	default:
		// Locks the template, so an activation or deprecation is before or after this start.
		if v, tpl, err = resolveVersion(ctx, q, StartInput{TemplateID: link.TemplateID}); err != nil {
			return err
		}
		if _, err := s.needEngine(); err != nil {
			return err
		}
	}
	t.ev = &store.TriggerEvent{
		ID: id.New(), Type: t.event.Type, EntityType: entityOf[t.event.Type], EntityID: t.event.EntityID,
		IdempotencyKey: t.event.IdempotencyKey, PayloadHash: t.hash, Context: t.event.Context, CreatedAt: now(),
	}
	switch err := q.CreateTriggerEvent(ctx, t.ev); {
	case errors.Is(err, store.ErrDuplicate):
		// A concurrent event under this key committed first; the insert waited for it, so its
		// row is visible now.
		ev, err := q.GetTriggerEventByKey(ctx, t.event.IdempotencyKey)
		if err != nil {
			return fmt.Errorf("reading the event that holds idempotency key %q: %w", t.event.IdempotencyKey, err)
		}
		t.ev, t.duplicate = ev, true
		return nil
	case err != nil:
		return fmt.Errorf("recording trigger event: %w", err)
	}
	if link == nil {
		return nil
	}
	name := t.name
	if name == "" {
		name = tpl.Name
	}
	if t.execution, err = recordExecution(ctx, q, v, name, t.event.Context, &t.ev.ID); err != nil {
		return err
	}
	t.def = v.Definition
	if err := q.SetTriggerEventExecution(ctx, t.ev.ID, t.execution.ID); err != nil {
		return fmt.Errorf("recording the execution of trigger event %s: %w", t.ev.ID, err)
	}
	t.ev.ExecutionID = &t.execution.ID
	return s.audit(ctx, q, "execution.start", "execution", t.execution.ID, nil, executionView(t.execution))
}

// duplicateResult answers with the event that holds the key, or idempotency_conflict when it
// was sent with another payload.
func (s *Service) duplicateResult(ctx context.Context, t *trigger) (*EventResult, error) {
	if t.ev.PayloadHash != t.hash {
		return nil, errorf(CodeIdempotencyConflict, "idempotency key %q was used with a different payload (event %s)", t.event.IdempotencyKey, t.ev.ID)
	}
	res := &EventResult{Event: t.ev}
	if t.ev.ExecutionID == nil {
		return res, nil
	}
	ex, err := s.store.GetExecution(ctx, *t.ev.ExecutionID)
	if err != nil {
		return nil, fmt.Errorf("reading execution %s of trigger event %s: %w", *t.ev.ExecutionID, t.ev.ID, err)
	}
	res.Execution = ex
	return res, nil
}

// launchTriggered starts the execution fire recorded, if any.
func (s *Service) launchTriggered(ctx context.Context, t *trigger, vars map[string]any) (*EventResult, error) {
	res := &EventResult{Event: t.ev}
	if t.execution == nil {
		return res, nil
	}
	eng, err := s.needEngine()
	if err != nil {
		return nil, err
	}
	if res.Execution, err = s.launch(ctx, eng, t.execution, t.def, vars); err != nil {
		return nil, err
	}
	return res, nil
}

// eventAudit is what the audit log keeps of an event: ids, not the context.
func eventAudit(ev *store.TriggerEvent) map[string]any {
	return map[string]any{
		"type": ev.Type, "entityType": ev.EntityType, "entityId": ev.EntityID,
		"idempotencyKey": ev.IdempotencyKey, "executionId": ev.ExecutionID,
	}
}
