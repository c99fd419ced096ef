package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Script is the outside world of a dry run: what people answer at human steps, what data
// sources return, how children end, and the clock. Anything it does not answer stops the run
// (status Waiting).
type Script struct {
	// Steps gives each human step's outputs, one entry per attempt in order (the first entry
	// answers attempt 1, the second attempt 2 after a loop...).
	Steps map[string][]HumanEntry `json:"steps,omitempty"`
	// DataSources answers data source calls in the order the engine makes them. A key is a
	// call's alias or its dataSourceId; the alias wins when both have entries.
	DataSources map[string][]CallEntry `json:"dataSources,omitempty"`
	// Children gives a sub-workflow step's children's results: a list (one per attempt for
	// SINGLE, one per item for BATCH) or {"each": entry} for every child.
	Children map[string]Children `json:"children,omitempty"`
	// Clock sets when the run starts and how far time moves between outside events.
	Clock *Clock `json:"clock,omitempty"`
	// Seed seeds JSONata's $random() (default 1), so a run is repeatable.
	Seed uint64 `json:"seed,omitempty"`
}

// HumanEntry completes one attempt of a human step.
type HumanEntry struct {
	// Output is the step's output (validated against its schema as the engine does); null or
	// absent is an empty object, as for a confirmation.
	Output any `json:"output,omitempty"`
	// After, an ISO 8601 duration, is how long after the previous event the person answers:
	// it moves the clock, so the step can end past its due date.
	After string `json:"after,omitempty"`
	// By is the actor's id recorded as completedBy ("" means "simulator").
	By string `json:"by,omitempty"`
}

// CallEntry is one data source call's outcome after the engine's retries: a response or an
// error, exactly one of them.
type CallEntry struct {
	// Response is the call's result data (what the call's select reads).
	Response json.RawMessage `json:"response,omitempty"`
	// Error is the call's failure.
	Error *CallError `json:"error,omitempty"`
}

// CallError is a failed call. Code defaults to DATASOURCE_HTTP_STATUS when Status is given,
// else DATASOURCE_FAILED.
type CallError struct {
	Status  int    `json:"status,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// Children is the script of one sub-workflow step's children: List by position, or Each for all.
type Children struct {
	List []ChildEntry
	Each *ChildEntry
}

// UnmarshalJSON reads a list or {"each": entry}.
func (c *Children) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &c.List)
	}
	var w struct {
		Each *ChildEntry `json:"each"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.Each == nil {
		return fmt.Errorf(`children must be a list or {"each": ...}`)
	}
	c.Each = w.Each
	return nil
}

// MarshalJSON writes the form it was read in.
func (c Children) MarshalJSON() ([]byte, error) {
	if c.Each != nil {
		return json.Marshal(map[string]any{"each": c.Each})
	}
	if c.List == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(c.List)
}

// entry is the answer for child i of a step's attempt (i is the item for BATCH, the attempt-1
// for SINGLE).
func (c Children) entry(i int) (ChildEntry, bool) {
	if c.Each != nil {
		return *c.Each, true
	}
	if i < len(c.List) {
		return c.List[i], true
	}
	return ChildEntry{}, false
}

// ChildEntry is how one child ends: completed with Output as its final context, or failed.
type ChildEntry struct {
	Output map[string]any `json:"output,omitempty"`
	Fail   *ChildFail     `json:"fail,omitempty"`
}

// ChildFail is a child whose step failed: the code and message of that step's error, and
// optionally the step.
type ChildFail struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Step    string `json:"step,omitempty"`
}

// Clock is the simulated time.
type Clock struct {
	// Start is when the execution starts (default 2026-01-01T00:00:00Z).
	Start time.Time `json:"start,omitzero"`
	// Tick, an ISO 8601 duration, is how far the clock moves at each outside event (default PT1M).
	Tick string `json:"tick,omitempty"`
}
