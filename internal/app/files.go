package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/blob"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Documents of human.doc_upload steps (docs/storage.md, "Files"). An upload streams the bytes
// into the blob store, hashing and sniffing them on the way, then records the file's row; the
// step's completion refers to files by id. A refused completion leaves the files where they are
// (attached to the step until it completes or is cancelled); CleanupFiles removes the files of
// steps whose tasks were all cancelled, after a retention period.

// DefaultMaxUpload is the largest document accepted when no limit is configured (25 MiB).
const DefaultMaxUpload int64 = 25 << 20

// WithBlobs stores uploaded documents in b, accepting documents of at most maxUpload bytes (0
// means DefaultMaxUpload).
func WithBlobs(b blob.Store, maxUpload int64) Option {
	return func(s *Service) {
		s.blobs = b
		s.maxUpload = maxUpload
		if s.maxUpload <= 0 {
			s.maxUpload = DefaultMaxUpload
		}
	}
}

// MaxUpload is the largest document an upload may carry.
func (s *Service) MaxUpload() int64 {
	if s.maxUpload <= 0 {
		return DefaultMaxUpload
	}
	return s.maxUpload
}

// UploadInput is one document sent to a step.
type UploadInput struct {
	ExecutionID, StepID string
	// Key is the document's key among the step's documents; Name its file name.
	Key, Name string
	Body      io.Reader
}

// UploadFile stores a document for a human step the caller may complete (the inbox's rule), and
// records it. A body past MaxUpload is body_too_large and stores nothing.
func (s *Service) UploadFile(ctx context.Context, in UploadInput) (*store.File, error) {
	if s.blobs == nil {
		return nil, errorf(CodeConflict, "this process stores no documents")
	}
	for field, v := range map[string]string{"key": in.Key, "name": in.Name, "stepId": in.StepID} {
		if v == "" || len(v) > 500 {
			return nil, errorf(CodeInvalidRequest, "%s must have 1 to 500 characters", field)
		}
		if err := checkText(field, v); err != nil {
			return nil, err
		}
	}
	if _, err := s.store.GetExecution(ctx, in.ExecutionID); err != nil {
		return nil, storeErr(err, "execution", in.ExecutionID, "getting execution "+in.ExecutionID)
	}
	t, err := s.mayCompleteStep(ctx, in.ExecutionID, in.StepID)
	if err != nil {
		return nil, err
	}
	if t == nil && !isAdmin(ActorFrom(ctx)) {
		return nil, errorf(CodeStepNotOpen, "step %s of execution %s has no open task", in.StepID, in.ExecutionID)
	}
	f := &store.File{
		ID: id.New(), ExecutionID: in.ExecutionID, StepID: in.StepID, Key: in.Key, Name: in.Name,
		CreatedBy: ActorFrom(ctx).Name(), CreatedAt: now(),
	}
	f.BlobKey = "files/" + f.ID
	meter := &uploadMeter{r: in.Body, limit: s.MaxUpload(), sum: sha256.New()}
	n, err := s.blobs.Put(ctx, f.BlobKey, meter)
	if errors.Is(err, errTooLarge) {
		return nil, errorf(CodeBodyTooLarge, "the document is larger than %d bytes", s.MaxUpload())
	}
	if err != nil {
		return nil, fmt.Errorf("storing file %s: %w", f.ID, err)
	}
	f.Size, f.SHA256, f.ContentType = n, hex.EncodeToString(meter.sum.Sum(nil)), http.DetectContentType(meter.head)
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateFile(ctx, f); err != nil {
			return err
		}
		return s.audit(ctx, q, "file.upload", "execution", f.ExecutionID, nil,
			map[string]any{"fileId": f.ID, "stepId": f.StepID, "key": f.Key, "size": f.Size, "sha256": f.SHA256})
	})
	if err != nil {
		if derr := s.blobs.Delete(context.WithoutCancel(ctx), f.BlobKey); derr != nil {
			slog.WarnContext(ctx, "an unrecorded upload was left in the blob store", "key", f.BlobKey, "err", derr)
		}
		return nil, fmt.Errorf("recording file %s: %w", f.ID, err)
	}
	return f, nil
}

// errTooLarge ends an upload past the limit.
var errTooLarge = errors.New("upload too large")

// uploadMeter passes an upload through, hashing it, keeping its first 512 bytes for
// http.DetectContentType, and failing once it passes limit.
type uploadMeter struct {
	r     io.Reader
	limit int64
	n     int64
	sum   hash.Hash
	head  []byte
}

func (m *uploadMeter) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if n > 0 {
		m.n += int64(n)
		if m.n > m.limit {
			return 0, errTooLarge
		}
		m.sum.Write(p[:n])
		if len(m.head) < 512 {
			m.head = append(m.head, p[:min(n, 512-len(m.head))]...)
		}
	}
	return n, err
}

// GetFile returns a file's record, for a caller who may see its execution.
func (s *Service) GetFile(ctx context.Context, fileID string) (*store.File, error) {
	f, err := s.store.GetFile(ctx, fileID)
	if err != nil {
		return nil, storeErr(err, "file", fileID, "getting file "+fileID)
	}
	if err := s.mayView(ctx, f.ExecutionID); err != nil {
		return nil, err
	}
	return f, nil
}

