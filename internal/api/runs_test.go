package api

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/blob"
	"github.com/workflowbuilder/wfb/internal/blob/blobtest"
	"github.com/workflowbuilder/wfb/internal/engine/interp"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/projection"
	"github.com/workflowbuilder/wfb/internal/store"
	"github.com/workflowbuilder/wfb/internal/store/postgres"
	"github.com/workflowbuilder/wfb/internal/store/sqlite"
	"github.com/workflowbuilder/wfb/internal/store/storetest"
)

// docsReview is start → a doc_upload step for group kyc → a confirmation with no assignee (the
// shared queue) → end.
const docsReview = `{"id":"wf","name":"Docs","steps":[` +
	`{"id":"start","type":"start","name":"Start"},` +
	`{"id":"upload","type":"human.doc_upload","name":"Upload","assignee":{"type":"const","value":"group:kyc"},"documents":[{"key":"passport","name":"Passport","required":true}]},` +
	`{"id":"check","type":"human.confirm","name":"Check"},` +
	`{"id":"end","type":"end","name":"End"}],"stepTransitions":[` +
	`{"id":"t1","fromStepId":"start","toStepId":"upload"},` +
	`{"id":"t2","fromStepId":"upload","toStepId":"check"},` +
	`{"id":"t3","fromStepId":"check","toStepId":"end"}]}`

// sseEvent is one event read from a stream.
type sseEvent struct {
	id   string
	name string
	data ChangeEvent
}

// stream opens GET path as an event stream and sends its events on the returned channel until
// the test ends; comments are dropped.
func (e *env) stream(path string, headers ...string) <-chan sseEvent {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", e.url+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		e.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		b, _ := io.ReadAll(res.Body)
		cancel()
		e.t.Fatalf("stream %s: %d %s %s", path, res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	out := make(chan sseEvent, 1000)
	e.t.Cleanup(func() { cancel(); res.Body.Close() })
	go func() {
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.id != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.data)
			}
		}
	}()
	return out
}

// until reads events until one satisfies cond, and returns every event read.
func until(t *testing.T, ch <-chan sseEvent, what string, cond func(sseEvent) bool) []sseEvent {
	t.Helper()
	var got []sseEvent
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream ended waiting for %s; read %+v", what, got)
			}
			got = append(got, ev)
			if cond(ev) {
				return got
			}
		case <-timeout:
			t.Fatalf("waiting for %s; read %+v", what, got)
		}
	}
}

// upload sends body to POST /v1/files.
func (e *env) upload(executionID, stepID, key, name string, body []byte) *resp {
	e.t.Helper()
	q := url.Values{"executionId": {executionID}, "stepId": {stepID}, "key": {key}, "name": {name}}
	return e.do("POST", "/v1/files?"+q.Encode(), body, "Content-Type", "application/octet-stream")
}

