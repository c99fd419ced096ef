package store

import (
	"context"
	"encoding/json"
	"time"
)

// HumanTaskQuerier stores human tasks (SPEC §9), the engine's projection of open human steps.
// Claim, unclaim, complete and cancel are single conditional UPDATEs, so the database, not the
// caller, decides which of two concurrent transitions wins.
type HumanTaskQuerier interface {
	// UpsertHumanTask inserts t, or, when a task for (ExecutionID, StepID, Attempt) exists,
	// rewrites its type, name, assignee and due date if it is still OPEN (a claimed or closed
	// task keeps its fields). Either way t is overwritten with the stored row, so a replayed
	// projection gets the first insert's id. ErrNotFound when the execution does not exist.
	UpsertHumanTask(ctx context.Context, t *HumanTask) error
	GetHumanTask(ctx context.Context, id string) (*HumanTask, error)
	// GetHumanTaskByStep finds the task of one attempt of a step.
	GetHumanTaskByStep(ctx context.Context, executionID, stepID string, attempt int) (*HumanTask, error)
	// ClaimHumanTask moves an OPEN task to CLAIMED by `by` (claiming one's own claimed task again
	// succeeds); ErrWrongState otherwise. Returns the stored task.
	ClaimHumanTask(ctx context.Context, id, by string, at time.Time) (*HumanTask, error)
	// UnclaimHumanTask moves a CLAIMED task back to OPEN; ErrWrongState otherwise.
	UnclaimHumanTask(ctx context.Context, id string) (*HumanTask, error)
	// CompleteHumanTask moves an OPEN or CLAIMED task to COMPLETED with its output;
	// ErrWrongState when it is already COMPLETED or CANCELLED, so of concurrent completions
	// exactly one succeeds. Whether `by` may complete it (the claimant, the assignee, an admin)
	// is the app layer's rule.
	CompleteHumanTask(ctx context.Context, id, by string, at time.Time, output json.RawMessage) (*HumanTask, error)
	// CancelHumanTasks cancels every OPEN or CLAIMED task of an execution and returns how many.
	CancelHumanTasks(ctx context.Context, executionID string, at time.Time) (int, error)
	// CancelStepHumanTasks cancels the OPEN or CLAIMED tasks of one step of an execution whose
	// attempt is at most throughAttempt, and returns how many: the engine closes a step's task
	// when the step is cancelled or skipped while the rest of the execution runs on.
	CancelStepHumanTasks(ctx context.Context, executionID, stepID string, throughAttempt int, at time.Time) (int, error)
	// GetLatestHumanTaskByStep finds the task of the step's latest attempt (ErrNotFound when
	// the step has none yet).
	GetLatestHumanTaskByStep(ctx context.Context, executionID, stepID string) (*HumanTask, error)
	// CountInbox counts the OPEN and CLAIMED tasks of an agent's queues.
	CountInbox(ctx context.Context, f InboxCountFilter) (InboxCounts, error)
	// ListInbox lists tasks in due order (no due date last), then by age, in one indexed query.
	ListInbox(ctx context.Context, f InboxFilter) ([]HumanTask, error)
	// CountOpenHumanTasks counts the OPEN and CLAIMED tasks, and those of them due before at,
	// for the open-tasks gauges of /metrics, reading only the open rows (status index).
	CountOpenHumanTasks(ctx context.Context, at time.Time) (OpenTaskCounts, error)
}

// HumanTaskStatus is a human task's state.
type HumanTaskStatus string

// The human task statuses. OPEN and CLAIMED are open (the step waits); COMPLETED and CANCELLED
// are closed and never change again.
const (
	HumanTaskOpen      HumanTaskStatus = "OPEN"
	HumanTaskClaimed   HumanTaskStatus = "CLAIMED"
	HumanTaskCompleted HumanTaskStatus = "COMPLETED"
	HumanTaskCancelled HumanTaskStatus = "CANCELLED"
)

// GroupAssignee is the assignee of a task any member of the group may take.
func GroupAssignee(group string) string { return "group:" + group }

// HumanTask is one attempt of a human step.
type HumanTask struct {
	ID          string
	ExecutionID string
	StepID      string
	Attempt     int
	// Type is the step type, e.g. "human.confirm".
	Type string
	Name string
	// Assignee is a user id or GroupAssignee(name).
	Assignee string
	Status   HumanTaskStatus
	DueAt    *time.Time
	// TemplateID is the template of the execution, copied by the store on insert (read only).
	TemplateID  string
	CreatedAt   time.Time
	ClaimedAt   *time.Time
	ClaimedBy   *string
	CompletedAt *time.Time
	CompletedBy *string
	CancelledAt *time.Time
	// OutputData is the completion's output, nil until completed.
	OutputData json.RawMessage
}

// InboxFilter selects human tasks; empty fields do not filter.
type InboxFilter struct {
	// Assignees selects tasks assigned to any of them: an agent's user id and
	// GroupAssignee of each of their groups.
	Assignees []string
	// Statuses selects tasks in any of them.
	Statuses   []HumanTaskStatus
	TemplateID string
	// DueBefore selects tasks due strictly before it (tasks without a due date never are).
	DueBefore *time.Time
	// Limit is the most rows to return; 0 (or less) means 50.
	Limit int
	// After starts the page after this task (exclusive).
	After *InboxCursor
}

// InboxCursor is a position in the inbox order.
type InboxCursor struct {
	DueAt     *time.Time
	CreatedAt time.Time
	ID        string
}

// Cursor is t's position in the inbox order.
func (t *HumanTask) Cursor() InboxCursor {
	return InboxCursor{DueAt: t.DueAt, CreatedAt: t.CreatedAt, ID: t.ID}
}

// OpenTaskCounts is how many human tasks wait: OPEN, CLAIMED, and of those two, Overdue (due
// before the time asked about).
type OpenTaskCounts struct {
	Open    int
	Claimed int
	Overdue int
}

// InboxCountFilter names an agent's queues: their own (User), their groups' (GroupAssignee of
// each) and the shared queue (assignee ""); At judges which tasks are past due.
type InboxCountFilter struct {
	User   string
	Groups []string
	At     time.Time
}

// InboxCounts is how many open tasks each queue holds, and how many of all of them are past due.
type InboxCounts struct {
	Mine     int
	Groups   int
	Shared   int
	Breached int
}
