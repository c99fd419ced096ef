package interp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/workflowbuilder/wfb/definition"
)

// openHuman opens a human step: it resolves the assignee, the URL of a url_redirect step and
// the due date, and then waits for UpdateCompleteStep.
func (m *Machine) openHuman(step *definition.Step) *Error {
	st := m.state.Steps[step.ID]
	scope := m.scope()
	if step.Assignee != nil {
		v, ok, err := m.eval.Value(context.Background(), *step.Assignee, scope)
		if err != nil {
			return errorf(CodeExpression, "assignee of step %q: %v", step.ID, err)
		}
		if ok && v != nil {
			s, isString := v.(string)
			if !isString {
				return errorf(CodeExpression, "assignee of step %q is a %T, not a string", step.ID, v)
			}
			st.Assignee = s
		}
	}
	if step.Type == definition.StepHumanURLRedirect && step.URL != nil {
		v, ok, err := m.eval.Value(context.Background(), *step.URL, scope)
		if err != nil {
			return errorf(CodeExpression, "url of step %q: %v", step.ID, err)
		}
		if ok {
			s, isString := v.(string)
			if !isString {
				return errorf(CodeExpression, "url of step %q is a %T, not a string", step.ID, v)
			}
			st.URL = s
		}
	}
	if step.DueIn != "" {
		d, err := definition.ParseDuration(step.DueIn)
		if err != nil {
			return errorf(CodeDefinitionInvalid, "dueIn of step %q: %v", step.ID, err)
		}
		due := st.StartedAt.Add(d)
		st.DueAt = &due
	}
	return nil
}

// Schemas compiles each human step's output schema once per workflow run, on first use, in the
// update validator (compiling is pure, so it is safe there).
type Schemas struct {
	compiled map[string]*jsonschema.Schema
}

func (c *Schemas) get(step *definition.Step) (*jsonschema.Schema, error) {
	raw := step.FormSchema()
	if len(raw) == 0 {
		return nil, nil
	}
	if s, ok := c.compiled[step.ID]; ok {
		return s, nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("reading the output schema of step %q: %w", step.ID, err)
	}
	comp := jsonschema.NewCompiler()
	comp.DefaultDraft(jsonschema.Draft2020)
	url := "wfb:///steps/" + step.ID + ".json"
	if err := comp.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("loading the output schema of step %q: %w", step.ID, err)
	}
	s, err := comp.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("compiling the output schema of step %q: %w", step.ID, err)
	}
	if c.compiled == nil {
		c.compiled = map[string]*jsonschema.Schema{}
	}
	c.compiled[step.ID] = s
	return s, nil
}

// CheckCompletion is the validator of UpdateCompleteStep: the step must be an open human step,
// the actor allowed, and the output valid. It changes nothing. It returns the output to store.
func (m *Machine) CheckCompletion(sc *Schemas, req CompleteStepRequest) (any, *Error) {
	step, ok := m.steps[req.StepID]
	if !ok {
		return nil, errorf(CodeStepNotFound, "no step %q in this execution", req.StepID)
	}
	if !step.IsHuman() {
		return nil, errorf(CodeStepNotHuman, "step %q is a %s step, not a human step", step.ID, step.Type)
	}
	st := m.state.Steps[step.ID]
	if !IsOpen(st.Status) {
		return nil, errorf(CodeStepNotOpen, "step %q is %s, not open", step.ID, st.Status)
	}
	if req.Attempt != 0 && req.Attempt != st.Attempt {
		return nil, errorf(CodeStepNotOpen, "attempt %d of step %q is closed; attempt %d is open", req.Attempt, step.ID, st.Attempt)
	}
	if !allowed(st.Assignee, req.Actor) {
		return nil, errorf(CodeNotAllowed, "step %q is assigned to %s", step.ID, st.Assignee)
	}
	output, err := normalizeOutput(req.Output)
	if err != nil {
		return nil, errorf(CodeOutputInvalid, "output of step %q: %v", step.ID, err)
	}
	schema, err := sc.get(step)
	if err != nil {
		return nil, errorf(CodeDefinitionInvalid, "%v", err)
	}
	if schema != nil {
		if err := schema.Validate(output); err != nil {
			e := errorf(CodeOutputInvalid, "output of step %q does not match its schema: %v", step.ID, err)
			e.Details = schemaFailures(err)
			return nil, e
		}
	}
	if step.Type == definition.StepHumanDocUpload {
		obj, _ := output.(map[string]any)
		for _, d := range step.Documents {
			if d.Required && (obj == nil || obj[d.Key] == nil) && !listsDocument(obj, d.Key) {
				return nil, errorf(CodeOutputInvalid, "step %q needs document %q", step.ID, d.Key)
			}
		}
	}
	return output, nil
}

// listsDocument reports whether a doc_upload output's "documents" list (the form the API
// writes: [{"key", "fileId", ...}]) has an entry for key. An output with the document under its
// key at the top level is accepted too, as before that list existed.
func listsDocument(obj map[string]any, key string) bool {
	docs, _ := obj["documents"].([]any)
	for _, d := range docs {
		if m, ok := d.(map[string]any); ok && m["key"] == key && m["fileId"] != nil {
			return true
		}
	}
	return false
}

// normalizeOutput turns the output into plain decoded JSON (what Schemas and expressions read)
// and makes "no payload" an empty object, so that a confirmation needs none.
func normalizeOutput(v any) (any, error) {
	if v == nil {
		return map[string]any{}, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	if _, ok := out.(map[string]any); !ok {
		return nil, fmt.Errorf("must be a JSON object, got %s", raw)
	}
	return out, nil
}

// allowed reports whether actor may complete a step assigned to assignee ("" means anyone who
// reached the engine through an authorized API; "group:x" means a member of group x).
func allowed(assignee string, actor Actor) bool {
	if assignee == "" || actor.Admin || actor.ID == assignee {
		return true
	}
	return slices.Contains(actor.Groups, assignee)
}

// schemaFailures lists a schema validation's failures, one per leaf of the validator's error
// tree ("at '/path': why"), so that callers need not parse the message.
func schemaFailures(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{err.Error()}
	}
	var out []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, e.Error())
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}