// waitTask waits until the agent's inbox holds the task of the step.
func waitTask(t *testing.T, a *env, query, executionID, stepID string) Task {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var l struct {
			Items  []Task     `json:"items"`
			Counts TaskCounts `json:"counts"`
		}
		a.ok(a.do("GET", "/v1/tasks"+query, nil), http.StatusOK, &l)
		for _, tk := range l.Items {
			if tk.WorkflowExecutionID == executionID && tk.StepID == stepID {
				return tk
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no task of %s in %s's inbox %s: %+v", stepID, a.token[:8], query, l)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRunsOverHTTP walks a doc_upload step and a shared-queue step on the real engine, on each
// database: who may see the run, its live events, uploading, downloading and referring to a
// document, the shared queue and the one permission check of both completion routes.
func TestRunsOverHTTP(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			e := newEngineEnv(t, backend)
			v := e.publishedVersion("Docs", docsReview)
			ada, zed := e.agent("ada", "kyc"), e.agent("zed", "sales")
			ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID})
			task := waitTask(t, ada, "?queue=groups", ex.ID, "upload")
			// Opened once ada may see the run; it starts with every event recorded so far.
			events := ada.at(t).stream("/v1/executions/" + ex.ID + "/events")

			// Who may see the run: ada's group holds its task, zed's does not.
			ada.ok(ada.do("GET", "/v1/executions/"+ex.ID, nil), http.StatusOK, nil)
			var list listBody[Execution]
			ada.ok(ada.do("GET", "/v1/executions", nil), http.StatusOK, &list)
			if len(list.Items) != 1 || list.Items[0].ID != ex.ID {
				t.Fatalf("ada's executions %+v", list.Items)
			}
			zed.ok(zed.do("GET", "/v1/executions", nil), http.StatusOK, &list)
			if len(list.Items) != 0 {
				t.Fatalf("zed's executions %+v, want none", list.Items)
			}
			// The run's graph: ada reads the definition it runs, though not the version itself.
			var def struct {
				WorkflowTemplateVersionID string          `json:"workflowTemplateVersionId"`
				Definition                json.RawMessage `json:"definition"`
			}
			ada.ok(ada.do("GET", "/v1/executions/"+ex.ID+"/definition", nil), http.StatusOK, &def)
			if def.WorkflowTemplateVersionID != v.ID || !bytes.Contains(def.Definition, []byte(`"upload"`)) {
				t.Fatalf("ada's definition of the run: %+v", def)
			}
			ada.problem(ada.do("GET", "/v1/versions/"+v.ID, nil), http.StatusForbidden, string(app.CodeForbidden))
			for _, path := range []string{"", "/tree", "/events", "/files", "/definition", "/steps/upload/children"} {
				zed.problem(zed.do("GET", "/v1/executions/"+ex.ID+path, nil), http.StatusForbidden, string(app.CodeNotAllowed))
			}
			// One rule for both completion routes: zed may not complete kyc's step either way.
			zed.problem(zed.do("POST", "/v1/executions/"+ex.ID+"/steps/upload/complete", map[string]any{}), http.StatusForbidden, string(app.CodeNotAllowed))
			zed.problem(zed.do("POST", "/v1/tasks/"+task.ID+"/complete", map[string]any{}), http.StatusForbidden, string(app.CodeNotAllowed))

			// Documents: only who may complete the step uploads; only who may see the run downloads.
			doc := make([]byte, 1<<20+123)
			copy(doc, "%PDF-1.7\n")
			_, _ = rand.Read(doc[9:])
			zed.problem(zed.upload(ex.ID, "upload", "passport", "passport.pdf", doc), http.StatusForbidden, string(app.CodeNotAllowed))
			var f File
			ada.ok(ada.upload(ex.ID, "upload", "passport", "passport.pdf", doc), http.StatusCreated, &f)
			sum := sha256.Sum256(doc)
			if f.Size != int64(len(doc)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.ContentType != "application/pdf" || f.Key != "passport" || f.ExecutionID != ex.ID || f.StepID != "upload" {
				t.Fatalf("file %+v", f)
			}
			big := make([]byte, 4<<20+1)
			ada.problem(ada.upload(ex.ID, "upload", "passport", "big.bin", big), http.StatusRequestEntityTooLarge, "body_too_large")
			r := ada.do("GET", "/v1/files/"+f.FileID, nil)
			if r.status != http.StatusOK || !bytes.Equal(r.body, doc) || r.header.Get("Content-Type") != "application/pdf" ||
				r.header.Get("Content-Disposition") != `attachment; filename=passport.pdf` {
				t.Fatalf("download: %d %v, %d bytes", r.status, r.header, len(r.body))
			}
			zed.problem(zed.do("GET", "/v1/files/"+f.FileID, nil), http.StatusForbidden, string(app.CodeNotAllowed))
			var files listBody[File]
			ada.ok(ada.do("GET", "/v1/executions/"+ex.ID+"/files", nil), http.StatusOK, &files)
			if len(files.Items) != 1 || files.Items[0].FileID != f.FileID {
				t.Fatalf("files %+v", files.Items)
			}

			// A completion naming a file that is not this step's is refused with a field pointer;
			// the uploaded file stays.
			bad := map[string]any{"outputData": map[string]any{"documents": []any{
				map[string]any{"key": "passport", "fileId": f.FileID}, map[string]any{"key": "other", "fileId": id.New()}}}}
			p := ada.problem(ada.do("POST", "/v1/tasks/"+task.ID+"/complete", bad), http.StatusUnprocessableEntity, string(app.CodeOutputInvalid))
			if len(p.Errors) != 1 || p.Errors[0].Location != "body.outputData.documents[1].fileId" {
				t.Fatalf("problem errors %+v", p.Errors)
			}
			good := map[string]any{"outputData": map[string]any{"documents": []any{map[string]any{
				"key": "passport", "fileId": f.FileID, "name": f.Name, "size": f.Size, "sha256": f.SHA256, "contentType": f.ContentType}}}}
			ada.ok(ada.do("POST", "/v1/tasks/"+task.ID+"/complete", good), http.StatusOK, nil)

			// The shared queue: every agent sees the unassigned step's task, counted, and may
			// complete it by either route.
			shared := waitTask(t, zed, "?queue=shared", ex.ID, "check")
			if shared.Assignee != "" {
				t.Fatalf("shared task %+v", shared)
			}
			var counted struct {
				Counts TaskCounts `json:"counts"`
			}
			var mineOrGroups listBody[Task]
			zed.ok(zed.do("GET", "/v1/tasks?queue=mine,groups", nil), http.StatusOK, &mineOrGroups)
			if len(mineOrGroups.Items) != 0 {
				t.Fatalf("zed's own and group tasks %+v, want none", mineOrGroups.Items)
			}
			zed.ok(zed.do("GET", "/v1/tasks", nil), http.StatusOK, &counted)
			if counted.Counts != (TaskCounts{Shared: 1}) {
				t.Fatalf("zed's counts %+v", counted.Counts)
			}
			zed.ok(zed.do("GET", "/v1/executions/"+ex.ID, nil), http.StatusOK, nil) // the shared task shows zed the run
			zed.ok(zed.do("POST", "/v1/executions/"+ex.ID+"/steps/check/complete", map[string]any{}), http.StatusOK, nil)
			e.waitCompleted(ex.ID)

			// The stream saw the steps and the end, in increasing ids.
			got := until(t, events, "the execution's completion", func(ev sseEvent) bool {
				return ev.data.Kind == "execution" && ev.data.Status == "Completed"
			})
			last := int64(0)
			sawUpload := false
			for _, ev := range got {
				var n int64
				if _, err := fmt.Sscan(ev.id, &n); err != nil || n <= last || ev.name != "change" || ev.data.ExecutionID != ex.ID {
					t.Fatalf("event %+v after id %d", ev, last)
				}
				last = n
				sawUpload = sawUpload || (ev.data.Kind == "step" && ev.data.StepID == "upload" && ev.data.Status == "Completed" && ev.data.Attempt == 1)
			}
			if !sawUpload {
				t.Fatalf("no step event of upload's completion in %+v", got)
			}
		})
	}
}

