package store

import (
	"context"
	"time"
)

// RunsQuerier stores what the web app's run pages need besides the records themselves (issue
// #13): who may see an execution, the live events of an execution tree, the children of one
// sub-workflow step, and the documents uploaded to human steps.
type RunsQuerier interface {
	// ExecutionVisible reports whether the execution's tree (its root's family) has a human task
	// v selects; see Visibility.
	ExecutionVisible(ctx context.Context, executionID string, v Visibility) (bool, error)

	// AppendExecutionEvents gives each event the next seq of its tree (RootID) and inserts it.
	// Within a transaction, the tree's counter row stays locked until the commit, so the seqs of
	// one tree become visible in increasing order. The events' Seq fields are set in place.
	AppendExecutionEvents(ctx context.Context, events []ExecutionEvent) error
	// ListExecutionEvents lists the events of the tree rooted at rootID with a seq greater than
	// afterSeq, in seq order, at most limit (0 means 500).
	ListExecutionEvents(ctx context.Context, rootID string, afterSeq int64, limit int) ([]ExecutionEvent, error)

	// CountChildren counts the children a sub-workflow step of parentID started, by runtime status.
	CountChildren(ctx context.Context, parentID, stepID string) (map[RuntimeStatus]int, error)

	CreateFile(ctx context.Context, f *File) error
	GetFile(ctx context.Context, id string) (*File, error)
	// ListFiles lists an execution's files, oldest first.
	ListFiles(ctx context.Context, f FileFilter) ([]File, error)
	DeleteFile(ctx context.Context, id string) error
	// ListAbandonedFiles lists up to limit files whose step's human tasks are all CANCELLED, the
	// last cancelled before `before` (none open or completed): the cleanup job's candidates.
	ListAbandonedFiles(ctx context.Context, before time.Time, limit int) ([]File, error)
}

// Visibility selects the executions an agent may see: those whose tree holds a human task
// assigned to one of Assignees (their user id and GroupAssignee of each group; "" is the shared
// queue), or claimed or completed by User.
type Visibility struct {
	Assignees []string
	User      string
}

// EventKind says what an ExecutionEvent is about.
type EventKind string

// The event kinds.
const (
	// EventStep: a human step of ExecutionID changed (StepID, Status, Attempt).
	EventStep EventKind = "step"
	// EventExecution: ExecutionID was projected (its runtime status is Status); a client
	// re-reads its runtime view.
	EventExecution EventKind = "execution"
	// EventChild: ExecutionID was created as a child of ParentID by its step StepID.
	EventChild EventKind = "child"
)

// ExecutionEvent is one change in an execution tree, numbered by Seq within the tree.
type ExecutionEvent struct {
	RootID      string
	Seq         int64
	ExecutionID string
	// ParentID is the execution's parent (nil for the root), so that a reader following a
	// subtree can tell a new descendant.
	ParentID *string
	StepID   string
	Kind     EventKind
	Status   string
	Attempt  int
	At       time.Time
}

// File is a document uploaded to a human step; its bytes are in the blob store under BlobKey.
type File struct {
	ID          string
	ExecutionID string
	StepID      string
	// Key is the document's key in the step's list of documents.
	Key         string
	Name        string
	Size        int64
	SHA256      string
	ContentType string
	BlobKey     string
	CreatedBy   string
	CreatedAt   time.Time
}

// FileFilter selects files.
type FileFilter struct {
	Page
	ExecutionID string
	StepID      string
}
