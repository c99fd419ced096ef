package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Task is a human task in the inbox (SPEC §9).
type Task struct {
	ID                  string                `json:"id"`
	WorkflowExecutionID string                `json:"workflowExecutionId"`
	StepID              string                `json:"stepId"`
	Attempt             int                   `json:"attempt" doc:"Which run of the step (a rework loop runs it again): 1, 2..."`
	Type                string                `json:"type" example:"human.confirm"`
	Name                string                `json:"name"`
	Assignee            string                `json:"assignee" doc:"A user id, or group:NAME for any member of the group."`
	Status              store.HumanTaskStatus `json:"status" enum:"OPEN,CLAIMED,COMPLETED,CANCELLED"`
	DueAt               *time.Time            `json:"dueAt"`
	SLABreached         bool                  `json:"slaBreached" doc:"True for an OPEN or CLAIMED task past its dueAt, at the time of the answer."`
	WorkflowTemplateID  string                `json:"workflowTemplateId,omitempty"`
	CreatedAt           time.Time             `json:"createdAt"`
	ClaimedAt           *time.Time            `json:"claimedAt"`
	ClaimedBy           *string               `json:"claimedBy"`
	CompletedAt         *time.Time            `json:"completedAt"`
	CompletedBy         *string               `json:"completedBy"`
	CancelledAt         *time.Time            `json:"cancelledAt"`
	OutputData          json.RawMessage       `json:"outputData,omitempty" doc:"What the completion submitted."`

	WorkflowExecutionName string `json:"workflowExecutionName,omitempty" doc:"The name of the task's execution."`

	// What the step asks for, so that an agent (who may not read versions) can act: sent by
	// GET /v1/tasks/{id} only.
	Form      map[string]any `json:"form,omitempty" doc:"The JSON Schema of the step's form: its form, else its outputSchema (GET of one task only)."`
	Message   string         `json:"message,omitempty" doc:"The text the step shows to the person acting (the step's ui.message; GET of one task only)."`
	URL       string         `json:"url,omitempty" doc:"A url_redirect step's URL as resolved when it opened, when the engine answers (GET of one task only)."`
	Documents []TaskDocument `json:"documents,omitempty" doc:"The documents a doc_upload step asks for (GET of one task only)."`
}

// TaskDocument is one document a doc_upload step asks for.
type TaskDocument struct {
	Key      string `json:"key"`
	Name     string `json:"name,omitempty"`
	Required bool   `json:"required"`
}

// withStep adds what the task's step asks for.
func (t Task) withStep(st *app.TaskStep) Task {
	t.WorkflowExecutionName, t.Message, t.URL = st.ExecutionName, st.Message, st.URL
	if len(st.Form) > 0 {
		_ = json.Unmarshal(st.Form, &t.Form) // a schema that is not an object is left out.
	}
	for _, d := range st.Documents {
		t.Documents = append(t.Documents, TaskDocument{Key: d.Key, Name: d.Name, Required: d.Required})
	}
	return t
}

func taskOf(t app.Task) Task {
	return Task{
		ID: t.ID, WorkflowExecutionID: t.ExecutionID, StepID: t.StepID, Attempt: t.Attempt, Type: t.Type, Name: t.Name,
		Assignee: t.Assignee, Status: t.Status, DueAt: t.DueAt, SLABreached: t.SLABreached, WorkflowTemplateID: t.TemplateID,
		CreatedAt: t.CreatedAt, ClaimedAt: t.ClaimedAt, ClaimedBy: t.ClaimedBy, CompletedAt: t.CompletedAt,
		CompletedBy: t.CompletedBy, CancelledAt: t.CancelledAt, OutputData: t.OutputData,
		WorkflowExecutionName: t.ExecutionName,
	}
}

