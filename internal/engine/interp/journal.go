package interp

import (
	"github.com/workflowbuilder/wfb/definition"
)

// journalKey is one attempt of one step.
type journalKey struct {
	step    string
	attempt int
}

type journalEntry struct {
	change StepChange
	seq    uint64
}

// journal collects the human steps that changed since the last projection, one entry per step
// attempt (a later change of the same attempt replaces the entry), so that every attempt's last
// state reaches the database even when several changes happen while a projection is in flight.
// Only human steps are kept: they are the ones with tasks (human tasks, service-request tasks).
type journal struct {
	seq       uint64
	entries   map[journalKey]*journalEntry
	order     []journalKey
	groupKeys map[string]string // step id -> legacy task group key, computed on first use
}

// note records the current state of a human step's attempt. The machine calls it after each
// change of a step; it ignores steps that are not human.
func (m *Machine) note(st *StepState) {
	if m.observe != nil {
		m.observe(Observation{StepID: st.StepID, Attempt: st.Attempt, Status: st.Status})
	}
	step, ok := m.steps[st.StepID]
	if !ok || !step.IsHuman() || st.Attempt == 0 {
		return
	}
	j := &m.journal
	if j.groupKeys == nil {
		j.groupKeys = m.def.LegacyTaskGroupKeys()
		j.entries = map[journalKey]*journalEntry{}
	}
	j.seq++
	k := journalKey{st.StepID, st.Attempt}
	c := ChangeOf(step, st, j.groupKeys[step.ID])
	if e, ok := j.entries[k]; ok {
		e.change, e.seq = c, j.seq
		return
	}
	j.entries[k] = &journalEntry{change: c, seq: j.seq}
	j.order = append(j.order, k)
}

// pending reports whether changes wait for a projection.
func (j *journal) pending() bool { return len(j.entries) > 0 }

// Sent is what one projection took from the journal, to be acknowledged once written.
type Sent []journalEntryRef

type journalEntryRef struct {
	key journalKey
	seq uint64
}

// take returns up to limit changes (all when limit <= 0) in the order they first changed.
func (j *journal) take(limit int) ([]StepChange, Sent) {
	n := len(j.order)
	if limit > 0 {
		n = min(n, limit)
	}
	if n == 0 {
		return nil, nil
	}
	changes := make([]StepChange, n)
	refs := make(Sent, n)
	for i, k := range j.order[:n] {
		e := j.entries[k]
		changes[i], refs[i] = e.change, journalEntryRef{k, e.seq}
	}
	return changes, refs
}

// ack forgets the changes a projection wrote, unless they changed again meanwhile.
func (j *journal) ack(refs Sent) {
	if len(refs) == 0 {
		return
	}
	for _, r := range refs {
		if e, ok := j.entries[r.key]; ok && e.seq == r.seq {
			delete(j.entries, r.key)
		}
	}
	kept := j.order[:0]
	for _, k := range j.order {
		if _, ok := j.entries[k]; ok {
			kept = append(kept, k)
		}
	}
	clear(j.order[len(kept):])
	j.order = kept
}

// ChangeOf is one human step's attempt as the projection and the service-request sync see it.
func ChangeOf(step *definition.Step, st *StepState, groupKey string) StepChange {
	c := StepChange{
		StepID: st.StepID, Attempt: st.Attempt, Type: string(step.Type), Name: step.Name, Status: st.Status,
		Assignee: st.Assignee, StartedAt: st.StartedAt, DueAt: st.DueAt,
		TaskKey: step.LegacyServiceRequestTaskKey,
	}
	if c.Name == "" {
		c.Name = step.ID // a task needs a name to be listed by
	}
	if c.TaskKey != "" {
		c.GroupKey = groupKey
	}
	if st.Status == definition.StatusCompleted || st.Status == definition.StatusCancelled {
		c.CompletedAt = st.CompletedAt
	}
	if st.Status == definition.StatusCompleted {
		c.CompletedBy, c.Output = st.CompletedBy, st.OutputData
	}
	return c
}

// JournalPending reports whether human steps' changes wait for a projection.
func (m *Machine) JournalPending() bool { return m.journal.pending() }

// TakeChanges returns up to limit of the journal's changes (all when limit <= 0), in the
// order they first changed, and what to acknowledge once they are written.
func (m *Machine) TakeChanges(limit int) ([]StepChange, Sent) { return m.journal.take(limit) }

// Ack forgets the changes a projection wrote, unless they changed again meanwhile.
func (m *Machine) Ack(refs Sent) { m.journal.ack(refs) }

// Renote journals a step's attempt again if it is still open (its due date passed, so a
// projection will mark it SLA breached).
func (m *Machine) Renote(stepID string, attempt int) {
	if st := m.state.Steps[stepID]; st != nil && st.Attempt == attempt && IsOpen(st.Status) {
		m.note(st)
	}
}
