package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

func sameJSON(t *testing.T, got, want json.RawMessage) {
	t.Helper()
	var g, w bytes.Buffer
	if err := json.Compact(&g, got); err != nil {
		t.Fatalf("compacting %s: %v", got, err)
	}
	if err := json.Compact(&w, want); err != nil {
		t.Fatalf("compacting %s: %v", want, err)
	}
	var gv, wv any
	_ = json.Unmarshal(g.Bytes(), &gv)
	_ = json.Unmarshal(w.Bytes(), &wv)
	gb, _ := json.Marshal(gv) // maps marshal with sorted keys, so key order does not matter.
	wb, _ := json.Marshal(wv)
	if !bytes.Equal(gb, wb) {
		t.Fatalf("definition %s, want %s", got, want)
	}
}

// addExecution records an execution of a version directly in the store, as the engine will.
func (e *env) addExecution(versionID string) {
	e.t.Helper()
	err := e.store.CreateExecution(context.Background(), &store.Execution{
		ID: id.New(), Name: "run", VersionID: versionID, Context: json.RawMessage(`{}`),
		Status: store.ExecutionCreated, RuntimeStatus: store.RuntimeNotStarted, CreatedAt: time.Now().UTC(),
	})
	if err != nil {
		e.t.Fatalf("recording an execution: %v", err)
	}
}

func TestCreateVersion(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Versions")
		other := e.createTemplate("Other")
		first := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		if first.Status != store.VersionDraft || first.Active || first.WorkflowTemplateID != tpl.ID || len(first.Issues) != 0 {
			t.Fatalf("new version = %+v, want a DRAFT of %s without issues", first, tpl.ID)
		}
		sameJSON(t, first.Definition, json.RawMessage(validDefinition))
		foreign := e.createVersion(other.ID, "1.0.0", "")

		t.Run("default definition", func(t *testing.T) {
			e := e.at(t)
			v := e.createVersion(tpl.ID, "0.1.0", "")
			var def map[string]any
			if err := json.Unmarshal(v.Definition, &def); err != nil || len(def["steps"].([]any)) != 2 {
				t.Fatalf("default definition %s, want a start and an end step", v.Definition)
			}
		})
		t.Run("starter version is copied", func(t *testing.T) {
			e := e.at(t)
			var v SavedVersion
			e.ok(e.do("POST", "/v1/templates/"+tpl.ID+"/versions", map[string]any{"version": "1.1.0", "starterVersionId": first.ID, "versionNote": "copy"}), http.StatusCreated, &v)
			sameJSON(t, v.Definition, first.Definition)
			if v.VersionNote == nil || *v.VersionNote != "copy" {
				t.Fatalf("versionNote = %v, want copy", v.VersionNote)
			}
		})

		refused := []struct {
			name   string
			path   string
			body   any
			status int
			code   string
		}{
			{"not semver: two parts", tpl.ID, map[string]any{"version": "1.0"}, 400, "invalid_request"},
			{"not semver: v prefix", tpl.ID, map[string]any{"version": "v1.0.0"}, 400, "invalid_request"},
			{"not semver: leading zero", tpl.ID, map[string]any{"version": "01.0.0"}, 400, "invalid_request"},
			{"not semver: text", tpl.ID, map[string]any{"version": "latest"}, 400, "invalid_request"},
			{"empty version", tpl.ID, map[string]any{"version": ""}, 422, "invalid_request"},
			{"missing version", tpl.ID, map[string]any{}, 422, "invalid_request"},
			{"duplicate version", tpl.ID, map[string]any{"version": "1.0.0"}, 409, "duplicate_version"},
			{"starter of another template", tpl.ID, map[string]any{"version": "2.0.0", "starterVersionId": foreign.ID}, 400, "invalid_request"},
			{"unknown starter", tpl.ID, map[string]any{"version": "2.0.0", "starterVersionId": id.New()}, 404, "not_found"},
			{"malformed starter id", tpl.ID, map[string]any{"version": "2.0.0", "starterVersionId": "x"}, 404, "not_found"},
			{"starter and definition", tpl.ID, map[string]any{"version": "2.0.0", "starterVersionId": first.ID, "definition": map[string]any{}}, 400, "invalid_request"},
			{"unknown template", id.New(), map[string]any{"version": "1.0.0"}, 404, "not_found"},
			{"NUL in the definition", tpl.ID, map[string]any{"version": "3.0.0", "definition": map[string]any{"name": "a\x00b"}}, 400, "invalid_request"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				e := e.at(t)
				e.problem(e.do("POST", "/v1/templates/"+tt.path+"/versions", tt.body), tt.status, tt.code)
			})
		}
		var list listBody[Version]
		e.ok(e.do("GET", "/v1/templates/"+tpl.ID+"/versions", nil), http.StatusOK, &list)
		if len(list.Items) != 3 {
			t.Fatalf("template has %d versions after the refusals, want 3 (1.0.0, 0.1.0, 1.1.0)", len(list.Items))
		}
	})
}

