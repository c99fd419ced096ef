package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func triggerRecord(key string) *store.TriggerEvent {
	return &store.TriggerEvent{ID: id.New(), Type: store.TriggerProductPurchased, EntityType: store.EntityProduct,
		EntityID: "p1", IdempotencyKey: key, PayloadHash: "sha256:ab12", Context: json.RawMessage(`{"order": 7}`),
		CreatedAt: tick()}
}

func testTriggerEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	tpl := newTemplate(t, s, "t")
	v := newVersion(t, s, tpl.ID, "1.0.0", store.VersionPublished)
	exec := newExecution(t, s, v.ID, nil)

	ev := triggerRecord("order-7")
	wantErr(t, "CreateTriggerEvent", s.CreateTriggerEvent(ctx, ev), nil)
	for name, get := range map[string]func() (*store.TriggerEvent, error){
		"GetTriggerEvent":      func() (*store.TriggerEvent, error) { return s.GetTriggerEvent(ctx, ev.ID) },
		"GetTriggerEventByKey": func() (*store.TriggerEvent, error) { return s.GetTriggerEventByKey(ctx, "order-7") },
	} {
		got, err := get()
		wantErr(t, name, err, nil)
		if !reflect.DeepEqual(got, ev) {
			t.Fatalf("%s = %+v, want %+v", name, got, ev)
		}
	}

	wantErr(t, "SetTriggerEventExecution", s.SetTriggerEventExecution(ctx, ev.ID, exec.ID), nil)
	got, err := s.GetTriggerEvent(ctx, ev.ID)
	wantErr(t, "GetTriggerEvent after setting the execution", err, nil)
	if got.ExecutionID == nil || *got.ExecutionID != exec.ID {
		t.Fatalf("execution of the event = %v, want %s", got.ExecutionID, exec.ID)
	}

	usedID := triggerRecord("order-8")
	usedID.ID = ev.ID
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"used key", s.CreateTriggerEvent(ctx, triggerRecord("order-7")), store.ErrDuplicate},
		{"used id", s.CreateTriggerEvent(ctx, usedID), store.ErrDuplicate},
		{"get missing", errOf(s.GetTriggerEvent(ctx, id.New())), store.ErrNotFound},
		{"get by unused key", errOf(s.GetTriggerEventByKey(ctx, "order-9")), store.ErrNotFound},
		{"set the execution of a missing event", s.SetTriggerEventExecution(ctx, id.New(), exec.ID), store.ErrNotFound},
		{"set a missing execution", s.SetTriggerEventExecution(ctx, ev.ID, id.New()), store.ErrNotFound},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, tt.want)
	}

	// A used key inside a transaction leaves the transaction usable: the app reads the event
	// that holds the key and commits.
	var winner *store.TriggerEvent
	err = s.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateTriggerEvent(ctx, triggerRecord("order-7")); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("CreateTriggerEvent with a used key in a transaction: %v, want ErrDuplicate", err)
		}
		var err error
		winner, err = q.GetTriggerEventByKey(ctx, "order-7")
		return err
	})
	wantErr(t, "reading the key's event after a refused insert, in one transaction", err, nil)
	if winner.ID != ev.ID {
		t.Fatalf("event of the key = %s, want %s", winner.ID, ev.ID)
	}

	bad := triggerRecord("order-10")
	bad.Type = "order.shipped"
	if err := s.CreateTriggerEvent(ctx, bad); err == nil {
		t.Error("CreateTriggerEvent with an unknown type succeeded")
	}
}

// testConcurrentTriggerEvents sends one idempotency key from 50 goroutines at once: one insert
// wins, every other gets ErrDuplicate, and all of them then read the winner.
func testConcurrentTriggerEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	const senders = 50
	evs := make([]*store.TriggerEvent, senders)
	errs := make([]error, senders)
	read := make([]string, senders)
	var wg sync.WaitGroup
	for i := range senders {
		evs[i] = triggerRecord("burst")
		wg.Go(func() {
			errs[i] = s.InTx(ctx, func(q store.Querier) error {
				err := q.CreateTriggerEvent(ctx, evs[i])
				if err != nil && !errors.Is(err, store.ErrDuplicate) {
					return err
				}
				got, gerr := q.GetTriggerEventByKey(ctx, "burst")
				if gerr != nil {
					return gerr
				}
				read[i] = got.ID
				return err
			})
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("senders %d and %d both inserted", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrDuplicate):
			t.Fatalf("sender %d: %v, want ErrDuplicate", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no sender inserted the event")
	}
	for i, got := range read {
		if got != evs[winner].ID {
			t.Fatalf("sender %d read event %s, want the winner's %s", i, got, evs[winner].ID)
		}
	}
}

// testServiceRequestOfTriggerEvent finds the request a creation's event belongs to, and nothing
// for an event no request sent.
func testServiceRequestOfTriggerEvent(t *testing.T, s store.Store) {
	ctx := context.Background()
	wantErr(t, "CreateServiceRequestType", s.CreateServiceRequestType(ctx, requestTypeRecord("T")), nil)
	sent := triggerRecord("request-1")
	alone := triggerRecord("event-1")
	for _, ev := range []*store.TriggerEvent{sent, alone} {
		wantErr(t, "CreateTriggerEvent", s.CreateTriggerEvent(ctx, ev), nil)
	}
	r := requestRecord("T")
	r.TriggerEventID = &sent.ID
	wantErr(t, "CreateServiceRequest", s.CreateServiceRequest(ctx, r), nil)
	other := requestRecord("T")
	wantErr(t, "CreateServiceRequest without an event", s.CreateServiceRequest(ctx, other), nil)

	tests := []struct {
		name    string
		eventID string
		want    string
		err     error
	}{
		{"the request's event", sent.ID, r.ID, nil},
		{"an event no request sent", alone.ID, "", store.ErrNotFound},
		{"a missing event", id.New(), "", store.ErrNotFound},
	}
	for _, tt := range tests {
		got, err := s.ServiceRequestOfTriggerEvent(ctx, tt.eventID)
		wantErr(t, tt.name, err, tt.err)
		if got != tt.want {
			t.Errorf("%s: ServiceRequestOfTriggerEvent = %q, want %q", tt.name, got, tt.want)
		}
	}
}
