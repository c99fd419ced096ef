package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
)

// The human-task inbox (SPEC §9). The engine's projection writes the human_tasks rows; these use
// cases list them for the caller and move them through claim, unclaim and completion. Who may do
// what is decided here, against the task's assignee as the projection recorded it:
//
//   - an administrator may see, claim, unclaim and complete any task;
//   - anyone else may act on a task assigned to them (their user id) or to one of their groups
//     ("group:NAME"), on a task of the shared queue (a step with no assignee: any agent may see,
//     claim and complete it, as in Camunda's Tasklist), or on one they claimed or completed; any
//     other task is not_allowed (403);
//   - a task claimed by someone else is task_claimed (409) for everyone but an administrator,
//     who may release or complete it (the claim is a "someone is on it" marker, not a right);
//   - a COMPLETED or CANCELLED task is task_closed (409).

// Task is a human task as the inbox shows it.
type Task struct {
	store.HumanTask
	// SLABreached is true for an open (OPEN or CLAIMED) task whose due date has passed, at the
	// time it was read: it is computed, never stored, so it needs no job to keep it current.
	SLABreached bool
	// ExecutionName is the name of the task's execution (set by ListTasks).
	ExecutionName string
}

// TaskFilter selects inbox tasks; empty fields do not filter, except as their docs say.
type TaskFilter struct {
	// Assignee is a user id or "group:NAME". Empty means every task for an administrator, and
	// the caller's own tasks (their user id and their groups) for anyone else, who may not name
	// an assignee outside that set.
	Assignee string
	// Status empty means the open ones: OPEN and CLAIMED.
	Status     store.HumanTaskStatus
	TemplateID string
	DueBefore  *time.Time
	// Queues, when set, keeps the tasks of these queues of the caller only (QueueMine,
	// QueueGroups, QueueShared); empty means all three for an agent, every task for an
	// administrator. It cannot be combined with Assignee.
	Queues []Queue
	// Limit is the page size: 0 means DefaultLimit, at most MaxLimit.
	Limit int
	After *store.InboxCursor
}

// Queue is one of a caller's task queues.
type Queue string

// The queues of GET /v1/tasks?queue=.
const (
	// QueueMine: tasks assigned to the caller's user id.
	QueueMine Queue = "mine"
	// QueueGroups: tasks assigned to one of the caller's groups.
	QueueGroups Queue = "groups"
	// QueueShared: tasks of steps that name no assignee, which any agent may take.
	QueueShared Queue = "shared"
)

// TaskPage is one page of the inbox, with the position after its last task when more follow.
type TaskPage struct {
	Items []Task
	Next  *store.InboxCursor
}

