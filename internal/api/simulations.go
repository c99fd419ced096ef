package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/engine/sim"
	"github.com/workflowbuilder/wfb/internal/id"
)

// SimulationBody is a dry run to make (docs/testing-workflows.md has the script's format).
type SimulationBody struct {
	Definition  json.RawMessage `json:"definition,omitempty" doc:"An inline definition; give this or versionId."`
	VersionID   string          `json:"versionId,omitempty" doc:"A stored version whose definition to run; give this or definition."`
	Context     map[string]any  `json:"context,omitempty" doc:"The initial context."`
	Script      json.RawMessage `json:"script,omitempty" doc:"The outside world: steps (human step id -> outputs per attempt), dataSources (alias or dataSourceId -> answers in call order), children (sub-workflow step id -> list or {each}), clock {start, tick}, seed."`
	Expect      json.RawMessage `json:"expect,omitempty" doc:"Optional expectations: status, ran, notRan, attempts, context, outputs, children, overdue, error."`
	MaxStepRuns int             `json:"maxStepRuns,omitempty" minimum:"0" doc:"Lower the step-run limit (the server's is the cap)."`
}

type simulateInput struct {
	Body SimulationBody
}

type simulateOutput struct {
	Body SimulationOutcome
}

// SimulationOutcome is a simulation's answer: the result and the expectations it missed.
type SimulationOutcome struct {
	Result     SimulationResult     `json:"result"`
	Mismatches []SimulationMismatch `json:"mismatches" doc:"The expectations the run missed (empty without expect)."`
	Passed     bool                 `json:"passed" doc:"Every expectation held."`
}

// SimulationResult is what the run did.
type SimulationResult struct {
	Status      string                     `json:"status" doc:"The runtime status at the end (Completed, Failed, InProgress...), or Waiting when the script does not answer an open step."`
	Steps       []SimulationStepRun        `json:"steps" doc:"Step runs in the order they started, one per attempt."`
	Transitions []string                   `json:"transitions" doc:"Transitions that carried a token, in order."`
	DeadPaths   []string                   `json:"deadPaths" doc:"Transitions that carried a dead-path notice, in order."`
	Ran         []string                   `json:"ran" doc:"Steps that completed at least once."`
	Skipped     []string                   `json:"skipped" doc:"Steps every way into which was dead."`
	Context     map[string]any             `json:"context" doc:"The final context."`
	Waiting     []SimulationWait           `json:"waiting,omitempty" doc:"Open steps the script did not answer."`
	Error       *SimulationError           `json:"error,omitempty" doc:"The first error and its step."`
	Final       map[string]SimulationFinal `json:"final" doc:"Each step's last status and attempt count."`
	StepRuns    int                        `json:"stepRuns"`
}

// SimulationStepRun is one attempt of one step.
type SimulationStepRun struct {
	StepID    string           `json:"stepId"`
	Type      string           `json:"type"`
	Attempt   int              `json:"attempt"`
	Status    string           `json:"status"`
	StartedAt *time.Time       `json:"startedAt,omitempty"`
	EndedAt   *time.Time       `json:"endedAt,omitempty"`
	DueAt     *time.Time       `json:"dueAt,omitempty"`
	Overdue   bool             `json:"overdue,omitempty"`
	Input     map[string]any   `json:"input,omitempty" doc:"A human step's assignee, url; a sub-workflow step's dataSources (params) and children (contexts)."`
	Output    any              `json:"output,omitempty"`
	Error     *SimulationError `json:"error,omitempty"`
}

// SimulationWait is an open step the script does not answer.
type SimulationWait struct {
	StepID  string `json:"stepId"`
	Attempt int    `json:"attempt"`
	Missing string `json:"missing"`
}

// SimulationError is an engine error code with its message (and step).
type SimulationError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	StepID  string `json:"stepId,omitempty"`
}

// SimulationFinal is one step's state at the end.
type SimulationFinal struct {
	Status   string `json:"status"`
	Attempts int    `json:"attempts"`
}

// SimulationMismatch is one expectation the run missed.
type SimulationMismatch struct {
	Path    string `json:"path" doc:"JSON Pointer into the request's expect."`
	Want    any    `json:"want"`
	Got     any    `json:"got"`
	Message string `json:"message"`
}

// outcomeOf converts the simulator's outcome into the API's type (same JSON).
func outcomeOf(o *sim.Outcome) (SimulationOutcome, error) {
	var out SimulationOutcome
	b, err := json.Marshal(o)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(b, &out)
	return out, err
}

// Scenario is a scenario saved on a version.
type Scenario struct {
	VersionID string          `json:"versionId"`
	Name      string          `json:"name"`
	Document  json.RawMessage `json:"document" doc:"The scenario: name, context, script, expect (no definition: it runs against the version's)."`
	CreatedAt time.Time       `json:"createdAt"`
	UpdatedAt time.Time       `json:"updatedAt"`
}

