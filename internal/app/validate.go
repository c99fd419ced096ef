package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// DefinitionValidator is the publish gate of SPEC §4: every rule of the definition package, with
// the store-backed ones (child versions exist, no sub-workflow cycle) reading through the
// caller's transaction.
type DefinitionValidator struct{}

// Validate returns every issue of def, a definition of template templateID.
func (DefinitionValidator) Validate(ctx context.Context, q store.Querier, templateID string, def json.RawMessage) []definition.Issue {
	issues := definition.Validate(def, definition.Options{Context: ctx, Catalog: catalog{q: q}, TemplateID: templateID})
	if issues == nil {
		issues = []definition.Issue{}
	}
	return issues
}

// catalog answers the validator's look-ups from the store.
type catalog struct{ q store.Querier }

// Version returns a stored version, or nil when there is none.
func (c catalog) Version(ctx context.Context, versionID string) (*definition.VersionInfo, error) {
	v, err := c.q.GetVersion(ctx, versionID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("getting version %s: %w", versionID, err)
	}
	info := &definition.VersionInfo{ID: v.ID, TemplateID: v.TemplateID, Status: string(v.Status)}
	if d, err := definition.Decode(v.Definition); err == nil {
		info.Definition = d // a stored draft that does not decode has no children to follow
	}
	return info, nil
}

// ServiceRequestType returns a stored service-request type's configuration, or nil when there is
// none (the LEGACY_* rules then report that the type does not exist).
func (c catalog) ServiceRequestType(ctx context.Context, typ string) (*definition.ServiceRequestType, error) {
	t, err := c.q.GetServiceRequestType(ctx, typ)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("getting service-request type %s: %w", typ, err)
	}
	out := &definition.ServiceRequestType{Type: t.Type, Name: t.Name}
	if err := json.Unmarshal(t.TaskGroups, &out.TaskGroups); err != nil {
		return nil, fmt.Errorf("decoding the task groups of service-request type %s: %w", typ, err)
	}
	return out, nil
}

// ValidateDefinition validates a definition that is not stored (the editor's check before a
// save). A non-empty templateID enables SUB_WORKFLOW_NO_CYCLE against that template. It only
// reads, so it needs no transaction.
func (s *Service) ValidateDefinition(ctx context.Context, templateID string, def json.RawMessage) []definition.Issue {
	return s.validator.Validate(ctx, s.store, templateID, def)
}

// ValidateVersion validates a stored version's definition as publishing would.
func (s *Service) ValidateVersion(ctx context.Context, versionID string) ([]definition.Issue, error) {
	v, err := s.store.GetVersion(ctx, versionID)
	if err != nil {
		return nil, storeErr(err, "version", versionID, "getting version "+versionID)
	}
	return s.validator.Validate(ctx, s.store, v.TemplateID, v.Definition), nil
}
