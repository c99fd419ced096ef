package interp

import (
	"encoding/json"
)

// Size limits of a BATCH whose items and results live in the store (docs/engine.md, "BATCH at
// scale"). They keep every payload the engine sends to Temporal well under its 512 KiB warning
// and 2 MiB limit, whatever the number of items.
const (
	// BatchPageBytes bounds the items or results one activity carries (one page), except that a
	// page always holds at least one item.
	BatchPageBytes = 192 << 10
	// MaxBatchChildResultBytes bounds one child's final context (JSON): a larger one fails its
	// item with CodeBatchResultTooLarge (or records that failure under onChildFailure
	// "continue"). A child's result travels once, in its own completion event.
	MaxBatchChildResultBytes = 256 << 10
	// MaxBatchOutputBytes bounds a BATCH step's collected results, which the parent loads into
	// memory (page by page) for later steps' expressions: past it the step fails with
	// CodeBatchOutputTooLarge.
	MaxBatchOutputBytes = 32 << 20
	// InlineBatchOutputBytes is the size of a stored BATCH's output (results and child ids)
	// up to which the runtime view (the Query answer, the workflow's result) shows it in full,
	// as it shows any step's output. A larger one is shown as a [BatchOutputRef]; expressions
	// still read the whole output.
	InlineBatchOutputBytes = 128 << 10
)

// StoredBatch names a BATCH whose items and results are in the store: the coordinator's
// workflow id and the number of items.
type StoredBatch struct {
	BatchID string `json:"batchId"`
	Count   int    `json:"count"`
}

// BatchOutputRef is how the runtime view shows a large stored BATCH output: its items are in
// the store's batch_items rows of BatchID, and its children are listed by parent.
type BatchOutputRef struct {
	BatchID string `json:"batchId"`
	Count   int    `json:"count"`
	Bytes   int    `json:"bytes"`
}

// PutBatchItemsRequest is the argument of the activity that writes one page of a BATCH's
// items (the input mappings' results) before its coordinator starts. Items[k] is item First+k.
type PutBatchItemsRequest struct {
	BatchID     string      `json:"batchId"`
	ExecutionID string      `json:"executionId"`
	First       int         `json:"first"`
	Items       []BatchItem `json:"items"`
}

// BatchPageRequest asks for the next page of a stored BATCH from index From (below To): at
// most MaxBytes of items (at least one). For a page of items to start, the children's rows are
// created as PrepareChildren does.
type BatchPageRequest struct {
	BatchID   string `json:"batchId"`
	ParentID  string `json:"parentId,omitempty"`
	RootID    string `json:"rootId,omitempty"`
	VersionID string `json:"versionId,omitempty"`
	// StepID is the parent's sub-workflow step, recorded on each child's row.
	StepID   string `json:"stepId,omitempty"`
	From     int    `json:"from"`
	To       int    `json:"to"`
	MaxBytes int    `json:"maxBytes"`
}

// BatchChild is one child of a page, prepared: its item's index and its spec (id, name,
// context).
type BatchChild struct {
	Index int `json:"index"`
	ChildSpec
}

// BatchPage is a page of children to start and the definition they run.
type BatchPage struct {
	Definition json.RawMessage `json:"definition"`
	Children   []BatchChild    `json:"children"`
}

// BatchItemResult is one item's result as the coordinator writes it: the child's final
// context, or its failure (FailureItem).
type BatchItemResult struct {
	Index  int             `json:"index"`
	Result json.RawMessage `json:"result"`
}

// BatchResultsRequest is the argument of the activity that writes a page of results.
type BatchResultsRequest struct {
	BatchID string            `json:"batchId"`
	Results []BatchItemResult `json:"results"`
}

// BatchResultsPage is a page of a stored BATCH's results, read back by the parent: Results[k]
// and ChildIDs[k] are item From+k; Next is the index after the page.
type BatchResultsPage struct {
	Results  []json.RawMessage `json:"results"`
	ChildIDs []string          `json:"childIds"`
	Next     int               `json:"next"`
}

// BatchInputsPage is a page of a stored batch's inputs (a fetch batch's calls): Inputs[k] is
// item From+k; Next is the index after the page.
type BatchInputsPage struct {
	Inputs []json.RawMessage `json:"inputs"`
	Next   int               `json:"next"`
}
