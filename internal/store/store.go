// Package store is the storage seam: the records of SPEC §2 and §8–§10 and the one interface
// every database backend implements. The app layer owns the rules and the transactions; a store
// only reads and writes rows, and reports constraint failures as the typed errors below.
//
// Querier is grouped by area: templates, versions, links and executions here; trigger events,
// service requests, data sources, human tasks, the audit log and API keys in the files of those
// names, each an interface Querier embeds. docs/storage.md describes the tables and indexes.
//
// Backends live in subpackages (sqlite, postgres), share their SQL in sqlstore, and all pass the
// conformance suite in storetest, so the app layer never needs to know which database it runs
// on. storetest also gives tests a fresh real database of either kind.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Errors a backend returns, wrapped with what it was doing; match them with errors.Is.
var (
	// ErrNotFound: no row has that id (or key).
	ErrNotFound = errors.New("store: not found")
	// ErrDuplicate: a unique constraint refused the write (a version string used twice in a
	// template, an entity linked twice, an id reused).
	ErrDuplicate = errors.New("store: duplicate")
	// ErrStale: an optimistic-concurrency write found the row changed since the caller read it
	// (its updated_at is not the one the caller sent), so nothing was written.
	ErrStale = errors.New("store: stale write")
	// ErrReferenced: a delete was refused because other rows still point at this one (a version
	// that executions ran on).
	ErrReferenced = errors.New("store: still referenced")
	// ErrWrongState: a conditional transition found the row in a state that does not allow it
	// (completing a human task that is already completed or cancelled, claiming one someone
	// else holds, revoking a revoked key), so nothing was written. Unlike ErrStale it does not
	// depend on what the caller read: the transition is refused whatever the caller saw.
	ErrWrongState = errors.New("store: wrong state for this change")
)

// Store is a database: a Querier outside any transaction, plus transactions.
type Store interface {
	Querier
	// InTx runs fn in one transaction and commits when fn returns nil. Writers of one template's
	// lifecycle are serialized by Querier.LockTemplate (PostgreSQL) or by the write lock the
	// transaction takes at its start (SQLite), so a check followed by a write inside fn is atomic.
	InTx(ctx context.Context, fn func(q Querier) error) error
	// Migrate applies the backend's embedded schema migrations that have not run yet. Safe to call
	// from several processes at once, and on every start.
	Migrate(ctx context.Context) error
	// Ping checks that the database answers (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the connections.
	Close() error
}

// Querier reads and writes records. Times are stored with microsecond precision in UTC; a
// backend returns them in UTC, truncated to the microsecond, exactly as a later read returns them
// (so an updated_at read back can be sent as an optimistic-concurrency token). Create and Update
// methods normalize the times of the record they are given the same way, in place, so the
// caller's copy matches the stored row. JSON documents (definition, context) come back as the
// bytes written: key order, spacing and number spelling are kept.
//
// A write that points at a row that does not exist (a version of a missing template, an active
// version that is not one of the template's own) fails with ErrNotFound; one that breaks a unique
// constraint with ErrDuplicate. Other constraint failures (an unknown enum value, malformed JSON)
// are plain errors: the app layer validates before it writes.
type Querier interface {
	CreateTemplate(ctx context.Context, t *Template) error
	GetTemplate(ctx context.Context, id string) (*Template, error)
	ListTemplates(ctx context.Context, f TemplateFilter) ([]Template, error)
	// UpdateTemplate writes name, description, active_version_id and updated_at.
	UpdateTemplate(ctx context.Context, t *Template) error
	// DeleteTemplate deletes the template with its versions and links (cascade); ErrReferenced,
	// deleting nothing, when executions ran on any of its versions.
	DeleteTemplate(ctx context.Context, id string) error
	// LockTemplate takes a row lock on the template until the transaction ends (SELECT ... FOR
	// UPDATE on PostgreSQL; a no-op on SQLite, whose write transactions are already exclusive).
	// ErrNotFound if there is no such template.
	LockTemplate(ctx context.Context, id string) error

	CreateVersion(ctx context.Context, v *Version) error
	GetVersion(ctx context.Context, id string) (*Version, error)
	ListVersions(ctx context.Context, f VersionFilter) ([]Version, error)
	// UpdateVersion writes every mutable field of v (version_note, definition, status,
	// published_at, published_by, updated_at) only if the stored updated_at equals
	// ifUpdatedAt; otherwise it returns ErrStale and writes nothing.
	UpdateVersion(ctx context.Context, v *Version, ifUpdatedAt time.Time) error
	// DeleteVersion deletes the version if its updated_at equals ifUpdatedAt (ErrStale
	// otherwise); ErrReferenced when executions ran on it or it is its template's active version.
	DeleteVersion(ctx context.Context, id string, ifUpdatedAt time.Time) error

	CreateLink(ctx context.Context, l *Link) error
	GetLink(ctx context.Context, id string) (*Link, error)
	// GetLinkByEntity finds the link of one entity (ErrNotFound when it has none).
	GetLinkByEntity(ctx context.Context, entityType EntityType, entityID string) (*Link, error)
	ListLinks(ctx context.Context, f LinkFilter) ([]Link, error)
	// UpdateLink writes template_id, entity_type and entity_id: ErrNotFound for a missing
	// link or template, ErrDuplicate when the entity already has another link.
	UpdateLink(ctx context.Context, l *Link) error
	DeleteLink(ctx context.Context, id string) error

	CreateExecution(ctx context.Context, e *Execution) error
	GetExecution(ctx context.Context, id string) (*Execution, error)
	ListExecutions(ctx context.Context, f ExecutionFilter) ([]Execution, error)
	// ExecutionNames maps each of ids to its execution's name, in one query (a list of tasks
	// names their executions); ids with no execution are left out.
	ExecutionNames(ctx context.Context, ids []string) (map[string]string, error)
	// CountExecutions counts the executions matching f (its Page is ignored).
	CountExecutions(ctx context.Context, f ExecutionFilter) (int, error)
	// UpdateExecution writes status, status_reason, the runtime projection (runtime_status and
	// its timestamps) and context.
	UpdateExecution(ctx context.Context, e *Execution) error
	// LockExecution takes a row lock on the execution until the transaction ends, like
	// LockTemplate: the app (recording a start) and the engine (projecting runtime changes) both
	// read, change and write the row, and must not overwrite each other. ErrNotFound if there is
	// no such execution.
	LockExecution(ctx context.Context, id string) error

	TriggerQuerier
	ServiceRequestQuerier
	DataSourceQuerier
	HumanTaskQuerier
	AuditQuerier
	APIKeyQuerier
	IdempotencyQuerier
	ScenarioQuerier
	RunsQuerier
	BatchQuerier
}