// TestEventsResumeAcrossRestart serves the events of an execution, stops the server and its
// database connection, records more changes, starts a new server on the same database and
// resumes the stream from the last id the client saw: it gets exactly the later events.
func TestEventsResumeAcrossRestart(t *testing.T) {
	t.Parallel()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			var open func() store.Store
			switch backend {
			case "sqlite":
				path := storetest.SQLitePath(t)
				open = func() store.Store {
					s, err := sqlite.Open(ctx, path)
					if err != nil {
						t.Fatal(err)
					}
					return s
				}
			default:
				dbURL := storetest.PostgresURL(t)
				open = func() store.Store {
					s, err := postgres.Open(ctx, dbURL)
					if err != nil {
						t.Fatal(err)
					}
					return s
				}
			}
			s1 := open()
			if err := s1.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			svc1 := app.New(s1, nil)
			srv1 := httptest.NewServer(New(svc1, Options{}))
			e1 := &env{t: t, url: srv1.URL, store: s1, token: newToken(t, svc1, app.KeyInput{Name: "admin", Role: store.RoleAdmin})}
			v := e1.createVersion(e1.createTemplate("Restart").ID, "1.0.0", validDefinition)
			e1.publish(v.ID)
			ex := &store.Execution{ID: id.New(), Name: "run", VersionID: v.ID, Context: json.RawMessage(`{}`),
				Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeNotStarted, CreatedAt: time.Now()}
			if err := s1.CreateExecution(ctx, ex); err != nil {
				t.Fatal(err)
			}
			project := func(s store.Store, status definition.Status, steps ...interp.StepChange) {
				t.Helper()
				now := time.Now().UTC()
				if err := (projection.Persistence{Store: s}).Project(ctx, interp.Projection{
					ExecutionID: ex.ID, RuntimeStatus: status, StartedAt: now, LastActivityAt: &now, At: now, Steps: steps,
				}); err != nil {
					t.Fatal(err)
				}
			}
			started := time.Now().UTC()
			project(s1, definition.StatusInProgress, interp.StepChange{StepID: "confirm", Attempt: 1, Type: "human.confirm", Name: "Confirm",
				Status: definition.StatusInProgress, StartedAt: &started})

			first := until(t, e1.stream("/v1/executions/"+ex.ID+"/events"), "two events", func(ev sseEvent) bool { return ev.id == "2" })
			if len(first) != 2 || first[0].data.Kind != "execution" || first[1].data.Kind != "step" || first[1].data.StepID != "confirm" {
				t.Fatalf("first events %+v", first)
			}
			srv1.CloseClientConnections()
			srv1.Close()
			if err := s1.Close(); err != nil {
				t.Fatal(err)
			}

			// While no server runs, the execution completes.
			s2 := open()
			t.Cleanup(func() { _ = s2.Close() })
			project(s2, definition.StatusCompleted)
			srv2 := httptest.NewServer(New(app.New(s2, nil), Options{}))
			t.Cleanup(srv2.Close)
			e2 := &env{t: t, url: srv2.URL, store: s2, token: e1.token}
			for _, resume := range [][]string{{"Last-Event-ID", first[1].id}, nil} {
				path := "/v1/executions/" + ex.ID + "/events"
				if resume == nil {
					path += "?lastEventId=" + first[1].id
				}
				got := until(t, e2.stream(path, resume...), "the completion", func(ev sseEvent) bool { return ev.data.Status == "Completed" })
				if len(got) != 1 || got[0].id != "3" || got[0].data.Kind != "execution" {
					t.Fatalf("resumed events %+v", got)
				}
			}
		})
	}
}

