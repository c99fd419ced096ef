package interp

import (
	"fmt"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
)

// journalMachine is a machine over a definition with human steps h1 (mapped, grouped through
// stepIds), h2 (grouped through its own group.groupId) and a gateway g.
func journalMachine(t *testing.T) *Machine {
	t.Helper()
	raw := graph(t, []S{
		{"start", "start", nil},
		{"h1", "human.confirm", map[string]any{"legacyServiceRequestTaskKey": "T1"}},
		{"h2", "human.confirm", map[string]any{"legacyServiceRequestTaskKey": "T2", "group": map[string]any{"groupId": "b"}}},
		{"g", "gateway.parallel_split", nil},
	}, nil)
	def := decode(t, raw)
	def.Groups = []definition.StepGroup{
		{ID: "a", StepIDs: []string{"h1"}, LegacyServiceRequestTaskGroupKey: "GA"},
		{ID: "b", LegacyServiceRequestTaskGroupKey: "GB"},
	}
	return New(def, &State{ID: "x", Steps: map[string]*StepState{}}, nil, func() time.Time { return start }, 10)
}

// The journal keeps one entry per step attempt with its latest state, in first-change order,
// only for human steps, and forgets on acknowledgement only what did not change again.
func TestJournalCoalescesAndAcknowledges(t *testing.T) {
	t.Parallel()
	m := journalMachine(t)
	set := func(step string, attempt int, status definition.Status) {
		st := m.state.Steps[step]
		st.Attempt, st.Status = attempt, status
		m.note(st)
	}
	describe := func(cs []StepChange) string {
		out := ""
		for _, c := range cs {
			out += fmt.Sprintf("%s#%d:%s:%s/%s ", c.StepID, c.Attempt, c.Status, c.GroupKey, c.TaskKey)
		}
		return out
	}
	set("h1", 1, definition.StatusInProgress)
	set("g", 1, definition.StatusCompleted) // not human: not journaled
	set("h2", 1, definition.StatusInProgress)
	set("h1", 1, definition.StatusCompleted)
	set("h1", 2, definition.StatusInProgress)
	changes, refs := m.journal.take(2)
	if got, want := describe(changes), "h1#1:Completed:GA/T1 h2#1:InProgress:GB/T2 "; got != want {
		t.Fatalf("first take = %s, want %s", got, want)
	}
	set("h2", 1, definition.StatusCompleted) // changes again while the projection is in flight
	m.journal.ack(refs)
	changes, refs = m.journal.take(0)
	if got, want := describe(changes), "h2#1:Completed:GB/T2 h1#2:InProgress:GA/T1 "; got != want {
		t.Fatalf("second take = %s, want %s", got, want)
	}
	m.journal.ack(refs)
	if m.journal.pending() {
		t.Fatalf("journal still pending after acknowledging everything: %v", m.journal.order)
	}
}
