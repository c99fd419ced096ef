package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

// eachEngineBackend runs fn against an engine-backed server over SQLite and over PostgreSQL.
func eachEngineBackend(t *testing.T, fn func(t *testing.T, e *engineEnv)) {
	t.Helper()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			fn(t, newEngineEnv(t, backend))
		})
	}
}

// link links an entity to a template over the API.
func (e *env) link(templateID string, entityType store.EntityType, entityID string) {
	e.t.Helper()
	e.ok(e.do("POST", "/v1/links", map[string]any{"workflowTemplateId": templateID, "entityType": entityType, "entityId": entityID}), http.StatusCreated, nil)
}

// noEvent checks that nothing was recorded under an idempotency key.
func (e *env) noEvent(key string) {
	e.t.Helper()
	if ev, err := e.store.GetTriggerEventByKey(context.Background(), key); !errors.Is(err, store.ErrNotFound) {
		e.t.Fatalf("an event was recorded under %q: %+v, %v", key, ev, err)
	}
}

// executionCount counts every execution in the store.
func (e *env) executionCount() int {
	e.t.Helper()
	n, err := e.store.CountExecutions(context.Background(), store.ExecutionFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// jsonInto decodes a body for goroutines that must not call t.Fatal.
func jsonInto(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decoding %s: %w", body, err)
	}
	return nil
}

// TestEventIdempotentUnderConcurrency fires one event 50 times at once: exactly one execution is
// created and started, every answer names it, and a retry later answers the same.
func TestEventIdempotentUnderConcurrency(t *testing.T) {
	t.Parallel()
	eachEngineBackend(t, func(t *testing.T, e *engineEnv) {
		v := e.publishedVersion("Purchase", validDefinition)
		e.link(v.WorkflowTemplateID, store.EntityProduct, "sku-1")
		body := map[string]any{"type": "product.purchased", "entityId": "sku-1", "idempotencyKey": "order-1", "context": map[string]any{"order": 1}}

		const senders = 50
		answers := make([]EventAnswer, senders)
		errs := make([]error, senders)
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				r, err := e.send("POST", "/v1/events", body)
				if err == nil && r.status != http.StatusOK {
					err = errors.New(string(r.body))
				}
				if err == nil {
					err = jsonInto(r.body, &answers[i])
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("sender %d: %v", i, err)
			}
		}
		first := answers[0]
		if first.Execution == nil || first.Execution.WorkflowTemplateVersionID != v.ID {
			t.Fatalf("answer = %+v, want an execution of %s", first, v.ID)
		}
		for i, a := range answers {
			if a.Execution == nil || a.Execution.ID != first.Execution.ID || a.EventID != first.EventID {
				t.Fatalf("sender %d got %+v, sender 0 %+v: want the same event and execution", i, a, first)
			}
		}
		if n := e.executionCount(); n != 1 {
			t.Fatalf("%d executions, want 1", n)
		}
		d := e.waitOpen(first.Execution.ID, "confirm")
		if d.TriggerEventID == nil || *d.TriggerEventID != first.EventID || d.Runtime.Context["order"] != float64(1) {
			t.Fatalf("execution = %+v (runtime %+v), want triggered by %s with the event's context", d.Execution, d.Runtime, first.EventID)
		}

		docBody := e.do("GET", "/openapi.json", nil)
		var doc openAPIDoc
		e.ok(docBody, http.StatusOK, &doc)
		var again EventAnswer
		res := e.do("POST", "/v1/events", body)
		e.ok(res, http.StatusOK, &again)
		conforms(t, compileResponses(t, docBody.body, doc), "POST /v1/events 200", res.body)
		if again.Execution == nil || again.Execution.ID != first.Execution.ID || again.Execution.Status != store.ExecutionStarted {
			t.Fatalf("retry = %+v, want execution %s STARTED", again, first.Execution.ID)
		}
		// Key order and spacing of the context do not make a different payload.
		e.ok(e.do("POST", "/v1/events", `{"context": { "order" : 1 }, "idempotencyKey": "order-1", "entityId": "sku-1", "type": "product.purchased"}`), http.StatusOK, &again)
		if again.Execution == nil || again.Execution.ID != first.Execution.ID {
			t.Fatalf("retry with the context respelled = %+v, want execution %s", again, first.Execution.ID)
		}
	})
}

