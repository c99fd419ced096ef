// Package app holds the use cases of Workflow Builder's management face: templates, versions and
// links, and the lifecycle rules of SPEC §7. Every rule is enforced here, once, inside a store
// transaction that first locks the template, so the HTTP layer (and later the CLI or the engine)
// cannot bypass or duplicate them. Refusals are *Error values with a stable Code.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/blob"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Validator checks a definition for the publish gate and for the issues a draft save reports.
// q is the caller's transaction, so store-backed rules (child versions exist...) see the same
// snapshot the lifecycle check does.
type Validator interface {
	Validate(ctx context.Context, q store.Querier, templateID string, def json.RawMessage) []definition.Issue
}

// Service runs the use cases over one store. It is safe for concurrent use.
type Service struct {
	store     store.Store
	validator Validator
	engine    Engine // nil: executions are refused with engine_unavailable
	// backlogLimit: starts are refused with backlog_full while this many executions wait to
	// run (Backlog); 0 means no limit.
	backlogLimit int
	repair       repairCursor
	// blobs holds uploaded documents (nil: uploads are refused); maxUpload bounds one.
	blobs     blob.Store
	maxUpload int64
}

// Option configures a Service.
type Option func(*Service)

// WithEngine lets the Service run executions on e.
func WithEngine(e Engine) Option { return func(s *Service) { s.engine = e } }

// New returns a Service over s. A nil validator means DefinitionValidator.
func New(s store.Store, v Validator, opts ...Option) *Service {
	if v == nil {
		v = DefinitionValidator{}
	}
	svc := &Service{store: s, validator: v}
	for _, o := range opts {
		o(svc)
	}
	return svc
}

// Ping reports whether the database answers, for readiness checks.
func (s *Service) Ping(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		return fmt.Errorf("pinging the database: %w", err)
	}
	return nil
}

// Page is one page of a list, with the position after its last item when more items follow.
type Page[T any] struct {
	Items []T
	Next  *store.Cursor
}

// DefaultLimit and MaxLimit bound a list page.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// pageLimit normalizes a requested limit; a list asks the store for one row more than it returns
// so that it knows whether a next page exists without an empty last page.
func pageLimit(p *store.Page) (int, error) {
	switch {
	case p.Limit == 0:
		p.Limit = DefaultLimit
	case p.Limit < 0 || p.Limit > MaxLimit:
		return 0, errorf(CodeInvalidRequest, "limit must be between 1 and %d", MaxLimit)
	}
	limit := p.Limit
	p.Limit++
	return limit, nil
}

func page[T any](items []T, limit int, pos func(T) store.Cursor) Page[T] {
	if items == nil {
		items = []T{}
	}
	if len(items) <= limit {
		return Page[T]{Items: items}
	}
	items = items[:limit]
	next := pos(items[limit-1])
	return Page[T]{Items: items, Next: &next}
}

// now is the current time as the store keeps it: UTC, microsecond precision.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// after returns now, or prev plus one microsecond when the clock has not moved past prev: an
// updatedAt is an optimistic-concurrency token, so two writes must never leave the same one.
func after(prev time.Time) time.Time {
	t := now()
	if !t.After(prev) {
		t = prev.Add(time.Microsecond)
	}
	return t
}

// notFound turns a store ErrNotFound into the domain error; other errors are wrapped with doing.
func storeErr(err error, what, id, doing string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errorf(CodeNotFound, "%s %s not found", what, id)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
