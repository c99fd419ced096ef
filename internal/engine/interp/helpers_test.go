package interp

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/expr"
)

// start is the machines' clock in tests: nothing here reads the wall clock.
var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// S and T build small definitions for transition tests.
type S struct {
	ID, Type string
	Extra    map[string]any
}

type T struct {
	From, To  string
	Cond      string
	Default   bool
	OnArrival definition.Status
}

func graph(t *testing.T, steps []S, trans []T) json.RawMessage {
	t.Helper()
	doc := map[string]any{"id": "test", "name": "test"}
	var ss, ts []map[string]any
	for _, s := range steps {
		m := map[string]any{"id": s.ID, "type": s.Type, "name": s.ID}
		for k, v := range s.Extra {
			m[k] = v
		}
		ss = append(ss, m)
	}
	for _, tr := range trans {
		m := map[string]any{"id": tr.From + ">" + tr.To, "fromStepId": tr.From, "toStepId": tr.To}
		if tr.Cond != "" {
			m["condition"] = map[string]any{"type": "jsonata", "src": tr.Cond}
		}
		if tr.Default {
			m["isDefault"] = true
		}
		if tr.OnArrival != "" {
			m["onArrival"] = map[string]any{"status": tr.OnArrival}
		}
		ts = append(ts, m)
	}
	doc["steps"], doc["stepTransitions"] = ss, ts
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, raw json.RawMessage) *definition.Definition {
	t.Helper()
	def, err := definition.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return def
}

// machine is a machine over raw with an empty context, begun, whose clock reads *now.
func machine(t *testing.T, raw json.RawMessage, now *time.Time) *Machine {
	t.Helper()
	state := &State{ID: "x", RuntimeStatus: definition.StatusInProgress, StartedAt: *now, Context: map[string]any{}, Steps: map[string]*StepState{}}
	m := New(decode(t, raw), state, expr.New(expr.Options{Clock: func() time.Time { return *now }}), func() time.Time { return *now }, DefaultLoopLimit)
	if err := m.Begin(); err != nil {
		t.Fatal(err)
	}
	return m
}