// TestEventAnswers covers what one event can answer besides a start.
func TestEventAnswers(t *testing.T) {
	t.Parallel()
	eachEngineBackend(t, func(t *testing.T, e *engineEnv) {
		v := e.publishedVersion("Purchase", validDefinition)
		e.link(v.WorkflowTemplateID, store.EntityProduct, "sku-1")
		drafted := e.createTemplate("Drafted only")
		e.createVersion(drafted.ID, "1.0.0", validDefinition)
		e.link(drafted.ID, store.EntityServiceCatalog, "NO_ACTIVE")
		ev := func(typ, entity, key string, ctx any) map[string]any {
			return map[string]any{"type": typ, "entityId": entity, "idempotencyKey": key, "context": ctx}
		}
		e.ok(e.do("POST", "/v1/events", ev("product.purchased", "sku-1", "k-1", map[string]any{"a": 1})), http.StatusOK, nil)

		t.Run("different payload under a used key", func(t *testing.T) {
			e := e.at(t)
			for _, body := range []map[string]any{
				ev("product.purchased", "sku-1", "k-1", map[string]any{"a": 2}),
				ev("product.purchased", "sku-2", "k-1", map[string]any{"a": 1}),
				ev("service_request.created", "sku-1", "k-1", map[string]any{"a": 1}),
			} {
				e.problem(e.do("POST", "/v1/events", body), http.StatusConflict, "idempotency_conflict")
			}
		})

		t.Run("no link", func(t *testing.T) {
			e := e.at(t)
			before := e.executionCount()
			var a, b EventAnswer
			e.ok(e.do("POST", "/v1/events", ev("product.purchased", "sku-unlinked", "k-2", nil)), http.StatusOK, &a)
			e.ok(e.do("POST", "/v1/events", ev("product.purchased", "sku-unlinked", "k-2", nil)), http.StatusOK, &b)
			if a.Execution != nil || a.EventID == "" || b.EventID != a.EventID || b.Execution != nil {
				t.Fatalf("answers %+v then %+v, want one event and no execution", a, b)
			}
			if n := e.executionCount(); n != before {
				t.Fatalf("%d executions after an unlinked event, want %d", n, before)
			}
		})

		t.Run("no active version", func(t *testing.T) {
			e := e.at(t)
			before := e.executionCount()
			e.problem(e.do("POST", "/v1/events", ev("service_request.created", "NO_ACTIVE", "k-3", nil)), http.StatusConflict, "no_active_version")
			e.noEvent("k-3")
			if n := e.executionCount(); n != before {
				t.Fatalf("%d executions, want %d", n, before)
			}
		})

		t.Run("bad events", func(t *testing.T) {
			bad := []struct {
				name   string
				body   any
				status int
			}{
				{"unknown type", ev("order.shipped", "sku-1", "bad", nil), http.StatusUnprocessableEntity},
				{"no type", map[string]any{"entityId": "sku-1", "idempotencyKey": "bad"}, http.StatusUnprocessableEntity},
				{"no entityId", map[string]any{"type": "product.purchased", "idempotencyKey": "bad"}, http.StatusUnprocessableEntity},
				{"empty entityId", ev("product.purchased", "", "bad", nil), http.StatusUnprocessableEntity},
				{"blank entityId", ev("product.purchased", "  ", "bad", nil), http.StatusBadRequest},
				{"no idempotencyKey", map[string]any{"type": "product.purchased", "entityId": "sku-1"}, http.StatusUnprocessableEntity},
				{"context an array", ev("product.purchased", "sku-1", "bad", []int{1}), http.StatusBadRequest},
				{"context a string", ev("product.purchased", "sku-1", "bad", "x"), http.StatusBadRequest},
				{"unknown field", map[string]any{"type": "product.purchased", "entityId": "sku-1", "idempotencyKey": "bad", "extra": 1}, http.StatusUnprocessableEntity},
				{"not JSON", `{"type": `, http.StatusBadRequest},
			}
			for _, tt := range bad {
				t.Run(tt.name, func(t *testing.T) {
					e := e.at(t)
					before := e.executionCount()
					e.problem(e.do("POST", "/v1/events", tt.body), tt.status, "invalid_request")
					e.noEvent("bad")
					if n := e.executionCount(); n != before {
						t.Fatalf("%d executions, want %d", n, before)
					}
				})
			}
		})
	})
}
