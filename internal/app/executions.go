package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Engine is what the use cases need of the workflow engine; *engine.Client implements it over
// Temporal. An interface so that the app does not care whether it talks to a cluster, the
// embedded server or the SDK's test environment. Its failures that mean something are
// *interp.Error values (a rejection, EXECUTION_NOT_FOUND, ENGINE_UNAVAILABLE, START_REFUSED):
// the app never sees Temporal's own errors.
type Engine interface {
	Start(ctx context.Context, in engine.Input) error
	State(ctx context.Context, id string) (*engine.State, error)
	CompleteStep(ctx context.Context, id, stepID string, attempt int, output any, actor engine.Actor) (*engine.StepState, error)
	RetryStep(ctx context.Context, id, stepID string) (*engine.StepState, error)
	Cancel(ctx context.Context, id string) error
	// Describe reports whether the execution's workflow has closed, and how.
	Describe(ctx context.Context, id string) (*engine.Closure, error)
	// Terminate ends the execution's workflow without running its code.
	Terminate(ctx context.Context, id, reason string) error
}

// Runtime is the engine's runtime view of an execution (SPEC §6, State).
type Runtime = engine.State

// StepRuntime is one step's runtime view.
type StepRuntime = engine.StepState

// Execution is an execution's record with its runtime view. Runtime is nil when the engine
// could not answer (not started yet, or Temporal unreachable): the record is still worth showing.
type Execution struct {
	store.Execution
	Runtime *Runtime
	// ChildCounts counts, by sub-workflow step id, the children each started step has, from
	// their rows: a BATCH is counted while it runs.
	ChildCounts map[string]ChildCounts
}

// StartInput starts an execution of VersionID, or of TemplateID's active version.
type StartInput struct {
	VersionID  string
	TemplateID string
	// Name defaults to the template's name.
	Name string
	// Context is the initial context, a JSON object; empty means {}.
	Context json.RawMessage
}

// queryTimeout bounds a runtime query, so that a Get answers with the record when Temporal is
// slow or no worker is polling (a query needs a worker).
const queryTimeout = 5 * time.Second

func (s *Service) needEngine() (Engine, error) {
	if s.engine == nil {
		return nil, errorf(CodeEngineUnavailable, "this process runs no workflow engine")
	}
	return s.engine, nil
}

// StartExecution records the execution CREATED, starts its workflow, and marks it STARTED (or
// FAILED_TO_START when Temporal refuses it for good). When Temporal cannot be reached the row
// stays CREATED and is returned as such: the reconciler starts it later, so the caller has an
// id to follow and no reason to retry into a duplicate.
func (s *Service) StartExecution(ctx context.Context, in StartInput) (*store.Execution, error) {
	eng, err := s.needEngine()
	if err != nil {
		return nil, err
	}
	vars, raw, err := parseContext(in.Context)
	if err != nil {
		return nil, err
	}
	if err := checkText("name", in.Name); err != nil {
		return nil, err
	}
	if err := s.checkBacklog(ctx); err != nil {
		return nil, err
	}
	var ex *store.Execution
	var def json.RawMessage
	err = s.store.InTx(ctx, func(q store.Querier) error {
		v, tpl, err := resolveVersion(ctx, q, in)
		if err != nil {
			return err
		}
		name := in.Name
		if name == "" {
			name = tpl.Name
		}
		def = v.Definition
		if ex, err = recordExecution(ctx, q, v, name, raw, nil); err != nil {
			return err
		}
		if key := IdempotencyKeyFrom(ctx); key != "" {
			hash, err := requestHash(in.VersionID, in.TemplateID, in.Name, vars)
			if err != nil {
				return err
			}
			held, repeat, err := claimKey(ctx, q, scopeStart, key, hash, ex.ID)
			if err != nil {
				return err
			}
			if repeat {
				return errRepeat{held}
			}
		}
		return s.audit(ctx, q, "execution.start", "execution", ex.ID, nil, executionView(ex))
	})
	var rep errRepeat
	if errors.As(err, &rep) {
		// The key's first start made this execution (launched then, or by the reconciler).
		ex, err := s.store.GetExecution(ctx, rep.executionID)
		if err != nil {
			return nil, storeErr(err, "execution", rep.executionID, "getting execution "+rep.executionID)
		}
		return ex, nil
	}
	if err != nil {
		return nil, err
	}
	return s.launch(ctx, eng, ex, def, vars)
}

