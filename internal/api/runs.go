package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// The run pages of the web app (issue #13): live events, a step's children, documents.

// EventPollInterval is how often an events stream looks for new events in the database. The
// database is the one channel: events written by any process (the engine's worker, another API
// replica) reach every stream, and a restart loses nothing.
var EventPollInterval = 500 * time.Millisecond

// EventHeartbeat is how often an idle stream sends a ": ping" comment, so that proxies keep it
// open.
var EventHeartbeat = 15 * time.Second

// ChangeEvent is the data of one event of GET /v1/executions/{id}/events.
type ChangeEvent struct {
	ExecutionID       string    `json:"executionId" doc:"The execution that changed: the one streamed or a descendant."`
	ParentExecutionID string    `json:"parentExecutionId,omitempty" doc:"Its parent, for a descendant."`
	StepID            string    `json:"stepId" doc:"The step that changed (kind step), the parent's step that started the child (kind child); empty for kind execution."`
	Status            string    `json:"status" doc:"The step's status (kind step), the execution's runtime status (execution), NotStarted (child)."`
	Attempt           int       `json:"attempt" doc:"The step's attempt (kind step); 0 otherwise."`
	At                time.Time `json:"at" doc:"When it changed."`
	Kind              string    `json:"kind" enum:"step,execution,child" doc:"step: a human step changed; execution: the execution was projected (re-read its runtime view: any step may have moved); child: a child execution was created."`
}

type eventsInput struct {
	ExecutionPath
	LastEventID      string `header:"Last-Event-ID" maxLength:"30" doc:"Resume after this event id (what EventSource sends on reconnection)."`
	LastEventIDQuery string `query:"lastEventId" maxLength:"30" doc:"The same as Last-Event-ID, for clients that cannot set headers; the header wins."`
}

type streamOutput struct {
	Body func(ctx huma.Context)
}

type childrenInput struct {
	StepPath
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Most children to return."`
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor of the previous page."`
}

// ChildCounts counts a sub-workflow step's children by runtime status.
type ChildCounts struct {
	Done    int `json:"done" doc:"Completed."`
	Running int `json:"running" doc:"InProgress."`
	Failed  int `json:"failed" doc:"Failed (waiting for a retry or a cancel)."`
	Waiting int `json:"waiting" doc:"Created, not started yet (NotStarted)."`
	Total   int `json:"total" doc:"Every child created so far, cancelled ones included. A BATCH creates its children a run at a time (500 items by default), so total grows while it runs."`
}

func childCountsOf(c app.ChildCounts) *ChildCounts {
	return &ChildCounts{Done: c.Done, Running: c.Running, Failed: c.Failed, Waiting: c.Waiting, Total: c.Total}
}

type childrenOutput struct {
	Body struct {
		Items      []Execution `json:"items"`
		NextCursor string      `json:"nextCursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page."`
		Counts     ChildCounts `json:"counts"`
	}
}

// File is an uploaded document.
type File struct {
	FileID      string    `json:"fileId"`
	Name        string    `json:"name"`
	Key         string    `json:"key" doc:"The document's key in the step's documents."`
	Size        int64     `json:"size" doc:"Bytes."`
	SHA256      string    `json:"sha256" doc:"SHA-256 of the bytes, hex."`
	ContentType string    `json:"contentType" doc:"Sniffed from the first 512 bytes (http.DetectContentType)."`
	ExecutionID string    `json:"executionId"`
	StepID      string    `json:"stepId"`
	CreatedAt   time.Time `json:"createdAt"`
}

func fileOf(f store.File) File {
	return File{FileID: f.ID, Name: f.Name, Key: f.Key, Size: f.Size, SHA256: f.SHA256, ContentType: f.ContentType,
		ExecutionID: f.ExecutionID, StepID: f.StepID, CreatedAt: f.CreatedAt}
}

type uploadInput struct {
	ExecutionID string `query:"executionId" required:"true" maxLength:"100" doc:"The execution of the step."`
	StepID      string `query:"stepId" required:"true" maxLength:"200" doc:"The human step the document is for."`
	Key         string `query:"key" required:"true" maxLength:"200" doc:"The document's key (a key of the step's documents)."`
	Name        string `query:"name" required:"true" maxLength:"500" doc:"The file name, shown and used on download."`
	// body is the request's body, read by the handler as it streams to the blob store.
	body io.Reader
}

// Resolve hands the raw body to the handler: the door leaves an upload's body unread (see
// streamsBody), so it is streamed, never held whole.
func (in *uploadInput) Resolve(ctx huma.Context) []error {
	r, _ := humago.Unwrap(ctx)
	in.body = r.Body
	return nil
}

type fileOutput struct {
	Body File
}

type filePath struct {
	ID string `path:"id" maxLength:"100" doc:"The file's id."`
}