// OpenFile returns a file's record and its bytes, for a caller who may see its execution.
func (s *Service) OpenFile(ctx context.Context, fileID string) (*store.File, io.ReadCloser, error) {
	f, err := s.GetFile(ctx, fileID)
	if err != nil {
		return nil, nil, err
	}
	if s.blobs == nil {
		return nil, nil, errorf(CodeConflict, "this process stores no documents")
	}
	rc, err := s.blobs.Open(ctx, f.BlobKey)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, nil, errorf(CodeNotFound, "the bytes of file %s are gone", fileID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("opening file %s: %w", fileID, err)
	}
	return f, rc, nil
}

// ListFiles lists one page of an execution's files.
func (s *Service) ListFiles(ctx context.Context, executionID string, p store.Page) (Page[store.File], error) {
	if _, err := s.viewable(ctx, executionID); err != nil {
		return Page[store.File]{}, err
	}
	limit, err := pageLimit(&p)
	if err != nil {
		return Page[store.File]{}, err
	}
	items, err := s.store.ListFiles(ctx, store.FileFilter{Page: p, ExecutionID: executionID})
	if err != nil {
		return Page[store.File]{}, fmt.Errorf("listing the files of execution %s: %w", executionID, err)
	}
	return page(items, limit, func(f store.File) store.Cursor { return store.Cursor{CreatedAt: f.CreatedAt, ID: f.ID} }), nil
}

// DocumentRef is one document of a human.doc_upload step's output.
type DocumentRef struct {
	Key         string `json:"key"`
	FileID      string `json:"fileId"`
	Name        string `json:"name,omitempty"`
	Size        int64  `json:"size,omitempty"`
	SHA256      string `json:"sha256,omitempty"`
	ContentType string `json:"contentType,omitempty"`
}

// checkDocuments checks a human.doc_upload completion's output, {"documents": [...]}: each
// document must name a file uploaded to this step of this execution, under the key it names.
// A refusal is output_invalid with one field error per bad document; the files stay.
func (s *Service) checkDocuments(ctx context.Context, t *store.HumanTask, output json.RawMessage) error {
	if t.Type != string(definition.StepHumanDocUpload) || len(output) == 0 {
		return nil
	}
	var out struct {
		Documents []DocumentRef `json:"documents"`
	}
	if err := json.Unmarshal(output, &out); err != nil {
		return &Error{Code: CodeOutputInvalid, Message: "the documents of a human.doc_upload step are a list of {key, fileId}",
			Fields: []FieldError{{Location: "body.outputData.documents", Message: err.Error()}}}
	}
	var bad []FieldError
	for i, d := range out.Documents {
		at := fmt.Sprintf("body.outputData.documents[%d].fileId", i)
		if !id.Valid(d.FileID) {
			bad = append(bad, FieldError{Location: at, Message: "not a file id"})
			continue
		}
		f, err := s.store.GetFile(ctx, d.FileID)
		if errors.Is(err, store.ErrNotFound) {
			bad = append(bad, FieldError{Location: at, Message: "file " + d.FileID + " does not exist"})
			continue
		}
		if err != nil {
			return fmt.Errorf("reading file %s: %w", d.FileID, err)
		}
		switch {
		case f.ExecutionID != t.ExecutionID || f.StepID != t.StepID:
			bad = append(bad, FieldError{Location: at, Message: "file " + d.FileID + " was not uploaded to this step"})
		case d.Key != "" && d.Key != f.Key:
			bad = append(bad, FieldError{Location: fmt.Sprintf("body.outputData.documents[%d].key", i),
				Message: "file " + d.FileID + " was uploaded as " + f.Key})
		}
	}
	if len(bad) > 0 {
		return &Error{Code: CodeOutputInvalid, Message: fmt.Sprintf("%d document(s) do not refer to files of this step", len(bad)), Fields: bad}
	}
	return nil
}

// CleanupFiles deletes the files of steps whose tasks were all cancelled more than retention
// ago (their bytes, then their rows), at most a batch per call; it returns how many it deleted.
func (s *Service) CleanupFiles(ctx context.Context, retention time.Duration) (int, error) {
	if s.blobs == nil {
		return 0, nil
	}
	fs, err := s.store.ListAbandonedFiles(ctx, now().Add(-retention), 200)
	if err != nil {
		return 0, fmt.Errorf("finding abandoned files: %w", err)
	}
	n := 0
	for _, f := range fs {
		if err := s.blobs.Delete(ctx, f.BlobKey); err != nil {
			return n, fmt.Errorf("deleting the bytes of file %s: %w", f.ID, err)
		}
		if err := s.store.DeleteFile(ctx, f.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return n, fmt.Errorf("deleting file %s: %w", f.ID, err)
		}
		n++
	}
	return n, nil
}

// DefaultFileRetention is how long the documents of a cancelled step are kept (a week: time to
// notice a wrong cancel), and DefaultFileCleanupInterval how often the cleanup job runs.
const (
	DefaultFileRetention       = 7 * 24 * time.Hour
	DefaultFileCleanupInterval = 10 * time.Minute
)

// RunFileCleanup runs CleanupFiles every interval until ctx ends.
func (s *Service) RunFileCleanup(ctx context.Context, interval, retention time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		switch n, err := s.CleanupFiles(ctx, retention); {
		case err != nil && !errors.Is(err, context.Canceled):
			log.Warn("deleting the documents of cancelled steps", "err", err)
		case n > 0:
			log.Info("deleted the documents of cancelled steps", "files", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
