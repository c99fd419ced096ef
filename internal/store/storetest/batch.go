package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

// testBatchItems: items written twice are kept as first written, read back in index order
// within a range, a child id is set once, and results land on their items.
func testBatchItems(t *testing.T, s store.Store) {
	ctx := context.Background()
	batch := "batch-" + randomSuffix(t)
	items := make([]store.BatchItem, 450) // more than one multi-row insert
	for i := range items {
		items[i] = store.BatchItem{BatchID: batch, Index: i, ExecutionID: "parent", Input: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))}
	}
	items[7].Name = "seventh"
	if err := s.PutBatchItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	again := []store.BatchItem{{BatchID: batch, Index: 3, ExecutionID: "parent", Input: json.RawMessage(`{"n":"changed"}`)}}
	if err := s.PutBatchItems(ctx, again); err != nil {
		t.Fatalf("writing an item again: %v", err)
	}
	got, err := s.BatchItems(ctx, batch, 2, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 || got[0].Index != 2 || got[6].Index != 8 || string(got[1].Input) != `{"n":3}` || got[5].Name != "seventh" {
		t.Fatalf("items 2-8 = %+v", got)
	}
	if got[0].ChildID != "" || got[0].Result != nil {
		t.Errorf("a new item has child %q and result %s, want none", got[0].ChildID, got[0].Result)
	}
	first, err := s.SetBatchChild(ctx, batch, 2, "child-a")
	if err != nil || first != "child-a" {
		t.Fatalf("SetBatchChild = %q, %v; want child-a", first, err)
	}
	if second, err := s.SetBatchChild(ctx, batch, 2, "child-b"); err != nil || second != "child-a" {
		t.Errorf("SetBatchChild again = %q, %v; want the first child-a", second, err)
	}
	_, err = s.SetBatchChild(ctx, batch, 10_000, "child-c")
	wantErr(t, "SetBatchChild of a missing item", err, store.ErrNotFound)
	if err := s.InTx(ctx, func(q store.Querier) error {
		return q.SetBatchResults(ctx, []store.BatchItem{{BatchID: batch, Index: 2, Result: json.RawMessage(`{"ok":true}`)}})
	}); err != nil {
		t.Fatal(err)
	}
	err = s.SetBatchResults(ctx, []store.BatchItem{{BatchID: batch, Index: 10_000, Result: json.RawMessage(`{}`)}})
	wantErr(t, "SetBatchResults of a missing item", err, store.ErrNotFound)
	got, err = s.BatchItems(ctx, batch, 2, 3)
	if err != nil || len(got) != 1 || got[0].ChildID != "child-a" || string(got[0].Result) != `{"ok":true}` {
		t.Fatalf("item 2 = %+v, %v", got, err)
	}
	if other, err := s.BatchItems(ctx, "another-"+batch, 0, 10); err != nil || len(other) != 0 {
		t.Errorf("another batch's items = %+v, %v; want none", other, err)
	}
}