func scenarioOf(s app.SavedScenario) Scenario {
	return Scenario{VersionID: s.VersionID, Name: s.Name, Document: s.Document, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

type saveScenarioInput struct {
	VersionPath
	Body json.RawMessage `doc:"A scenario without definition: {name, context, script, expect}."`
}

type scenarioOutput struct {
	Body Scenario
}

type listScenariosOutput struct {
	Body struct {
		Items []Scenario `json:"items"`
	}
}

type scenarioPath struct {
	VersionPath
	Name string `path:"name" doc:"The scenario's name."`
}

// scenarioProblem is problemOf with each of a script's problems located in the body by its
// JSON Pointer (the app writes them "at '<pointer>': <what was expected>").
func scenarioProblem(err error) error {
	perr := problemOf(err)
	p, ok := perr.(*Problem)
	if !ok || p.Code != string(app.CodeInvalidRequest) {
		return perr
	}
	for _, d := range p.Errors {
		if rest, found := strings.CutPrefix(d.Message, "at '"); found {
			if ptr, msg, ok := strings.Cut(rest, "': "); ok {
				d.Location, d.Message = "body"+strings.ReplaceAll(ptr, "/", "."), msg
			}
		}
	}
	return p
}

// decodeStrict reads an optional JSON member into v; what does not fit is a 400 naming the
// member.
func decodeStrict(raw json.RawMessage, member string, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return problemOf(&app.Error{Code: app.CodeInvalidRequest, Message: member + ": " + err.Error()})
	}
	return nil
}

func (s *server) registerSimulations(api huma.API) {
	tags := []string{"Simulations"}
	huma.Register(api, huma.Operation{
		OperationID: "simulate", Method: http.MethodPost, Path: "/v1/simulations", Tags: tags,
		Summary: "Dry-run a definition with the outside world scripted",
		Description: "Runs the engine's state machine in memory: no database write, no Temporal, no network. " +
			"A definition with ERROR issues is 422 validation_failed; a script that names steps or data sources the definition lacks is 400 invalid_request with the JSON Pointers in errors. " +
			"The result says how far it got (status Waiting when the script does not answer an open step), and with expect, which expectations failed.",
		MaxBodyBytes: MaxDefinitionBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *simulateInput) (*simulateOutput, error) {
		req := app.SimulationRequest{Definition: in.Body.Definition, VersionID: in.Body.VersionID, Context: in.Body.Context, MaxStepRuns: in.Body.MaxStepRuns}
		if req.VersionID != "" && len(req.Definition) == 0 && !id.Valid(req.VersionID) {
			return nil, notFound("version", req.VersionID)
		}
		if err := decodeStrict(in.Body.Script, "script", &req.Script); err != nil {
			return nil, err
		}
		if len(in.Body.Expect) > 0 && string(in.Body.Expect) != "null" {
			req.Expect = &sim.Expect{}
			if err := decodeStrict(in.Body.Expect, "expect", req.Expect); err != nil {
				return nil, err
			}
		}
		out, err := s.app.Simulate(ctx, req)
		if err != nil {
			return nil, scenarioProblem(err)
		}
		body, err := outcomeOf(out)
		if err != nil {
			return nil, problemOf(err)
		}
		return &simulateOutput{Body: body}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getScenarioSchema", Method: http.MethodGet, Path: "/v1/schemas/scenario", Tags: tags,
		Summary: "The JSON Schema (2020-12) of a scenario file (wfb test)",
		Responses: map[string]*huma.Response{"200": {
			Description: "The schema",
			Content:     map[string]*huma.MediaType{"application/schema+json": {Schema: &huma.Schema{Type: huma.TypeObject}}},
		}},
	}, func(context.Context, *struct{}) (*schemaOutput, error) {
		return &schemaOutput{ContentType: "application/schema+json", Body: sim.Schema()}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "saveVersionScenario", Method: http.MethodPost, Path: "/v1/versions/{id}/scenarios", Tags: tags,
		Summary: "Save a scenario on a version (replacing the one of the same name)",
		Description: "The scenario must fit the version's definition (400 invalid_request otherwise). " +
			"Publishing re-runs every saved scenario; one that fails blocks it with 422 validation_failed and a SCENARIO_PASSES issue naming it.",
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *saveScenarioInput) (*scenarioOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		sc, err := s.app.SaveScenario(ctx, in.ID, in.Body)
		if err != nil {
			return nil, scenarioProblem(err)
		}
		return &scenarioOutput{Body: scenarioOf(*sc)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listVersionScenarios", Method: http.MethodGet, Path: "/v1/versions/{id}/scenarios", Tags: tags,
		Summary: "List a version's saved scenarios, by name", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *VersionPath) (*listScenariosOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		list, err := s.app.ListScenarios(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		out := &listScenariosOutput{}
		out.Body.Items = make([]Scenario, len(list))
		for i, sc := range list {
			out.Body.Items[i] = scenarioOf(sc)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "deleteVersionScenario", Method: http.MethodDelete, Path: "/v1/versions/{id}/scenarios/{name}", Tags: tags,
		Summary: "Delete a saved scenario", DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *scenarioPath) (*struct{}, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		if err := s.app.DeleteScenario(ctx, in.ID, in.Name); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})
}