func TestEditDraft(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Edits")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		_, tag := e.getVersion(v.ID)
		if tag != etag(v.UpdatedAt) {
			t.Fatalf("ETag %s, want %s", tag, etag(v.UpdatedAt))
		}
		patch := map[string]any{"definition": json.RawMessage(`{"id":"wf","name":"edited","steps":[]}`)}

		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, patch), http.StatusPreconditionRequired, "precondition_required")
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, patch, "If-Match", `"12"`), http.StatusConflict, "stale_write")
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, patch, "If-Match", "*"), http.StatusBadRequest, "invalid_request")
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, patch, "If-Match", `"abc"`), http.StatusBadRequest, "invalid_request")
		if got, _ := e.getVersion(v.ID); !got.UpdatedAt.Equal(v.UpdatedAt) {
			t.Fatalf("a refused edit changed updatedAt from %s to %s", v.UpdatedAt, got.UpdatedAt)
		}

		var edited SavedVersion
		r := e.do("PATCH", "/v1/versions/"+v.ID, patch, "If-Match", tag)
		e.ok(r, http.StatusOK, &edited)
		sameJSON(t, edited.Definition, patch["definition"].(json.RawMessage))
		if r.header.Get("ETag") == tag || !edited.UpdatedAt.After(v.UpdatedAt) {
			t.Fatalf("an edit kept the ETag %s / updatedAt %s", tag, edited.UpdatedAt)
		}
		if edited.Issues == nil {
			t.Fatalf("a save answers the issues (an empty list when there are none): %s", r.body)
		}

		// The old ETag is now stale, however the client sends it.
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, map[string]any{"versionNote": "x"}, "If-Match", tag), http.StatusConflict, "stale_write")
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, map[string]any{"versionNote": "x", "updatedAt": v.UpdatedAt}), http.StatusConflict, "stale_write")
		// If-Match and updatedAt naming different states is a client bug, not a race.
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, map[string]any{"versionNote": "x", "updatedAt": v.UpdatedAt}, "If-Match", r.header.Get("ETag")), http.StatusBadRequest, "invalid_request")

		var noted SavedVersion
		e.ok(e.do("PATCH", "/v1/versions/"+v.ID, map[string]any{"versionNote": "reviewed", "updatedAt": edited.UpdatedAt}), http.StatusOK, &noted)
		if noted.VersionNote == nil || *noted.VersionNote != "reviewed" {
			t.Fatalf("versionNote = %v after an edit by updatedAt", noted.VersionNote)
		}
		sameJSON(t, noted.Definition, edited.Definition) // fields left out stay as they were

		e.problem(e.do("PATCH", "/v1/versions/"+id.New(), patch, "If-Match", tag), http.StatusNotFound, "not_found")
	})
}

func TestPublishedVersionsAreFrozen(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Frozen")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		published := e.publish(v.ID)
		if published.Status != store.VersionPublished || published.PublishedAt == nil {
			t.Fatalf("published = %+v", published)
		}
		_, tag := e.getVersion(v.ID)
		e.problem(e.do("PATCH", "/v1/versions/"+v.ID, map[string]any{"definition": map[string]any{}}, "If-Match", tag), http.StatusConflict, "version_not_draft")
		e.problem(e.do("DELETE", "/v1/versions/"+v.ID, nil, "If-Match", tag), http.StatusConflict, "version_not_draft")
		e.problem(e.do("POST", "/v1/versions/"+v.ID+"/publish", nil), http.StatusConflict, "version_not_draft")
		got, _ := e.getVersion(v.ID)
		sameJSON(t, got.Definition, json.RawMessage(validDefinition))
		if !got.UpdatedAt.Equal(published.UpdatedAt) {
			t.Fatalf("a refused write changed the published version")
		}
	})
}

func TestPublishGate(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Gate")
		e.problem(e.do("POST", "/v1/templates/"+tpl.ID+"/versions", `{"version":"0.9.0","definition":[1, 2]}`), http.StatusBadRequest, "invalid_request")
		bad := e.createVersion(tpl.ID, "1.0.0", `{"id": 1, "steps": "none"}`)
		if len(bad.Issues) == 0 {
			t.Fatalf("saving a definition of the wrong shape reports no issue")
		}
		p := e.problem(e.do("POST", "/v1/versions/"+bad.ID+"/publish", nil), http.StatusUnprocessableEntity, "validation_failed")
		if len(p.Issues) == 0 || p.Issues[0].Rule != "DEFINITION_SHAPE" {
			t.Fatalf("validation_failed issues = %+v, want DEFINITION_SHAPE", p.Issues)
		}
		if got, _ := e.getVersion(bad.ID); got.Status != store.VersionDraft {
			t.Fatalf("a refused publish left status %s", got.Status)
		}

		good := e.createVersion(tpl.ID, "1.0.1", validDefinition)
		e.problem(e.do("POST", "/v1/versions/"+good.ID+"/publish", nil, "If-Match", `"1"`), http.StatusConflict, "stale_write")
		e.ok(e.do("POST", "/v1/versions/"+good.ID+"/publish", nil, "If-Match", etag(good.UpdatedAt)), http.StatusOK, nil)
		e.problem(e.do("POST", "/v1/versions/"+id.New()+"/publish", nil), http.StatusNotFound, "not_found")
	})
}