// ListTasks lists one page of the inbox in due order (no due date last), then oldest first.
func (s *Service) ListTasks(ctx context.Context, f TaskFilter) (TaskPage, error) {
	a := ActorFrom(ctx)
	limit := f.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return TaskPage{}, errorf(CodeInvalidRequest, "limit must be between 1 and %d", MaxLimit)
	}
	sf := store.InboxFilter{TemplateID: f.TemplateID, DueBefore: f.DueBefore, After: f.After, Limit: limit + 1}
	switch {
	case f.Assignee != "" && len(f.Queues) > 0:
		return TaskPage{}, errorf(CodeInvalidRequest, "name an assignee or queues, not both")
	case f.Assignee != "" && !isAdmin(a) && !slices.Contains(assigneesOf(a), f.Assignee):
		return TaskPage{}, errorf(CodeNotAllowed, "only an administrator lists the tasks of %s", f.Assignee)
	case f.Assignee != "":
		sf.Assignees = []string{f.Assignee}
	case len(f.Queues) > 0:
		sf.Assignees = queueAssignees(a, f.Queues)
		if len(sf.Assignees) == 0 {
			return TaskPage{Items: []Task{}}, nil // only groups, and the caller has none
		}
	case !isAdmin(a):
		sf.Assignees = append(assigneesOf(a), sharedQueue)
	}
	if f.Status != "" {
		sf.Statuses = []store.HumanTaskStatus{f.Status}
	} else {
		sf.Statuses = []store.HumanTaskStatus{store.HumanTaskOpen, store.HumanTaskClaimed}
	}
	rows, err := s.store.ListInbox(ctx, sf)
	if err != nil {
		return TaskPage{}, fmt.Errorf("listing the inbox of %s: %w", a.Name(), err)
	}
	at := time.Now()
	p := TaskPage{Items: make([]Task, 0, min(len(rows), limit))}
	for i := range rows {
		if i == limit {
			next := rows[i-1].Cursor()
			p.Next = &next
			break
		}
		p.Items = append(p.Items, taskOf(&rows[i], at))
	}
	// An inbox row says which run it belongs to: the page's execution names, in one query.
	ids := make([]string, 0, len(p.Items))
	for _, t := range p.Items {
		ids = append(ids, t.ExecutionID)
	}
	slices.Sort(ids)
	names, err := s.store.ExecutionNames(ctx, slices.Compact(ids))
	if err != nil {
		return TaskPage{}, fmt.Errorf("listing the inbox of %s: %w", a.Name(), err)
	}
	for i := range p.Items {
		p.Items[i].ExecutionName = names[p.Items[i].ExecutionID]
	}
	return p, nil
}

