package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/store"
)

// TaskStep is what completing a human task needs from its step's definition and runtime: an
// agent may not read versions, so the task carries them (issue 13).
type TaskStep struct {
	// ExecutionName is the name of the task's execution.
	ExecutionName string
	// Form is the JSON Schema the completion is checked against: the step's form, else its
	// outputSchema; nil when it has neither.
	Form json.RawMessage
	// Message is the text the step's editor layout (`ui.message`) shows to the person acting.
	Message string
	// URL is a url_redirect step's URL, as the engine resolved it when the step opened.
	URL string
	// Documents lists a doc_upload step's documents.
	Documents []definition.Document
}

// GetTaskWithStep returns one task the caller may see, with what its step asks for.
func (s *Service) GetTaskWithStep(ctx context.Context, taskID string) (*Task, *TaskStep, error) {
	t, err := s.GetTask(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.taskStep(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	return t, st, nil
}

// taskStep reads the step of a task the caller has already been allowed to see: through the
// store, not the version use case, which agents may not call.
func (s *Service) taskStep(ctx context.Context, t *Task) (*TaskStep, error) {
	ex, err := s.store.GetExecution(ctx, t.ExecutionID)
	if err != nil {
		return nil, fmt.Errorf("getting execution of task %s: %w", t.ID, err)
	}
	out := &TaskStep{ExecutionName: ex.Name}
	v, err := s.store.GetVersion(ctx, ex.VersionID)
	if err != nil {
		return nil, fmt.Errorf("getting version of task %s: %w", t.ID, err)
	}
	// A stored version decoded once already; a definition that no longer decodes (it cannot)
	// just leaves the step's fields out.
	if def, err := definition.Decode(v.Definition); err == nil {
		for _, step := range def.Steps {
			if step.ID != t.StepID {
				continue
			}
			out.Form, out.Documents, out.Message = step.Form, step.Documents, uiMessage(step.UI)
			if len(out.Form) == 0 {
				out.Form = step.OutputSchema
			}
		}
	}
	if t.Type == "human.url_redirect" && s.engine != nil && ex.Status != store.ExecutionFailedToStart {
		qctx, cancel := context.WithTimeout(ctx, queryTimeout)
		defer cancel()
		if rs, err := s.engine.State(qctx, ex.ID); err == nil {
			out.URL = resolvedURL(rs, t.StepID)
		}
	}
	return out, nil
}

func uiMessage(ui json.RawMessage) string {
	var u struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(ui, &u) // a layout without a message (or none) leaves it empty.
	return u.Message
}

func resolvedURL(st *interp.State, stepID string) string {
	if st == nil || st.Steps[stepID] == nil {
		return ""
	}
	return st.Steps[stepID].URL
}