type listTasksInput struct {
	Limit      int       `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Most tasks to return."`
	Cursor     string    `query:"cursor" maxLength:"300" doc:"nextCursor of the previous page; the same filters must be sent."`
	Assignee   string    `query:"assignee" maxLength:"200" doc:"A user id or group:NAME. Default: every task for an admin; for anyone else their own and their groups' (an agent may name only one of those)."`
	Status     string    `query:"status" enum:"OPEN,CLAIMED,COMPLETED,CANCELLED" doc:"Default: OPEN and CLAIMED."`
	TemplateID string    `query:"workflowTemplateId" maxLength:"100" doc:"Only tasks of executions of this template."`
	DueBefore  time.Time `query:"dueBefore" doc:"Only tasks due strictly before this instant (RFC 3339)."`
	Queue      []string  `query:"queue" enum:"mine,groups,shared" doc:"Only the caller's tasks of these queues: mine (assigned to the caller's user id), groups (to one of their groups), shared (steps with no assignee, which any agent may claim and complete). Comma-separated (queue=mine,groups); not with assignee. Default: all three for an agent, every task for an admin."`
}

// TaskCounts counts the caller's open (OPEN and CLAIMED) tasks, whatever the list's filters.
type TaskCounts struct {
	Mine     int `json:"mine" doc:"Assigned to the caller's user id."`
	Groups   int `json:"groups" doc:"Assigned to one of the caller's groups."`
	Shared   int `json:"shared" doc:"In the shared queue (no assignee)."`
	Breached int `json:"breached" doc:"Of those three, past their dueAt (SLA breached)."`
}

type taskPath struct {
	ID string `path:"id" maxLength:"100" doc:"The task's id."`
}