// recordExecution writes the CREATED row of an execution of v in q, before its Temporal start:
// the one place every start (by hand, by a trigger event, by a service request) records its
// execution, so that launch and the reconciler find every row alike. triggerEventID names the
// event that caused it, if any.
func recordExecution(ctx context.Context, q store.Querier, v *store.Version, name string, raw json.RawMessage, triggerEventID *string) (*store.Execution, error) {
	ex := &store.Execution{
		ID: id.New(), Name: name, VersionID: v.ID, Context: raw, TriggerEventID: triggerEventID,
		Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted, CreatedAt: now(),
	}
	if err := q.CreateExecution(ctx, ex); err != nil {
		return nil, fmt.Errorf("recording execution of version %s: %w", v.ID, err)
	}
	return ex, nil
}

// resolveVersion finds the version a start names and checks that it may start, under the
// template's lock so that a concurrent deprecation is either before or after it.
func resolveVersion(ctx context.Context, q store.Querier, in StartInput) (*store.Version, *store.Template, error) {
	versionID := in.VersionID
	if versionID == "" && in.TemplateID == "" {
		return nil, nil, errorf(CodeInvalidRequest, "name workflowTemplateVersionId or workflowTemplateId")
	}
	if versionID == "" {
		if err := q.LockTemplate(ctx, in.TemplateID); err != nil {
			return nil, nil, storeErr(err, "template", in.TemplateID, "locking template "+in.TemplateID)
		}
		tpl, err := q.GetTemplate(ctx, in.TemplateID)
		if err != nil {
			return nil, nil, storeErr(err, "template", in.TemplateID, "getting template "+in.TemplateID)
		}
		if tpl.ActiveVersionID == nil {
			return nil, nil, errorf(CodeNoActiveVersion, "template %s has no active version", tpl.ID)
		}
		versionID = *tpl.ActiveVersionID
	}
	v, err := q.GetVersion(ctx, versionID)
	if err != nil {
		return nil, nil, storeErr(err, "version", versionID, "getting version "+versionID)
	}
	if in.TemplateID != "" && v.TemplateID != in.TemplateID {
		return nil, nil, errorf(CodeInvalidRequest, "version %s is not a version of template %s", v.ID, in.TemplateID)
	}
	if in.VersionID != "" {
		if err := q.LockTemplate(ctx, v.TemplateID); err != nil {
			return nil, nil, storeErr(err, "template", v.TemplateID, "locking template "+v.TemplateID)
		}
		if v, err = q.GetVersion(ctx, versionID); err != nil {
			return nil, nil, storeErr(err, "version", versionID, "getting version "+versionID)
		}
	}
	switch v.Status {
	case store.VersionPublished:
	case store.VersionDeprecated:
		return nil, nil, errorf(CodeVersionDeprecated, "version %s is DEPRECATED; start the active version instead", v.ID)
	default:
		return nil, nil, errorf(CodeVersionNotPublished, "version %s is %s; only a PUBLISHED version starts", v.ID, v.Status)
	}
	tpl, err := q.GetTemplate(ctx, v.TemplateID)
	if err != nil {
		return nil, nil, storeErr(err, "template", v.TemplateID, "getting template "+v.TemplateID)
	}
	return v, tpl, nil
}

// parseContext checks that a context is a JSON object and returns it decoded and compacted.
func parseContext(raw json.RawMessage) (map[string]any, json.RawMessage, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return map[string]any{}, json.RawMessage("{}"), nil
	}
	if err := checkDefinition(raw); err != nil {
		return nil, nil, errorf(CodeInvalidRequest, "context must be UTF-8 JSON without NUL characters")
	}
	var vars map[string]any
	if err := json.Unmarshal(raw, &vars); err != nil || vars == nil {
		return nil, nil, errorf(CodeInvalidRequest, "context must be a JSON object")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, nil, errorf(CodeInvalidRequest, "context is not JSON: %v", err)
	}
	return vars, buf.Bytes(), nil
}

