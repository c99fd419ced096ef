package engine

import (
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// maxStepChanges is the most step changes one projection carries: a change that opens
// thousands of human steps at once is written in several transactions of bounded size rather
// than one activity input of unbounded size.
const maxStepChanges = 256

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
func (m *machine) note(st *StepState) {
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
	c := changeOf(step, st, j.groupKeys[step.ID])
	if e, ok := j.entries[k]; ok {
		e.change, e.seq = c, j.seq
		return
	}
	j.entries[k] = &journalEntry{change: c, seq: j.seq}
	j.order = append(j.order, k)
}

// pending reports whether changes wait for a projection.
func (j *journal) pending() bool { return len(j.entries) > 0 }

// sent is what one projection took from the journal, to be acknowledged once written.
type sent []journalEntryRef

type journalEntryRef struct {
	key journalKey
	seq uint64
}

// take returns up to limit changes (all when limit <= 0) in the order they first changed.
func (j *journal) take(limit int) ([]StepChange, sent) {
	n := len(j.order)
	if limit > 0 {
		n = min(n, limit)
	}
	if n == 0 {
		return nil, nil
	}
	changes := make([]StepChange, n)
	refs := make(sent, n)
	for i, k := range j.order[:n] {
		e := j.entries[k]
		changes[i], refs[i] = e.change, journalEntryRef{k, e.seq}
	}
	return changes, refs
}

// ack forgets the changes a projection wrote, unless they changed again meanwhile.
func (j *journal) ack(refs sent) {
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

// changeOf is one human step's attempt as the projection and the service-request sync see it.
func changeOf(step *definition.Step, st *StepState, groupKey string) StepChange {
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

// taskStatusOf is a service-request task's status given its step's state at time at (SPEC §8):
// an open step past its due date is SLA breached; a failed step needs someone (Action
// required); a disabled step has nothing left to do (Completed); a cancelled step's work was
// not done (Not started; the request's own status says why).
func taskStatusOf(c StepChange, at time.Time) store.TaskStatus {
	switch c.Status {
	case definition.StatusInProgress, definition.StatusActionRequired:
		if c.DueAt != nil && !at.Before(*c.DueAt) {
			return store.TaskSLABreached
		}
		if c.Status == definition.StatusActionRequired {
			return store.TaskActionRequired
		}
		return store.TaskInProgress
	case definition.StatusCompleted, definition.StatusDisabled:
		return store.TaskCompleted
	case definition.StatusFailed:
		return store.TaskActionRequired
	default:
		return store.TaskNotStarted
	}
}

// requestStatusOf is a service request's status: its execution's runtime status, except that
// a running execution with a task in Action required makes the request Action required. ok is
// false for a runtime status it does not know (the request is left as it is).
func requestStatusOf(runtime store.RuntimeStatus, r *store.ServiceRequest) (store.ServiceRequestStatus, bool) {
	switch runtime {
	case store.RuntimeNotStarted:
		return store.RequestNotStarted, true
	case store.RuntimeCompleted:
		return store.RequestCompleted, true
	case store.RuntimeFailed:
		return store.RequestFailed, true
	case store.RuntimeCancelled:
		return store.RequestCancelled, true
	case store.RuntimeInProgress:
		for _, g := range r.Groups {
			for _, t := range g.Tasks {
				if t.Status == store.TaskActionRequired {
					return store.RequestActionRequired, true
				}
			}
		}
		return store.RequestInProgress, true
	}
	return "", false
}