type completeTaskInput struct {
	ID             string `path:"id" maxLength:"100" doc:"The task's id."`
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"255" doc:"Send the completion again under the same key (within 24 hours, same caller) and get the same answer; the same key with a different output is 409 idempotency_conflict."`
	Body           *struct {
		OutputData json.RawMessage `json:"outputData,omitempty" doc:"The step's output, a JSON object valid against its outputSchema; absent for a confirmation."`
	}
}

type taskOutput struct {
	Body Task
}

type listTasksOutput struct {
	Body struct {
		Items      []Task     `json:"items"`
		NextCursor string     `json:"nextCursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page."`
		Counts     TaskCounts `json:"counts" doc:"The caller's open tasks per queue, for badges."`
	}
}

func (s *server) registerTasks(api huma.API) {
	tags := []string{"Inbox"}
	huma.Register(api, huma.Operation{
		OperationID: "listTasks", Method: http.MethodGet, Path: "/v1/tasks", Tags: tags,
		Summary: "List human tasks",
		Description: "Sorted by dueAt (tasks without one last), then oldest first. An agent naming an assignee that is not theirs is 403 not_allowed. " +
			"An agent's default list is their own tasks, their groups' and the shared queue's (tasks of steps with no assignee).",
		Errors: []int{http.StatusBadRequest, http.StatusForbidden},
	}, func(ctx context.Context, in *listTasksInput) (*listTasksOutput, error) {
		f := app.TaskFilter{Assignee: in.Assignee, Status: store.HumanTaskStatus(in.Status), TemplateID: in.TemplateID, Limit: in.Limit}
		for _, q := range in.Queue {
			f.Queues = append(f.Queues, app.Queue(q))
		}
		if !in.DueBefore.IsZero() {
			f.DueBefore = &in.DueBefore
		}
		if in.Cursor != "" {
			c, ok := decodeInboxCursor(in.Cursor)
			if !ok {
				return nil, invalid("query.cursor", "cursor is not one this API returned")
			}
			f.After = &c
		}
		p, err := s.app.ListTasks(ctx, f)
		if err != nil {
			return nil, problemOf(err)
		}
		c, err := s.app.InboxCounts(ctx)
		if err != nil {
			return nil, problemOf(err)
		}
		out := &listTasksOutput{}
		out.Body.Items, out.Body.NextCursor = make([]Task, len(p.Items)), encodeInboxCursor(p.Next)
		out.Body.Counts = TaskCounts{Mine: c.Mine, Groups: c.Groups, Shared: c.Shared, Breached: c.Breached}
		for i, t := range p.Items {
			out.Body.Items[i] = taskOf(t)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getTask", Method: http.MethodGet, Path: "/v1/tasks/{id}", Tags: tags,
		Summary:     "Get a human task",
		Description: "With what its step asks for (form, message, resolved URL, documents), which an agent could not otherwise read.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *taskPath) (*taskOutput, error) {
		if !id.Valid(in.ID) {
			return nil, notFound("task", in.ID)
		}
		t, st, err := s.app.GetTaskWithStep(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &taskOutput{Body: taskOf(*t).withStep(st)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "claimTask", Method: http.MethodPost, Path: "/v1/tasks/{id}/claim", Tags: tags,
		Summary: "Claim a human task",
		Description: "Marks the task as being worked on by the caller (claiming one's own claim again is fine). A task claimed by someone else is 409 task_claimed; " +
			"a completed or cancelled one 409 task_closed; someone else's task 403 not_allowed.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *taskPath) (*taskOutput, error) {
		return s.taskOp(ctx, in.ID, s.app.ClaimTask)
	})

	huma.Register(api, huma.Operation{
		OperationID: "unclaimTask", Method: http.MethodPost, Path: "/v1/tasks/{id}/unclaim", Tags: tags,
		Summary:     "Release a claim",
		Description: "The claimant or an admin; anyone else's claim is 409 task_claimed. Unclaiming an OPEN task changes nothing.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *taskPath) (*taskOutput, error) {
		return s.taskOp(ctx, in.ID, s.app.UnclaimTask)
	})

	huma.Register(api, huma.Operation{
		OperationID: "completeTask", Method: http.MethodPost, Path: "/v1/tasks/{id}/complete", Tags: tags,
		Summary: "Complete a human task",
		Description: "Completes the task's step in the engine with outputData, then records the task COMPLETED by the caller and an audit entry. " +
			"The assignee, a member of the assigned group, the claimant or an admin may; anyone else is 403 not_allowed, and a task someone else claimed 409 task_claimed " +
			"(admins excepted). Of two completions only the first succeeds: the second, like any completion of a closed task, is 409 task_closed. " +
			"Output that breaks the step's schema is 422 output_invalid.",
		MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
			http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *completeTaskInput) (*taskOutput, error) {
		var output json.RawMessage
		if in.Body != nil {
			output = in.Body.OutputData
		}
		ctx = app.WithIdempotencyKey(ctx, in.IdempotencyKey)
		out, err := s.taskOp(ctx, in.ID, func(ctx context.Context, taskID string) (*app.Task, error) {
			t, err := s.app.CompleteTask(ctx, taskID, output)
			if err == nil && t.CompletedAt != nil {
				s.metrics.ObserveTaskCompleted(t.CreatedAt, *t.CompletedAt)
			}
			return t, err
		})
		return out, err
	})
}

// taskOp runs one use case on the task in the path; a malformed id is not found, unasked.
func (s *server) taskOp(ctx context.Context, taskID string, op func(context.Context, string) (*app.Task, error)) (*taskOutput, error) {
	if !id.Valid(taskID) {
		return nil, notFound("task", taskID)
	}
	t, err := op(ctx, taskID)
	if err != nil {
		return nil, problemOf(err)
	}
	return &taskOutput{Body: taskOf(*t)}, nil
}

// inboxCursorJSON is an inbox position: the inbox is ordered by due date first, so its cursor
// carries one (null for a task without) besides the creation time and id every cursor has.
type inboxCursorJSON struct {
	D *time.Time `json:"d"`
	T time.Time  `json:"t"`
	I string     `json:"i"`
}

func encodeInboxCursor(c *store.InboxCursor) string {
	if c == nil {
		return ""
	}
	j := inboxCursorJSON{D: c.DueAt, T: c.CreatedAt.UTC(), I: c.ID}
	if j.D != nil {
		d := j.D.UTC()
		j.D = &d
	}
	b, _ := json.Marshal(j) // times and a string always marshal.
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeInboxCursor(s string) (store.InboxCursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return store.InboxCursor{}, false
	}
	var c inboxCursorJSON
	if err := json.Unmarshal(b, &c); err != nil || c.T.IsZero() || !id.Valid(c.I) {
		return store.InboxCursor{}, false
	}
	out := store.InboxCursor{CreatedAt: c.T.UTC(), ID: c.I}
	if c.D != nil {
		d := c.D.UTC()
		out.DueAt = &d
	}
	return out, true
}