// VersionStatus is a version's lifecycle state (SPEC §7).
type VersionStatus string

// The version statuses.
const (
	VersionDraft      VersionStatus = "DRAFT"
	VersionPublished  VersionStatus = "PUBLISHED"
	VersionDeprecated VersionStatus = "DEPRECATED"
)

// EntityType is the kind of thing a link starts workflows for.
type EntityType string

// The entity types a template can be linked to.
const (
	EntityServiceCatalog EntityType = "SERVICE_CATALOG"
	EntityProduct        EntityType = "PRODUCT"
)

// ExecutionStatus is the lifecycle of an execution record (not its runtime state).
type ExecutionStatus string

// The execution record statuses (SPEC §6 "Record status").
const (
	ExecutionCreated       ExecutionStatus = "CREATED"
	ExecutionStarted       ExecutionStatus = "STARTED"
	ExecutionFailedToStart ExecutionStatus = "FAILED_TO_START"
	ExecutionCompleted     ExecutionStatus = "COMPLETED"
)

// RuntimeStatus is the projection of an execution's state in Temporal.
type RuntimeStatus string

// The runtime statuses of an execution.
const (
	RuntimeNotStarted RuntimeStatus = "NotStarted"
	RuntimeInProgress RuntimeStatus = "InProgress"
	RuntimeCompleted  RuntimeStatus = "Completed"
	RuntimeFailed     RuntimeStatus = "Failed"
	RuntimeCancelled  RuntimeStatus = "Cancelled"
)

// Template is a workflow template: a name and its versions, one of which may be active.
type Template struct {
	ID              string
	Name            string
	Description     *string
	ActiveVersionID *string
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// ActiveVersion (the active version's semver) and VersionCount are read with the template
	// (GetTemplate, ListTemplates) so a list needs no query per row; writes ignore them.
	ActiveVersion *string
	VersionCount  int
}

// Version is one version of a template's definition.
type Version struct {
	ID          string
	TemplateID  string
	Version     string // semantic version, unique per template
	VersionNote *string
	Definition  json.RawMessage
	Status      VersionStatus
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	PublishedBy *string
}

// Link says which template an entity starts.
type Link struct {
	ID         string
	TemplateID string
	EntityType EntityType
	EntityID   string
	CreatedAt  time.Time
}

// Execution is the record of one run of a version.
type Execution struct {
	ID        string
	Name      string
	VersionID string
	ParentID  *string
	RootID    *string
	// ParentStepID is the parent's sub-workflow step that started this child (nil for a root,
	// and for children recorded before it was kept).
	ParentStepID   *string
	Context        json.RawMessage
	Status         ExecutionStatus
	StatusReason   *string // why it failed to start, for FAILED_TO_START
	RuntimeStatus  RuntimeStatus
	CreatedAt      time.Time
	StartedAt      *time.Time
	CompletedAt    *time.Time
	FailedAt       *time.Time
	LastActivityAt *time.Time
	TriggerEventID *string
}

// Page selects one page of a list ordered by (created_at, id).
type Page struct {
	// Limit is the most rows to return; 0 (or less) means the backend's default of 50.
	Limit int
	// After, when set, starts the page after this position (exclusive), in the list's order.
	After *Cursor
	// Desc orders newest first.
	Desc bool
}

// Cursor is a position in a list ordered by (created_at, id).
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// TemplateFilter selects templates; empty fields do not filter.
type TemplateFilter struct {
	Page
	NameContains string
}

// VersionFilter selects versions; empty fields do not filter.
type VersionFilter struct {
	Page
	TemplateID string
	Status     VersionStatus
}

// LinkFilter selects links; empty fields do not filter.
type LinkFilter struct {
	Page
	TemplateID string
	EntityType EntityType
	EntityID   string
}

// ExecutionFilter selects executions; empty fields do not filter.
type ExecutionFilter struct {
	Page
	TemplateID    string // executions of any version of this template
	VersionID     string
	Status        ExecutionStatus
	RuntimeStatus RuntimeStatus
	ParentID      string
	RootID        string
	// ParentStepID, with ParentID, selects the children of one sub-workflow step.
	ParentStepID string
	// Search matches an id exactly or a name containing it (case-insensitive).
	Search string
	// StartedAfter and StartedBefore bound started_at (inclusive, exclusive); an execution not
	// started yet matches neither.
	StartedAfter  *time.Time
	StartedBefore *time.Time
	// VisibleTo, when set, keeps only the executions it may see (an agent's).
	VisibleTo *Visibility
}
