package interp

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/workflowbuilder/wfb/definition"
)

// FetchRequest is one round of a sub-workflow step's data source calls for the workflow to
// run: its per-step calls, or (BATCH) its per-item calls once the items are known. It is an
// effect the machine emits (TakeFetches), answered with FetchDone or FetchFailed.
type FetchRequest struct {
	req     ChildRequest
	perItem bool
	Calls   []FetchCall
	// Concurrency bounds the calls running at once.
	Concurrency int
	// perStep and items carry the first round's results into the second.
	perStep map[string]any
	items   []any
}

// PerItem reports whether f is a BATCH step's round of per-item calls (one or more per item).
func (f FetchRequest) PerItem() bool { return f.perItem }

// FetchCall is one call: Params are resolved by the machine (deterministic), the activity
// only sends them. item is the item's index for a per-item call.
type FetchCall struct {
	Call   *definition.DataSourceCall
	item   int
	Params map[string]any
}

// fetchedItems are a BATCH step's items with each item's per-item data source results.
type fetchedItems struct {
	items   []any
	perItem []map[string]any
}

// TakeFetches hands the pending data source rounds to the workflow.
func (m *Machine) TakeFetches() []FetchRequest {
	f := m.sub.fetches
	m.sub.fetches = nil
	return f
}

// perItemCall reports whether a call runs once per item: only in a BATCH step; a SINGLE
// step has one child, so its per-item calls run once, like per-step ones.
func perItemCall(step *definition.Step, c *definition.DataSourceCall) bool {
	return step.Mode == definition.ModeBatch && c.Scope == definition.ScopePerItem
}

// requestPerStepData resolves the per-step calls' params against the step's scope and asks
// the workflow to run them; FetchDone continues.
func (m *Machine) requestPerStepData(step *definition.Step, req ChildRequest) *Error {
	scope := m.scope()
	f := FetchRequest{req: req, Concurrency: len(step.DataSources)}
	for i := range step.DataSources {
		c := &step.DataSources[i]
		if c.DataSourceID == "" {
			return errorf(CodeDefinitionInvalid, "data source %q of step %q names no dataSourceID", c.Alias, step.ID)
		}
		if perItemCall(step, c) {
			continue
		}
		params, err := ResolveParams(context.Background(), m.eval, c.Params, scope)
		if err != nil {
			return paramsError(step, c, -1, err)
		}
		f.Calls = append(f.Calls, FetchCall{Call: c, item: -1, Params: params})
	}
	if len(f.Calls) == 0 {
		return m.afterPerStepData(step, req, map[string]any{})
	}
	m.sub.fetches = append(m.sub.fetches, f)
	return nil
}

// afterPerStepData continues with the per-step results in __datasources__: a BATCH step with
// per-item calls resolves its items and their params for a second round; otherwise the
// children open.
func (m *Machine) afterPerStepData(step *definition.Step, req ChildRequest, perStep map[string]any) *Error {
	scope := m.scope()
	scope.Datasources = perStep
	var perItem []*definition.DataSourceCall
	for i := range step.DataSources {
		if perItemCall(step, &step.DataSources[i]) {
			perItem = append(perItem, &step.DataSources[i])
		}
	}
	if len(perItem) == 0 {
		return m.openChildren(step, req, scope, nil)
	}
	items, err := m.iterable(step, scope)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return m.openChildren(step, req, scope, &fetchedItems{})
	}
	f := FetchRequest{req: req, perItem: true, Concurrency: maxConcurrencyOf(step), perStep: perStep, items: items}
	for i, it := range items {
		s := scope
		s.Each, s.HasEach = it, true
		for _, c := range perItem {
			params, err := ResolveParams(context.Background(), m.eval, c.Params, s)
			if err != nil {
				return paramsError(step, c, i, err)
			}
			f.Calls = append(f.Calls, FetchCall{Call: c, item: i, Params: params})
		}
	}
	m.sub.fetches = append(m.sub.fetches, f)
	return nil
}

// FetchDone applies each call's select to its raw result (SPEC §5: the select's input is the
// raw result) and continues the step. results are in the order of f.Calls.
func (m *Machine) FetchDone(f FetchRequest, results []any) {
	step, ok := m.fetchStillWanted(f)
	if !ok {
		return
	}
	values := make([]any, len(results))
	for i, c := range f.Calls {
		v, err := SelectResult(context.Background(), m.eval, c.Call.Select, results[i])
		if err != nil {
			m.fail(step, errorf(CodeExpression, "select of data source %q%s of step %q: %v", c.Call.Alias, itemNote(c.item), step.ID, err))
			return
		}
		values[i] = v
	}
	var err *Error
	if !f.perItem {
		perStep := make(map[string]any, len(values))
		for i, c := range f.Calls {
			perStep[c.Call.Alias] = values[i]
		}
		err = m.afterPerStepData(step, f.req, perStep)
	} else {
		fetched := &fetchedItems{items: f.items, perItem: make([]map[string]any, len(f.items))}
		for i, c := range f.Calls {
			if fetched.perItem[c.item] == nil {
				fetched.perItem[c.item] = map[string]any{}
			}
			fetched.perItem[c.item][c.Call.Alias] = values[i]
		}
		scope := m.scope()
		scope.Datasources = f.perStep
		err = m.openChildren(step, f.req, scope, fetched)
	}
	if err != nil {
		m.fail(step, err)
	}
}

// FetchFailed fails the step with a call's failure after its retries.
func (m *Machine) FetchFailed(f FetchRequest, c FetchCall, err *Error) {
	step, ok := m.fetchStillWanted(f)
	if !ok {
		return
	}
	m.fail(step, &Error{Code: err.Code, Message: fmt.Sprintf("data source %q%s of step %q: %s", c.Call.Alias, itemNote(c.item), step.ID, err.Message)})
}

// fetchStillWanted reports whether the step still waits for this round (it was not cancelled
// by END or left behind by a later attempt).
func (m *Machine) fetchStillWanted(f FetchRequest) (*definition.Step, bool) {
	st := m.state.Steps[f.req.StepID]
	return m.steps[f.req.StepID], st.Attempt == f.req.Attempt && IsOpen(st.Status)
}

func paramsError(step *definition.Step, c *definition.DataSourceCall, item int, err error) *Error {
	code := CodeExpression
	var e *Error
	if errors.As(err, &e) {
		code = e.Code
	}
	return errorf(code, "params of data source %q%s of step %q: %v", c.Alias, itemNote(item), step.ID, err)
}

func itemNote(item int) string {
	if item < 0 {
		return ""
	}
	return fmt.Sprintf(" (item %d)", item)
}

// merged is the per-step results overlaid with one item's per-item results.
func merged(perStep, perItem map[string]any) map[string]any {
	out := make(map[string]any, len(perStep)+len(perItem))
	maps.Copy(out, perStep)
	maps.Copy(out, perItem)
	return out
}
