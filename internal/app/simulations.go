package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/engine/sim"
	"github.com/workflowbuilder/wfb/internal/store"
)

// MaxSimulationStepRuns caps the step runs of one simulation served by the API (a request may
// ask for fewer): the simulation runs in the request, so its cost is bounded like an
// expression's.
const MaxSimulationStepRuns = sim.DefaultMaxStepRuns

// Publish-gate issues of saved scenarios: a failing scenario blocks publishing in the same
// problem as a validation error (validation_failed), one issue per scenario.
const (
	// RuleScenarioPasses: every scenario saved on the version passes.
	RuleScenarioPasses definition.Rule = "SCENARIO_PASSES"
	// CodeScenarioFailed groups the scenario issues.
	CodeScenarioFailed definition.Code = "SCENARIO_FAILED"
)

// SimulationRequest is a dry run: a definition (inline, or a stored version's), an initial
// context, a script of the outside world and, optionally, expectations.
type SimulationRequest struct {
	Definition  json.RawMessage
	VersionID   string
	Context     map[string]any
	Script      sim.Script
	Expect      *sim.Expect
	MaxStepRuns int
}

// Simulate runs a simulation. Nothing is written. A definition with ERROR issues is refused
// (validation_failed, as publishing would); a script that names steps or data sources the
// definition lacks is invalid_request with the pointers in Details.
func (s *Service) Simulate(ctx context.Context, req SimulationRequest) (*sim.Outcome, error) {
	raw, templateID := req.Definition, ""
	switch {
	case len(bytes.TrimSpace(raw)) > 0 && req.VersionID != "":
		return nil, errorf(CodeInvalidRequest, "give either definition or versionId, not both")
	case req.VersionID != "":
		v, err := s.store.GetVersion(ctx, req.VersionID)
		if err != nil {
			return nil, storeErr(err, "version", req.VersionID, "getting version "+req.VersionID)
		}
		raw, templateID = v.Definition, v.TemplateID
	case len(bytes.TrimSpace(raw)) == 0:
		return nil, errorf(CodeInvalidRequest, "give a definition or a versionId")
	}
	if issues := s.validator.Validate(ctx, s.store, templateID, raw); definition.HasErrors(issues) {
		e := errorf(CodeValidationFailed, "the definition has errors; it cannot be simulated")
		e.Issues = issues
		return nil, e
	}
	def, err := definition.Decode(raw)
	if err != nil {
		return nil, errorf(CodeInvalidRequest, "decoding the definition: %v", err)
	}
	sc := &sim.Scenario{Script: req.Script, Expect: req.Expect}
	if ps := sim.CheckScript(sc, def); len(ps) > 0 {
		return nil, problemsError(ps)
	}
	limit := MaxSimulationStepRuns
	if req.MaxStepRuns > 0 && req.MaxStepRuns < limit {
		limit = req.MaxStepRuns
	}
	res, err := sim.Run(def, req.Context, req.Script, sim.Options{MaxStepRuns: limit})
	if err != nil {
		return nil, errorf(CodeInvalidRequest, "%v", err)
	}
	out := &sim.Outcome{Result: res, Mismatches: []sim.Mismatch{}, Passed: true}
	if req.Expect != nil {
		out.Mismatches = sim.Check(res, *req.Expect)
		out.Passed = len(out.Mismatches) == 0
	}
	return out, nil
}

func problemsError(ps []sim.Problem) *Error {
	e := errorf(CodeInvalidRequest, "the script does not fit the definition: %s: %s", ps[0].Pointer, ps[0].Message)
	for _, p := range ps {
		e.Details = append(e.Details, fmt.Sprintf("at '%s': %s", p.Pointer, p.Message))
	}
	return e
}

