package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/workflowbuilder/wfb/internal/engine"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// batchWorld keeps a world's BATCH items and results (engine.BatchStore) beside its echo
// children, whose definitions come from no database either: the cross-checks compare the
// interpreter's paths, and the store's own batch code has its tests in internal/projection and
// the store conformance suite.
type batchWorld struct {
	mu      sync.Mutex
	batches map[string][]batchSlot
	prepare func(context.Context, engine.PrepareChildrenRequest) (*engine.PreparedChildren, error)
}

// batchSlot is one item of a stored batch.
type batchSlot struct {
	name    string
	input   json.RawMessage
	childID string
	result  json.RawMessage
}

// PutBatchItems stores a page of items (a retried page writes the same slots again).
func (b *batchWorld) PutBatchItems(_ context.Context, req interp.PutBatchItemsRequest) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.batches == nil {
		b.batches = map[string][]batchSlot{}
	}
	slots := b.batches[req.BatchID]
	for k, it := range req.Items {
		input, err := json.Marshal(it.Context)
		if err != nil {
			return err
		}
		i := req.First + k
		for len(slots) <= i {
			slots = append(slots, batchSlot{})
		}
		slots[i].name, slots[i].input = it.Name, input
	}
	b.batches[req.BatchID] = slots
	return nil
}

// page returns the stored slots [From, To) of a batch, after checking they exist.
func (b *batchWorld) page(req interp.BatchPageRequest) ([]batchSlot, error) {
	slots := b.batches[req.BatchID]
	if req.From >= len(slots) || req.From >= req.To {
		return nil, fmt.Errorf("batch %s: item %d is not stored", req.BatchID, req.From)
	}
	return slots[req.From:min(req.To, len(slots))], nil
}

// PrepareBatchPage gives each item of the page a child id (kept, so a retry returns the same).
func (b *batchWorld) PrepareBatchPage(ctx context.Context, req interp.BatchPageRequest) (*interp.BatchPage, error) {
	b.mu.Lock()
	rows, err := b.page(req)
	if err != nil {
		b.mu.Unlock()
		return nil, err
	}
	page := &interp.BatchPage{}
	for k := range rows {
		i := req.From + k
		slot := &b.batches[req.BatchID][i]
		if slot.childID == "" {
			slot.childID = fmt.Sprintf("%s/%d", req.BatchID, i)
		}
		var input map[string]any
		if err := json.Unmarshal(slot.input, &input); err != nil {
			b.mu.Unlock()
			return nil, err
		}
		page.Children = append(page.Children, interp.BatchChild{Index: i, ChildSpec: interp.ChildSpec{ID: slot.childID, Name: slot.name, Context: input}})
	}
	b.mu.Unlock()
	prepared, err := b.prepare(ctx, engine.PrepareChildrenRequest{ParentID: req.ParentID, RootID: req.RootID, VersionID: req.VersionID, StepID: req.StepID})
	if err != nil {
		return nil, err
	}
	page.Definition = prepared.Definition
	return page, nil
}

// PutBatchResults records a page of results.
func (b *batchWorld) PutBatchResults(_ context.Context, req interp.BatchResultsRequest) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	slots := b.batches[req.BatchID]
	for _, r := range req.Results {
		if r.Index >= len(slots) {
			return fmt.Errorf("batch %s: result for item %d, which is not stored", req.BatchID, r.Index)
		}
		slots[r.Index].result = r.Result
	}
	return nil
}

// ReadBatchResults reads a page of results; every item must have one.
func (b *batchWorld) ReadBatchResults(_ context.Context, req interp.BatchPageRequest) (*interp.BatchResultsPage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rows, err := b.page(req)
	if err != nil {
		return nil, err
	}
	out := &interp.BatchResultsPage{Next: req.From + len(rows)}
	for k, s := range rows {
		if s.result == nil {
			return nil, interp.Errorf(interp.CodeChildFailed, "batch %s: item %d has no result", req.BatchID, req.From+k)
		}
		out.Results, out.ChildIDs = append(out.Results, s.result), append(out.ChildIDs, s.childID)
	}
	return out, nil
}

// ReadBatchInputs reads a page of item inputs.
func (b *batchWorld) ReadBatchInputs(_ context.Context, req interp.BatchPageRequest) (*interp.BatchInputsPage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rows, err := b.page(req)
	if err != nil {
		return nil, err
	}
	out := &interp.BatchInputsPage{Next: req.From + len(rows)}
	for _, s := range rows {
		out.Inputs = append(out.Inputs, s.input)
	}
	return out, nil
}