// TestDocumentsOnEachBlobStore runs the document rules on the filesystem store and on a real
// S3-compatible server: the bytes come back identical, and a caller outside the step's group is
// refused the upload and the download.
func TestDocumentsOnEachBlobStore(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		blobs func(t *testing.T) blob.Store
	}{
		{"fs", func(t *testing.T) blob.Store {
			s, err := blob.NewFS(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"s3", func(t *testing.T) blob.Store { return blobtest.S3(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEngineEnvWith(t, "sqlite", tc.blobs(t))
			v := e.publishedVersion("Docs", docsReview)
			ada, zed := e.agent("ada", "kyc"), e.agent("zed", "sales")
			ex := e.start(map[string]any{"workflowTemplateVersionId": v.ID})
			waitTask(t, ada, "", ex.ID, "upload")
			doc := pattern(3<<20 + 7)
			zed.problem(zed.upload(ex.ID, "upload", "passport", "p.bin", doc), http.StatusForbidden, string(app.CodeNotAllowed))
			var f File
			ada.ok(ada.upload(ex.ID, "upload", "passport", "p.bin", doc), http.StatusCreated, &f)
			if r := ada.do("GET", "/v1/files/"+f.FileID, nil); r.status != http.StatusOK || !bytes.Equal(r.body, doc) {
				t.Fatalf("download: %d, %d bytes", r.status, len(r.body))
			}
			zed.problem(zed.do("GET", "/v1/files/"+f.FileID, nil), http.StatusForbidden, string(app.CodeNotAllowed))
		})
	}
}

// pattern is n bytes that are not all alike.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// TestChildrenAndTheirEvents prepares and projects children through the real projection (no
// engine): a step's children page and counts, and the events of the parent's stream (which sees
// its children appear and change) and of a child's (which sees only its own subtree).
func TestChildrenAndTheirEvents(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		v := e.createVersion(e.createTemplate("Batch").ID, "1.0.0", validDefinition)
		e.publish(v.ID)
		parent := &store.Execution{ID: id.New(), Name: "parent", VersionID: v.ID, Context: json.RawMessage(`{}`),
			Status: store.ExecutionStarted, RuntimeStatus: store.RuntimeInProgress, CreatedAt: time.Now()}
		if err := e.store.CreateExecution(ctx, parent); err != nil {
			t.Fatal(err)
		}
		p := projection.Persistence{Store: e.store}
		kids := []interp.ChildSpec{{ID: id.New(), Name: "dsc-1"}, {ID: id.New(), Name: "dsc-2"}}
		if _, err := p.PrepareChildren(ctx, interp.PrepareChildrenRequest{ParentID: parent.ID, RootID: parent.ID, VersionID: v.ID,
			Children: kids, StepID: "dsc"}); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		if err := p.Project(ctx, interp.Projection{ExecutionID: kids[0].ID, RuntimeStatus: definition.StatusInProgress, StartedAt: now, At: now}); err != nil {
			t.Fatal(err)
		}

		var page struct {
			Items      []Execution `json:"items"`
			NextCursor string      `json:"nextCursor"`
			Counts     ChildCounts `json:"counts"`
		}
		e.ok(e.do("GET", "/v1/executions/"+parent.ID+"/steps/dsc/children?limit=1", nil), http.StatusOK, &page)
		if len(page.Items) != 1 || page.Items[0].ID != kids[0].ID || page.NextCursor == "" ||
			page.Counts != (ChildCounts{Running: 1, Waiting: 1, Total: 2}) {
			t.Fatalf("first page %+v", page)
		}
		cursor := page.NextCursor
		page.NextCursor = "" // absent from the last page, so decoding would keep the first one
		e.ok(e.do("GET", "/v1/executions/"+parent.ID+"/steps/dsc/children?limit=1&cursor="+cursor, nil), http.StatusOK, &page)
		if len(page.Items) != 1 || page.Items[0].ID != kids[1].ID || page.NextCursor != "" {
			t.Fatalf("second page %+v", page)
		}

		got := until(t, e.stream("/v1/executions/"+parent.ID+"/events"), "the child's projection", func(ev sseEvent) bool {
			return ev.data.Kind == "execution"
		})
		if len(got) != 3 || got[0].data.Kind != "child" || got[0].data.StepID != "dsc" || got[0].data.ParentExecutionID != parent.ID ||
			got[2].data.ExecutionID != kids[0].ID || got[2].data.Status != "InProgress" {
			t.Fatalf("parent's events %+v", got)
		}
		// A child's stream holds its own events only; the numbers are the tree's.
		own := until(t, e.stream("/v1/executions/"+kids[1].ID+"/events"), "the child's creation", func(ev sseEvent) bool { return true })
		if own[0].data.ExecutionID != kids[1].ID || own[0].id != "2" {
			t.Fatalf("second child's events %+v", own)
		}
	})
}