// queueAssignees are the assignees of the caller's queues qs.
func queueAssignees(a Actor, qs []Queue) []string {
	var out []string
	own := assigneesOf(a)
	for _, q := range qs {
		switch q {
		case QueueMine:
			out = append(out, own[0])
		case QueueGroups:
			out = append(out, own[1:]...)
		case QueueShared:
			out = append(out, sharedQueue)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// GetTask returns one task the caller may see.
func (s *Service) GetTask(ctx context.Context, taskID string) (*Task, error) {
	t, err := s.store.GetHumanTask(ctx, taskID)
	if err != nil {
		return nil, storeErr(err, "task", taskID, "getting task "+taskID)
	}
	if err := mayAct(ActorFrom(ctx), t); err != nil {
		return nil, err
	}
	out := taskOf(t, time.Now())
	return &out, nil
}

// ClaimTask marks an open task as being worked on by the caller. Claiming one's own claim again
// changes nothing and succeeds.
func (s *Service) ClaimTask(ctx context.Context, taskID string) (*Task, error) {
	return s.changeClaim(ctx, taskID, false)
}

// UnclaimTask releases a claim, so that another assignee may take the task. The claimant and
// administrators may; unclaiming an OPEN task changes nothing and succeeds.
func (s *Service) UnclaimTask(ctx context.Context, taskID string) (*Task, error) {
	return s.changeClaim(ctx, taskID, true)
}

// changeClaim claims the task for the caller, or releases its claim, in one transaction with
// its audit entry. Both directions check the same rules (mayAct, openFor) and are idempotent.
func (s *Service) changeClaim(ctx context.Context, taskID string, release bool) (*Task, error) {
	a := ActorFrom(ctx)
	var out *store.HumanTask
	err := s.store.InTx(ctx, func(q store.Querier) error {
		t, err := q.GetHumanTask(ctx, taskID)
		if err != nil {
			return storeErr(err, "task", taskID, "getting task "+taskID)
		}
		if err := mayAct(a, t); err != nil {
			return err
		}
		if err := openFor(a, t, release); err != nil {
			return err
		}
		if release && t.Status == store.HumanTaskOpen || !release && t.Status == store.HumanTaskClaimed {
			// Nothing to change: not claimed, or already the caller's claim (openFor refused
			// anyone else's).
			out = t
			return nil
		}
		if release {
			if out, err = q.UnclaimHumanTask(ctx, taskID); err != nil {
				return s.transitionErr(ctx, q, a, taskID, err, "unclaiming task "+taskID)
			}
			return s.audit(ctx, q, "task.unclaim", "task", taskID, map[string]any{"claimedBy": t.ClaimedBy}, nil)
		}
		if out, err = q.ClaimHumanTask(ctx, taskID, a.Name(), now()); err != nil {
			return s.transitionErr(ctx, q, a, taskID, err, "claiming task "+taskID)
		}
		return s.audit(ctx, q, "task.claim", "task", taskID, nil, map[string]any{"claimedBy": a.Name()})
	})
	if err != nil {
		return nil, err
	}
	t := taskOf(out, time.Now())
	return &t, nil
}

// CompleteTask completes the task's step in the engine with output (a JSON object, or empty for
// a confirmation), then records the task COMPLETED, with one audit entry naming the completer
// (docs/engine.md, "Completing a human step", has the protocol and its crash points).
//
// The engine is the one source of truth. Its Update has an id derived from the task's step and
// attempt, so Temporal applies it once and answers a repeat with the first outcome; the row and
// its audit entry are written from that outcome (projection.RecordCompletion), by this call or
// by the engine's projection, whichever comes first, and the projection runs only once the
// Update is in the history. A caller whose answer was lost may therefore send the completion
// again: it gets the completed task, whether or not the row was written meanwhile. The engine
// decides which of two concurrent completions wins; the loser gets task_closed.
func (s *Service) CompleteTask(ctx context.Context, taskID string, output json.RawMessage) (*Task, error) {
	a := ActorFrom(ctx)
	t, err := s.store.GetHumanTask(ctx, taskID)
	if err != nil {
		return nil, storeErr(err, "task", taskID, "getting task "+taskID)
	}
	if err := mayAct(a, t); err != nil {
		return nil, err
	}
	if len(output) == 0 || string(output) == "null" {
		output = json.RawMessage("{}")
	}
	if err := s.claimCompletion(ctx, taskID, output); err != nil {
		return nil, err
	}
	if t.Status == store.HumanTaskCompleted && t.CompletedBy != nil && *t.CompletedBy == a.Name() {
		res := taskOf(t, time.Now()) // the caller's own completion, sent again
		return &res, nil
	}
	if err := openFor(a, t, true); err != nil {
		return nil, err
	}
	if err := s.checkDocuments(ctx, t, output); err != nil {
		return nil, err
	}
	st, err := s.completeStep(ctx, t.ExecutionID, t.StepID, t.Attempt, output)
	if err != nil {
		if e, ok := AsError(err); ok && (e.Code == CodeStepNotOpen || e.Code == CodeExecutionNotRunning) {
			return nil, errorf(CodeTaskClosed, "task %s is closed: %s", taskID, e.Message)
		}
		return nil, err
	}
	c, err := completionOf(ctx, t, st)
	if err != nil {
		return nil, err
	}
	var out *store.HumanTask
	err = s.store.InTx(context.WithoutCancel(ctx), func(q store.Querier) error {
		out, err = projection.RecordCompletion(ctx, q, c)
		return err
	})
	if err != nil {
		// The completion stands (it is in Temporal's history) and the engine's projection
		// records it with its audit entry when the database answers: not an error for the
		// caller, who would otherwise retry into task_closed.
		slog.WarnContext(ctx, "the engine applied a completion; its row is left to the projection",
			"task", taskID, "execution", t.ExecutionID, "err", err)
		done := *t
		done.Status, done.CompletedBy, done.CompletedAt, done.OutputData = store.HumanTaskCompleted, &c.By, &c.At, c.Output
		out = &done
	}
	if c.By != a.Name() {
		// A repeat of someone else's completion of this attempt (the Update id is the same).
		return nil, errorf(CodeTaskClosed, "task %s was completed by %s", taskID, c.By)
	}
	res := taskOf(out, time.Now())
	return &res, nil
}

// claimCompletion records the request's Idempotency-Key, if any, for completing taskID with
// output: the same completion sent again goes on (a completion is answered the same for its
// completer however often it is sent), a different one under the key is idempotency_conflict.
func (s *Service) claimCompletion(ctx context.Context, taskID string, output json.RawMessage) error {
	key := IdempotencyKeyFrom(ctx)
	if key == "" {
		return nil
	}
	var out any
	if err := json.Unmarshal(output, &out); err != nil {
		return errorf(CodeInvalidRequest, "outputData is not JSON: %v", err)
	}
	hash, err := requestHash(taskID, out)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(q store.Querier) error {
		_, _, err := claimKey(ctx, q, scopeComplete, key, hash, taskID)
		return err
	})
}

// OpenTaskCounts counts the open human tasks now (OPEN, CLAIMED, and overdue among them), for
// the open-tasks gauges of /metrics: counted in the database, so every API process reports the
// same numbers whichever process the tasks were opened or closed by.
func (s *Service) OpenTaskCounts(ctx context.Context) (store.OpenTaskCounts, error) {
	c, err := s.store.CountOpenHumanTasks(ctx, now())
	if err != nil {
		return store.OpenTaskCounts{}, fmt.Errorf("counting open tasks: %w", err)
	}
	return c, nil
}

// transitionErr explains a conditional transition the store refused: the row changed between
// the read and the update (another claim won, the task closed).
func (s *Service) transitionErr(ctx context.Context, q store.Querier, a Actor, taskID string, err error, doing string) error {
	if !errors.Is(err, store.ErrWrongState) {
		return storeErr(err, "task", taskID, doing)
	}
	t, gerr := q.GetHumanTask(ctx, taskID)
	if gerr != nil {
		return storeErr(gerr, "task", taskID, doing)
	}
	if oerr := openFor(a, t, false); oerr != nil {
		return oerr
	}
	return errorf(CodeConflict, "%s: the task changed meanwhile; read it again", doing)
}

// openFor refuses a closed task, and a task someone else claimed unless the caller is an
// administrator and adminOverrides.
func openFor(a Actor, t *store.HumanTask, adminOverrides bool) error {
	switch t.Status {
	case store.HumanTaskCompleted, store.HumanTaskCancelled:
		return errorf(CodeTaskClosed, "task %s is %s", t.ID, t.Status)
	case store.HumanTaskClaimed:
		if t.ClaimedBy != nil && *t.ClaimedBy != a.Name() && !(adminOverrides && isAdmin(a)) {
			return errorf(CodeTaskClaimed, "task %s is claimed by %s", t.ID, *t.ClaimedBy)
		}
	}
	return nil
}

// mayAct refuses a task that is neither the caller's nor their groups' (see the rules above).
func mayAct(a Actor, t *store.HumanTask) error {
	if isAdmin(a) || t.Assignee == sharedQueue || slices.Contains(assigneesOf(a), t.Assignee) ||
		(t.ClaimedBy != nil && *t.ClaimedBy == a.Name()) || (t.CompletedBy != nil && *t.CompletedBy == a.Name()) {
		return nil
	}
	return errorf(CodeNotAllowed, "task %s is assigned to %s", t.ID, t.Assignee)
}

func isAdmin(a Actor) bool { return a.Role == store.RoleAdmin }

// assigneesOf are the assignees whose tasks are the actor's: their name and their groups.
func assigneesOf(a Actor) []string {
	out := make([]string, 0, 1+len(a.Groups))
	out = append(out, a.Name())
	for _, g := range a.Groups {
		out = append(out, store.GroupAssignee(g))
	}
	return out
}

func taskOf(t *store.HumanTask, at time.Time) Task {
	open := t.Status == store.HumanTaskOpen || t.Status == store.HumanTaskClaimed
	return Task{HumanTask: *t, SLABreached: open && t.DueAt != nil && at.After(*t.DueAt)}
}