func TestActivateAndDeprecate(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Activation")
		v1 := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		v2 := e.createVersion(tpl.ID, "2.0.0", validDefinition)
		draft := e.createVersion(tpl.ID, "3.0.0", validDefinition)

		e.problem(e.do("POST", "/v1/versions/"+draft.ID+"/activate", nil), http.StatusConflict, "version_not_published")
		e.problem(e.do("POST", "/v1/versions/"+draft.ID+"/deprecate", nil), http.StatusConflict, "version_not_published")
		e.publish(v1.ID)
		e.publish(v2.ID)

		if a := e.activate(v1.ID); !a.Active {
			t.Fatalf("activate answered active=false")
		}
		e.activate(v1.ID) // activating the active version again changes nothing
		if got := e.getTemplate(tpl.ID); got.ActiveVersionID == nil || *got.ActiveVersionID != v1.ID {
			t.Fatalf("activeVersionId = %v, want %s", got.ActiveVersionID, v1.ID)
		}
		var listed listBody[Template]
		e.ok(e.do("GET", "/v1/templates?name=Activation", nil), http.StatusOK, &listed)
		if len(listed.Items) != 1 {
			t.Fatalf("listed %d templates named Activation, want 1", len(listed.Items))
		}
		for what, got := range map[string]Template{"get": e.getTemplate(tpl.ID), "list": listed.Items[0]} {
			if got.ActiveVersion == nil || *got.ActiveVersion != "1.0.0" || got.VersionCount != 3 {
				t.Fatalf("%s: activeVersion %v, versionCount %d; want 1.0.0 and 3", what, got.ActiveVersion, got.VersionCount)
			}
		}
		e.problem(e.do("POST", "/v1/versions/"+v1.ID+"/deprecate", nil), http.StatusConflict, "version_active")

		e.activate(v2.ID)
		old, _ := e.getVersion(v1.ID)
		if old.Status != store.VersionPublished || old.Active {
			t.Fatalf("the previously active version is %s active=%v, want PUBLISHED and inactive", old.Status, old.Active)
		}
		var dep Version
		e.ok(e.do("POST", "/v1/versions/"+v1.ID+"/deprecate", nil), http.StatusOK, &dep)
		if dep.Status != store.VersionDeprecated {
			t.Fatalf("deprecated status = %s", dep.Status)
		}
		e.problem(e.do("POST", "/v1/versions/"+v1.ID+"/activate", nil), http.StatusConflict, "version_not_published")
		e.problem(e.do("POST", "/v1/versions/"+v1.ID+"/deprecate", nil), http.StatusConflict, "version_not_published")

		var published listBody[Version]
		e.ok(e.do("GET", "/v1/templates/"+tpl.ID+"/versions?status=PUBLISHED", nil), http.StatusOK, &published)
		if len(published.Items) != 1 || published.Items[0].ID != v2.ID || !published.Items[0].Active {
			t.Fatalf("PUBLISHED versions = %+v, want only the active %s", published.Items, v2.ID)
		}
	})
}

func TestDeleteDraft(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		tpl := e.createTemplate("Deletes")
		v := e.createVersion(tpl.ID, "1.0.0", validDefinition)
		e.problem(e.do("DELETE", "/v1/versions/"+v.ID, nil), http.StatusPreconditionRequired, "precondition_required")
		e.problem(e.do("DELETE", "/v1/versions/"+v.ID, nil, "If-Match", `"7"`), http.StatusConflict, "stale_write")
		e.ok(e.do("DELETE", "/v1/versions/"+v.ID, nil, "If-Match", etag(v.UpdatedAt)), http.StatusNoContent, nil)
		e.problem(e.do("GET", "/v1/versions/"+v.ID, nil), http.StatusNotFound, "not_found")
		e.problem(e.do("DELETE", "/v1/versions/"+v.ID, nil, "If-Match", etag(v.UpdatedAt)), http.StatusNotFound, "not_found")

		ran := e.createVersion(tpl.ID, "2.0.0", validDefinition)
		e.addExecution(ran.ID)
		e.problem(e.do("DELETE", "/v1/versions/"+ran.ID, nil, "If-Match", etag(ran.UpdatedAt)), http.StatusConflict, "version_has_executions")
		e.getVersion(ran.ID)
	})
}
