package store

import (
	"context"
	"encoding/json"
)

// BatchQuerier stores the items and results of BATCH sub-workflow steps outside Temporal's
// history (docs/engine.md, "BATCH at scale"): the engine's coordinator reads and writes them
// in pages through activities, so its payloads stay small whatever the number of items.
type BatchQuerier interface {
	// PutBatchItems inserts items (their BatchID, Index, ExecutionID, Name and Input); an item
	// whose (batch, index) row exists is left alone, so a retried write changes nothing.
	PutBatchItems(ctx context.Context, items []BatchItem) error
	// BatchItems reads the items of a batch with from <= index < to, in index order.
	BatchItems(ctx context.Context, batchID string, from, to int) ([]BatchItem, error)
	// SetBatchChild records the child execution of an item that has none yet and returns the
	// item's child id: the one given, or the one a previous attempt recorded.
	SetBatchChild(ctx context.Context, batchID string, index int, childID string) (string, error)
	// SetBatchResults writes the Result of each item (by BatchID and Index).
	SetBatchResults(ctx context.Context, items []BatchItem) error
}

// BatchItem is one item of a BATCH step: the input of its child (the input mapping's result),
// the child's execution id once it is created, and the child's result once it closed (its
// final context, or its failure under onChildFailure "continue").
type BatchItem struct {
	// BatchID is the coordinator's workflow id, unique per attempt of the step.
	BatchID string
	Index   int
	// ExecutionID is the parent execution (for finding and deleting a parent's batches).
	ExecutionID string
	// Name is the child's name ("" means the child template's name).
	Name    string
	Input   json.RawMessage
	ChildID string
	// Result is nil until the child closed.
	Result json.RawMessage
}
