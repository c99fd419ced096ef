package projection

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// batchReadRows is how many rows one read of a page fetches at most: a page is bounded by
// bytes, and by this many items whatever their size.
const batchReadRows = 500

// PutBatchItems writes a page of a BATCH's items (engine.BatchStore). Rows that exist are
// kept, so the retried activity writes nothing twice.
func (p Persistence) PutBatchItems(ctx context.Context, req interp.PutBatchItemsRequest) error {
	rows := make([]store.BatchItem, len(req.Items))
	for k, it := range req.Items {
		input, err := json.Marshal(it.Context)
		if err != nil {
			return fmt.Errorf("encoding item %d of batch %s: %w", req.First+k, req.BatchID, err)
		}
		rows[k] = store.BatchItem{BatchID: req.BatchID, Index: req.First + k, ExecutionID: req.ExecutionID, Name: it.Name, Input: input}
	}
	return p.Store.PutBatchItems(ctx, rows)
}

// PrepareBatchPage reads the next items of a batch (at most req.MaxBytes of inputs, at least
// one item), gives each a child execution id (kept in its row, so a retried activity returns
// the same ids) and creates the children's rows as PrepareChildren does.
func (p Persistence) PrepareBatchPage(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchPage, error) {
	rows, err := p.Store.BatchItems(ctx, req.BatchID, req.From, min(req.To, req.From+batchReadRows))
	if err != nil {
		return nil, err
	}
	rows = fitPage(rows, req.From, req.MaxBytes, func(it store.BatchItem) int { return len(it.Input) })
	if len(rows) == 0 {
		return nil, fmt.Errorf("preparing batch %s: item %d is not stored", req.BatchID, req.From)
	}
	page := &interp.BatchPage{Children: make([]interp.BatchChild, len(rows))}
	specs := make([]interp.ChildSpec, len(rows))
	for k, it := range rows {
		childID := it.ChildID
		if childID == "" {
			if childID, err = p.Store.SetBatchChild(ctx, req.BatchID, it.Index, id.New()); err != nil {
				return nil, err
			}
		}
		var input map[string]any
		if err := json.Unmarshal(it.Input, &input); err != nil {
			return nil, fmt.Errorf("decoding item %d of batch %s: %w", it.Index, req.BatchID, err)
		}
		specs[k] = interp.ChildSpec{ID: childID, Name: it.Name, Context: input}
		page.Children[k] = interp.BatchChild{Index: it.Index, ChildSpec: specs[k]}
	}
	prepared, err := p.PrepareChildren(ctx, interp.PrepareChildrenRequest{
		ParentID: req.ParentID, RootID: req.RootID, VersionID: req.VersionID, Children: specs, StepID: req.StepID})
	if err != nil {
		return nil, err
	}
	page.Definition = prepared.Definition
	return page, nil
}

// PutBatchResults writes a page of results in one transaction.
func (p Persistence) PutBatchResults(ctx context.Context, req interp.BatchResultsRequest) error {
	rows := make([]store.BatchItem, len(req.Results))
	for k, r := range req.Results {
		rows[k] = store.BatchItem{BatchID: req.BatchID, Index: r.Index, Result: r.Result}
	}
	return p.Store.InTx(ctx, func(q store.Querier) error { return q.SetBatchResults(ctx, rows) })
}

// ReadBatchResults reads the next results of a batch (at most req.MaxBytes, at least one).
// An item without a result is an error: the parent reads only once its coordinator closed.
func (p Persistence) ReadBatchResults(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchResultsPage, error) {
	rows, err := p.Store.BatchItems(ctx, req.BatchID, req.From, min(req.To, req.From+batchReadRows))
	if err != nil {
		return nil, err
	}
	rows = fitPage(rows, req.From, req.MaxBytes, func(it store.BatchItem) int { return len(it.Result) + len(it.ChildID) })
	if len(rows) == 0 {
		return nil, fmt.Errorf("reading the results of batch %s: item %d is not stored", req.BatchID, req.From)
	}
	out := &interp.BatchResultsPage{Results: make([]json.RawMessage, len(rows)), ChildIDs: make([]string, len(rows))}
	for k, it := range rows {
		if it.Result == nil {
			// The coordinator closed, so every item has its result: one missing will not appear
			// by retrying.
			return nil, interp.Errorf(interp.CodeChildFailed, "reading the results of batch %s: item %d has none", req.BatchID, it.Index)
		}
		out.Results[k], out.ChildIDs[k] = it.Result, it.ChildID
	}
	out.Next = req.From + len(rows)
	return out, nil
}

// fitPage keeps the leading rows that are consecutive from index from and whose sizes add up
// to at most maxBytes (the first row always).
func fitPage(rows []store.BatchItem, from, maxBytes int, size func(store.BatchItem) int) []store.BatchItem {
	total := 0
	for k, it := range rows {
		if it.Index != from+k {
			return rows[:k]
		}
		total += size(it)
		if k > 0 && total > maxBytes {
			return rows[:k]
		}
	}
	return rows
}

// ReadBatchInputs reads the next inputs of a batch (at most req.MaxBytes, at least one).
func (p Persistence) ReadBatchInputs(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchInputsPage, error) {
	rows, err := p.Store.BatchItems(ctx, req.BatchID, req.From, min(req.To, req.From+batchReadRows))
	if err != nil {
		return nil, err
	}
	rows = fitPage(rows, req.From, req.MaxBytes, func(it store.BatchItem) int { return len(it.Input) })
	if len(rows) == 0 {
		return nil, fmt.Errorf("reading batch %s: item %d is not stored", req.BatchID, req.From)
	}
	out := &interp.BatchInputsPage{Inputs: make([]json.RawMessage, len(rows)), Next: req.From + len(rows)}
	for k, it := range rows {
		out.Inputs[k] = it.Input
	}
	return out, nil
}
