package app

import (
	"encoding/json"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

func TestPayloadHash(t *testing.T) {
	t.Parallel()
	ev := func(typ store.TriggerType, entity, ctx string) EventInput {
		return EventInput{Type: typ, EntityID: entity, IdempotencyKey: "k", Context: json.RawMessage(ctx)}
	}
	base := ev(store.TriggerProductPurchased, "sku", `{"a":1,"b":{"c":[1,2]}}`)
	tests := []struct {
		name string
		via  string
		in   EventInput
		same bool
	}{
		{"identical", "event", base, true},
		{"keys reordered and respaced", "event", ev(store.TriggerProductPurchased, "sku", `{ "b" : {"c":[1, 2]}, "a":1 }`), true},
		{"another key", "event", EventInput{Type: base.Type, EntityID: base.EntityID, IdempotencyKey: "other", Context: base.Context}, true},
		{"another type", "event", ev(store.TriggerServiceRequestCreated, "sku", `{"a":1,"b":{"c":[1,2]}}`), false},
		{"another entity", "event", ev(store.TriggerProductPurchased, "sku2", `{"a":1,"b":{"c":[1,2]}}`), false},
		{"another value", "event", ev(store.TriggerProductPurchased, "sku", `{"a":2,"b":{"c":[1,2]}}`), false},
		{"a number spelled otherwise", "event", ev(store.TriggerProductPurchased, "sku", `{"a":1.0,"b":{"c":[1,2]}}`), false},
		{"entity text shifted into the type", "event", ev(store.TriggerProductPurchased+"s", "ku", `{"a":1,"b":{"c":[1,2]}}`), false},
		{"another route", "service-request", base, false},
	}
	want := payloadHash("event", base)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := payloadHash(tt.via, tt.in); (got == want) != tt.same {
				t.Fatalf("payloadHash = %s, base %s: want same=%v", got, want, tt.same)
			}
		})
	}
}

func TestCheckEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   EventInput
		ok   bool
	}{
		{"valid", EventInput{Type: store.TriggerProductPurchased, EntityID: "p", IdempotencyKey: "k", Context: json.RawMessage(`{"x":1}`)}, true},
		{"no context", EventInput{Type: store.TriggerServiceRequestCreated, EntityID: "p", IdempotencyKey: "k"}, true},
		{"unknown type", EventInput{Type: "order.shipped", EntityID: "p", IdempotencyKey: "k"}, false},
		{"blank entity", EventInput{Type: store.TriggerProductPurchased, EntityID: " ", IdempotencyKey: "k"}, false},
		{"blank key", EventInput{Type: store.TriggerProductPurchased, EntityID: "p", IdempotencyKey: ""}, false},
		{"NUL in the key", EventInput{Type: store.TriggerProductPurchased, EntityID: "p", IdempotencyKey: "k\x00"}, false},
		{"context an array", EventInput{Type: store.TriggerProductPurchased, EntityID: "p", IdempotencyKey: "k", Context: json.RawMessage(`[1]`)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := checkEvent(tt.in)
			if (err == nil) != tt.ok || (err != nil && CodeOf(err) != CodeInvalidRequest) {
				t.Fatalf("checkEvent = %v, want ok=%v (or invalid_request)", err, tt.ok)
			}
		})
	}
}