type filesInput struct {
	ExecutionPath
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Most files to return."`
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor of the previous page."`
}

type filesOutput struct {
	Body listBody[File]
}

// streamsBody marks an operation whose handler reads the body itself (an upload): the door
// leaves it unread.
const streamsBody = "streamsBody"

func (s *server) registerRuns(api huma.API) {
	tags := []string{"Executions"}
	huma.Register(api, huma.Operation{
		OperationID: "streamExecutionEvents", Method: http.MethodGet, Path: "/v1/executions/{id}/events", Tags: tags,
		Summary: "Stream an execution's changes (server-sent events)",
		Description: "A `text/event-stream` of the changes of the execution and its descendants, as the engine's projection records them. Each event is\n\n" +
			"```\nid: <seq>\nevent: change\ndata: {\"executionId\",\"stepId\",\"status\",\"attempt\",\"at\",\"kind\"}\n```\n\n" +
			"The id is a sequence number of the execution's tree (its root), kept in the database: it only grows, survives restarts, and a stream of a " +
			"subtree skips the numbers of other branches. Send it back as `Last-Event-ID` (or `?lastEventId=`) to resume after it; without one the stream " +
			"starts with every event recorded so far. A `: ping` comment comes every 15 seconds of silence.",
		Errors: []int{http.StatusForbidden, http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {
			Description: "The event stream; it ends only when the client goes away.",
			Content:     map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: "string", Description: "Server-sent events whose data is a ChangeEvent."}}},
		}},
	}, func(ctx context.Context, in *eventsInput) (*streamOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		last := in.LastEventID
		if last == "" {
			last = in.LastEventIDQuery
		}
		var after int64
		if last != "" {
			n, err := strconv.ParseInt(last, 10, 64)
			if err != nil || n < 0 {
				return nil, invalid("header.Last-Event-ID", "Last-Event-ID must be an event id this stream sent")
			}
			after = n
		}
		es, err := s.app.OpenEvents(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &streamOutput{Body: func(hctx huma.Context) { streamEvents(hctx, es, after) }}, nil
	})
	registerChangeEventSchema(api)

	huma.Register(api, huma.Operation{
		OperationID: "getExecutionDefinition", Method: http.MethodGet, Path: "/v1/executions/{id}/definition", Tags: tags,
		Summary:     "The definition an execution runs",
		Description: "The execution's version (template, version string, definition), to anyone who may see the execution: an agent draws the run's graph with it, though only administrators read versions in general.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *ExecutionPath) (*executionDefinitionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		v, err := s.app.ExecutionVersion(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		out := &executionDefinitionOutput{}
		out.Body.WorkflowTemplateID, out.Body.WorkflowTemplateVersionID, out.Body.Version, out.Body.Definition = v.TemplateID, v.ID, v.Version, v.Definition
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listStepChildren", Method: http.MethodGet, Path: "/v1/executions/{id}/steps/{stepId}/children", Tags: tags,
		Summary:     "List the children of a sub-workflow step",
		Description: "The child executions the step started, oldest first, paged, with their counts by runtime status; a BATCH's while it runs.",
		Errors:      []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *childrenInput) (*childrenOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		pg, err := (ListParams{Limit: in.Limit, Cursor: in.Cursor}).page()
		if err != nil {
			return nil, err
		}
		p, c, err := s.app.ListStepChildren(ctx, in.ID, in.StepID, pg)
		if err != nil {
			return nil, problemOf(err)
		}
		out := &childrenOutput{}
		l := listOf(p, executionOf)
		out.Body.Items, out.Body.NextCursor, out.Body.Counts = l.Items, l.NextCursor, *childCountsOf(c)
		return out, nil
	})

	ftags := []string{"Files"}
	huma.Register(api, huma.Operation{
		OperationID: "uploadFile", Method: http.MethodPost, Path: "/v1/files", Tags: ftags,
		Summary: "Upload a document to a human step",
		Description: "The body is the file's bytes, streamed to the blob store (never held whole). Only a caller who may complete the step may upload " +
			"(the inbox's rule: its assignee, a member of its group, anyone for the shared queue, the claimant, an admin); the step needs its open task. " +
			"A body past the server's --max-upload-bytes (default 25 MiB) is 413 body_too_large and stores nothing. The content type is sniffed " +
			"from the first 512 bytes; the SHA-256 is recorded. Refer to the file from the step's output: {\"documents\": [{\"key\", \"fileId\"}]}.",
		DefaultStatus: http.StatusCreated,
		Metadata:      map[string]any{streamsBody: true},
		RequestBody: &huma.RequestBody{Required: true, Description: "The file's bytes.", Content: map[string]*huma.MediaType{
			"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		}},
		Errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *uploadInput) (*fileOutput, error) {
		if !id.Valid(in.ExecutionID) {
			return nil, notFound("execution", in.ExecutionID)
		}
		body := in.body
		if body == nil {
			body = http.NoBody
		}
		f, err := s.app.UploadFile(ctx, app.UploadInput{ExecutionID: in.ExecutionID, StepID: in.StepID, Key: in.Key, Name: in.Name, Body: body})
		if err != nil {
			return nil, problemOf(err)
		}
		return &fileOutput{Body: fileOf(*f)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "downloadFile", Method: http.MethodGet, Path: "/v1/files/{id}", Tags: ftags,
		Summary:     "Download a document",
		Description: "The bytes, as an attachment with the file's name and sniffed content type; for callers who may see the file's execution (403 otherwise).",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {
			Description: "The file's bytes.",
			Content:     map[string]*huma.MediaType{"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}}},
		}},
	}, func(ctx context.Context, in *filePath) (*streamOutput, error) {
		if !id.Valid(in.ID) {
			return nil, notFound("file", in.ID)
		}
		f, rc, err := s.app.OpenFile(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &streamOutput{Body: func(hctx huma.Context) {
			defer rc.Close()
			hctx.SetHeader("Content-Type", f.ContentType)
			hctx.SetHeader("Content-Length", strconv.FormatInt(f.Size, 10))
			hctx.SetHeader("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
			hctx.SetHeader("X-Content-Type-Options", "nosniff")
			hctx.SetStatus(http.StatusOK)
			if _, err := io.Copy(hctx.BodyWriter(), rc); err != nil {
				slog.Warn("sending a file", "file", f.ID, "err", err)
			}
		}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listExecutionFiles", Method: http.MethodGet, Path: "/v1/executions/{id}/files", Tags: ftags,
		Summary: "List an execution's documents", Errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *filesInput) (*filesOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		pg, err := (ListParams{Limit: in.Limit, Cursor: in.Cursor}).page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListFiles(ctx, in.ID, pg)
		if err != nil {
			return nil, problemOf(err)
		}
		return &filesOutput{Body: listOf(p, fileOf)}, nil
	})
}

// registerChangeEventSchema puts ChangeEvent in the document's schemas, so that clients
// generated from it have the type of an event's data.
func registerChangeEventSchema(api huma.API) {
	api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[ChangeEvent](), true, "ChangeEvent")
}

// streamEvents writes es's events after `after` until the client goes away: each as id, event
// and one data line, flushed at once; a ": ping" comment after EventHeartbeat of silence.
func streamEvents(ctx huma.Context, es *app.EventStream, after int64) {
	r, w := humago.Unwrap(ctx)
	rc := http.NewResponseController(w)
	// A stream outlives any write deadline the server has.
	_ = rc.SetWriteDeadline(time.Time{})
	ctx.SetHeader("Content-Type", "text/event-stream")
	ctx.SetHeader("Cache-Control", "no-cache")
	ctx.SetHeader("X-Accel-Buffering", "no")
	ctx.SetStatus(http.StatusOK)
	_ = rc.Flush()
	poll := time.NewTicker(EventPollInterval)
	defer poll.Stop()
	quiet := time.Now()
	for {
		evs, err := es.Next(r.Context(), after)
		if err != nil {
			if r.Context().Err() == nil {
				slog.Warn("reading execution events", "err", err)
			}
		}
		for _, e := range evs {
			data, _ := json.Marshal(changeOf(e)) // strings, ints and a time always marshal
			if _, err := fmt.Fprintf(w, "id: %d\nevent: change\ndata: %s\n\n", e.Seq, data); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
			after = e.Seq
			quiet = time.Now()
		}
		if len(evs) == 0 && time.Since(quiet) >= EventHeartbeat {
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
			quiet = time.Now()
		}
		if len(evs) > 0 && len(evs) >= 500 {
			continue // more are waiting
		}
		select {
		case <-r.Context().Done():
			return
		case <-poll.C:
		}
	}
}

func changeOf(e store.ExecutionEvent) ChangeEvent {
	c := ChangeEvent{ExecutionID: e.ExecutionID, StepID: e.StepID, Status: e.Status, Attempt: e.Attempt, At: e.At, Kind: string(e.Kind)}
	if e.ParentID != nil {
		c.ParentExecutionID = *e.ParentID
	}
	return c
}

// executionDefinitionOutput is GET /v1/executions/{id}/definition.
type executionDefinitionOutput struct {
	Body struct {
		WorkflowTemplateID        string          `json:"workflowTemplateId"`
		WorkflowTemplateVersionID string          `json:"workflowTemplateVersionId"`
		Version                   string          `json:"version" doc:"The version string, e.g. 1.2.0."`
		Definition                json.RawMessage `json:"definition" doc:"The workflow definition (docs/definition.md)."`
	}
}