// SavedScenario is a scenario stored on a version: its document (the scenario format without
// a definition) and when it was saved.
type SavedScenario struct {
	VersionID string
	Name      string
	Document  json.RawMessage
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SaveScenario stores doc (a scenario without definition or definitionFile) on the version,
// replacing the one of the same name. It is checked against the version's definition first:
// a scenario that cannot run is refused (invalid_request, with pointers in Details); one
// whose expectations fail is saved (it documents what must hold) and blocks publishing.
func (s *Service) SaveScenario(ctx context.Context, versionID string, doc json.RawMessage) (*SavedScenario, error) {
	var saved *SavedScenario
	err := s.store.InTx(ctx, func(q store.Querier) error {
		v, err := q.GetVersion(ctx, versionID)
		if err != nil {
			return storeErr(err, "version", versionID, "getting version "+versionID)
		}
		sc, err := parseSaved(doc, v.Definition)
		if err != nil {
			return err
		}
		def, err := definition.Decode(v.Definition)
		if err != nil {
			return errorf(CodeInvalidRequest, "the version's definition does not decode: %v", err)
		}
		if ps := sim.CheckScript(sc, def); len(ps) > 0 {
			return problemsError(ps)
		}
		at := now()
		row := &store.Scenario{VersionID: versionID, Name: sc.Name, Document: doc, CreatedAt: at, UpdatedAt: at}
		if err := q.PutScenario(ctx, row); err != nil {
			return storeErr(err, "version", versionID, "saving a scenario")
		}
		rows, err := q.ListScenarios(ctx, versionID)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Name == sc.Name {
				saved = savedOf(r)
			}
		}
		return s.audit(ctx, q, "version.scenario.save", "version", versionID, nil, map[string]any{"name": sc.Name})
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// parseSaved checks a saved scenario document against the scenario schema, with the
// version's definition in place of its own.
func parseSaved(doc json.RawMessage, def json.RawMessage) (*sim.Scenario, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, errorf(CodeInvalidRequest, "a scenario is a JSON object: %v", err)
	}
	for _, k := range []string{"definition", "definitionFile"} {
		if _, ok := m[k]; ok {
			return nil, errorf(CodeInvalidRequest, "a saved scenario runs against its version's definition: remove %q", k)
		}
	}
	m["definition"] = def
	full, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encoding the scenario: %w", err)
	}
	sc, err := sim.Parse(full)
	var ie *sim.InvalidError
	if errors.As(err, &ie) {
		return nil, problemsError(ie.Problems)
	}
	return sc, err
}

func savedOf(r store.Scenario) *SavedScenario {
	return &SavedScenario{VersionID: r.VersionID, Name: r.Name, Document: r.Document, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// ListScenarios lists a version's saved scenarios by name.
func (s *Service) ListScenarios(ctx context.Context, versionID string) ([]SavedScenario, error) {
	if _, err := s.store.GetVersion(ctx, versionID); err != nil {
		return nil, storeErr(err, "version", versionID, "getting version "+versionID)
	}
	rows, err := s.store.ListScenarios(ctx, versionID)
	if err != nil {
		return nil, err
	}
	out := make([]SavedScenario, len(rows))
	for i, r := range rows {
		out[i] = *savedOf(r)
	}
	return out, nil
}

// DeleteScenario deletes one saved scenario.
func (s *Service) DeleteScenario(ctx context.Context, versionID, name string) error {
	return s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.DeleteScenario(ctx, versionID, name); err != nil {
			return storeErr(err, "scenario", versionID+"/"+name, "deleting a scenario")
		}
		return s.audit(ctx, q, "version.scenario.delete", "version", versionID, map[string]any{"name": name}, nil)
	})
}

// scenarioIssues re-runs a version's saved scenarios against def and returns one ERROR issue
// per scenario that does not pass (or no longer fits the definition), naming it.
func scenarioIssues(ctx context.Context, q store.Querier, versionID string, defRaw json.RawMessage) ([]definition.Issue, error) {
	rows, err := q.ListScenarios(ctx, versionID)
	if err != nil {
		return nil, fmt.Errorf("listing the scenarios of version %s: %w", versionID, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	def, err := definition.Decode(defRaw)
	if err != nil {
		return nil, fmt.Errorf("decoding version %s: %w", versionID, err)
	}
	var issues []definition.Issue
	for _, r := range rows {
		issue := definition.Issue{Rule: RuleScenarioPasses, Code: CodeScenarioFailed, Severity: definition.SeverityError}
		sc, perr := parseSaved(r.Document, defRaw)
		var why string
		switch {
		case perr != nil:
			why = perr.Error()
		default:
			if ps := sim.CheckScript(sc, def); len(ps) > 0 {
				why = fmt.Sprintf("it no longer fits the definition: %s: %s", ps[0].Pointer, ps[0].Message)
				break
			}
			res, err := sim.Run(def, sc.Context, sc.Script, sc.Options())
			if err != nil {
				why = err.Error()
				break
			}
			if sc.Expect == nil {
				continue
			}
			ms := sim.Check(res, *sc.Expect)
			if len(ms) == 0 {
				continue
			}
			parts := make([]string, len(ms))
			for i, m := range ms {
				parts[i] = m.Message
			}
			why = strings.Join(parts, "; ")
		}
		issue.Message = fmt.Sprintf("scenario %q fails: %s", r.Name, why)
		issues = append(issues, issue)
	}
	return issues, nil
}