// launch starts ex's workflow and records the outcome. Starting is idempotent (the workflow id
// is the execution id), so a launch that races the reconciler starts one workflow.
func (s *Service) launch(ctx context.Context, eng Engine, ex *store.Execution, def json.RawMessage, vars map[string]any) (*store.Execution, error) {
	err := eng.Start(ctx, engine.Input{
		ExecutionID: ex.ID, CorrelationID: ex.ID, VersionID: ex.VersionID, Definition: def, Context: vars,
	})
	if err != nil && !refused(err) {
		// Temporal did not answer: the row stays CREATED for the reconciler.
		slog.Warn("execution left CREATED for the reconciler", "execution", ex.ID, "err", err)
		return ex, nil
	}
	var reason *string
	if err != nil {
		r := err.Error()
		reason = &r
	}
	// The row lock keeps this read-change-write from overwriting a projection the engine commits
	// meanwhile (the engine's projection takes the same lock).
	var out *store.Execution
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.LockExecution(ctx, ex.ID); err != nil {
			return fmt.Errorf("locking execution %s after its start: %w", ex.ID, err)
		}
		cur, err := q.GetExecution(ctx, ex.ID)
		if err != nil {
			return fmt.Errorf("reading execution %s after its start: %w", ex.ID, err)
		}
		out = cur
		if cur.Status != store.ExecutionCreated {
			return nil // the engine's projection or the reconciler got there first
		}
		if reason != nil {
			cur.Status, cur.StatusReason = store.ExecutionFailedToStart, reason
		} else {
			cur.Status = store.ExecutionStarted
		}
		return q.UpdateExecution(ctx, cur)
	})
	if err != nil {
		return nil, fmt.Errorf("recording the start of execution %s: %w", ex.ID, err)
	}
	return out, nil
}

// refused reports whether a start error is definitive (Temporal answered no), as opposed to
// Temporal not answering, which a later attempt may fix.
func refused(err error) bool {
	var ee *interp.Error
	return errors.As(err, &ee) && ee.Code != interp.CodeEngineUnavailable
}

// GetExecution returns the record and, when the engine answers, its runtime view.
func (s *Service) GetExecution(ctx context.Context, executionID string) (*Execution, error) {
	ex, err := s.viewable(ctx, executionID)
	if err != nil {
		return nil, err
	}
	out := &Execution{Execution: *ex}
	if s.engine == nil || ex.Status == store.ExecutionFailedToStart {
		return out, nil
	}
	qctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	if st, err := s.engine.State(qctx, executionID); err == nil {
		out.Runtime = st
	}
	if err := s.addChildCounts(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListExecutions returns one page of the execution records the caller may see.
func (s *Service) ListExecutions(ctx context.Context, f store.ExecutionFilter) (Page[store.Execution], error) {
	f.VisibleTo = visibilityOf(ActorFrom(ctx))
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.Execution]{}, err
	}
	items, err := s.store.ListExecutions(ctx, f)
	if err != nil {
		return Page[store.Execution]{}, fmt.Errorf("listing executions: %w", err)
	}
	return page(items, limit, executionPos), nil
}

func executionPos(e store.Execution) store.Cursor {
	return store.Cursor{CreatedAt: e.CreatedAt, ID: e.ID}
}

// TreeNode is an execution with its children, in creation order.
type TreeNode struct {
	store.Execution
	Children []*TreeNode
}

// ExecutionTree returns the execution and all its descendants. Every descendant carries the
// root's id, so one indexed scan of the root's family finds them whatever their depth.
func (s *Service) ExecutionTree(ctx context.Context, executionID string) (*TreeNode, error) {
	ex, err := s.viewable(ctx, executionID)
	if err != nil {
		return nil, err
	}
	rootID := ex.ID
	if ex.RootID != nil {
		rootID = *ex.RootID
	}
	byParent := map[string][]*TreeNode{}
	f := store.ExecutionFilter{RootID: rootID, Page: store.Page{Limit: MaxLimit}}
	for {
		rows, err := s.store.ListExecutions(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("listing the family of execution %s: %w", rootID, err)
		}
		for _, r := range rows {
			if r.ParentID != nil {
				byParent[*r.ParentID] = append(byParent[*r.ParentID], &TreeNode{Execution: r})
			}
		}
		if len(rows) < f.Limit {
			break
		}
		next := executionPos(rows[len(rows)-1])
		f.After = &next
	}
	root := &TreeNode{Execution: *ex}
	// Iterative, so a deep family cannot exhaust the stack; a row is attached once even if the
	// data held a cycle.
	seen := map[string]bool{root.ID: true}
	queue := []*TreeNode{root}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, c := range byParent[n.ID] {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			n.Children = append(n.Children, c)
			queue = append(queue, c)
		}
	}
	return root, nil
}
