package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
)

func TestConcurrentActivations(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Contested")
		const n = 10
		ids := make([]string, n)
		for i := range ids {
			v := e.createVersion(tpl.ID, fmt.Sprintf("1.%d.0", i), validDefinition)
			e.publish(v.ID)
			ids[i] = v.ID
		}
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				r, err := e.send("POST", "/v1/versions/"+ids[i]+"/activate", nil)
				if err != nil {
					t.Error(err)
					return
				}
				statuses[i] = r.status
			})
		}
		wg.Wait()
		for i, s := range statuses {
			if s != http.StatusOK {
				t.Fatalf("activation %d answered %d; every activation of a PUBLISHED version succeeds in turn", i, s)
			}
		}
		got := e.getTemplate(tpl.ID)
		if got.ActiveVersionID == nil || !slices.Contains(ids, *got.ActiveVersionID) {
			t.Fatalf("activeVersionId = %v, want one of the activated versions", got.ActiveVersionID)
		}
		var list listBody[Version]
		e.ok(e.do("GET", "/v1/templates/"+tpl.ID+"/versions?limit=200", nil), http.StatusOK, &list)
		var active []string
		for _, v := range list.Items {
			if v.Active {
				active = append(active, v.ID)
			}
			if v.Status != "PUBLISHED" {
				t.Fatalf("version %s is %s after the activations, want PUBLISHED", v.ID, v.Status)
			}
		}
		if len(active) != 1 || active[0] != *got.ActiveVersionID {
			t.Fatalf("active versions %v, want exactly %s", active, *got.ActiveVersionID)
		}
	})
}

func TestConcurrentEditsOfOneDraft(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Two editors")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		tag := etag(v.UpdatedAt)
		const n = 2
		bodies := make([]json.RawMessage, n)
		results := make([]*resp, n)
		var wg sync.WaitGroup
		for i := range n {
			bodies[i] = json.RawMessage(fmt.Sprintf(`{"id":"wf","name":"editor %d","steps":[]}`, i))
			wg.Go(func() {
				r, err := e.send("PATCH", "/v1/versions/"+v.ID, map[string]any{"definition": bodies[i]}, "If-Match", tag)
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = r
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		winner := -1
		for i, r := range results {
			switch r.status {
			case http.StatusOK:
				if winner >= 0 {
					t.Fatalf("both edits with the same If-Match succeeded")
				}
				winner = i
			case http.StatusConflict:
				e.problem(r, http.StatusConflict, "stale_write")
			default:
				t.Fatalf("edit %d answered %d %s", i, r.status, r.body)
			}
		}
		if winner < 0 {
			t.Fatalf("neither edit succeeded")
		}
		stored, storedTag := e.getVersion(v.ID)
		sameJSON(t, stored.Definition, bodies[winner])
		if storedTag != results[winner].header.Get("ETag") {
			t.Fatalf("stored ETag %s, the winner was answered %s", storedTag, results[winner].header.Get("ETag"))
		}
	})
}
