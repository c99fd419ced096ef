package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// typeKeyShape is what a service-request type key may look like: it is a path segment of the
// API and the entityId of its SERVICE_CATALOG link, so it stays URL-safe.
var typeKeyShape = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`)

// CreateRequestType stores a new service-request type. Its configuration must be well-formed
// (invalid_request), free of duplicate keys, and keep every PUBLISHED or DEPRECATED definition
// mapped to the type valid (both legacy_config_invalid, with the issues). A taken key is
// already_exists.
func (s *Service) CreateRequestType(ctx context.Context, cfg definition.ServiceRequestType) (*store.ServiceRequestType, error) {
	groups, err := checkRequestType(cfg)
	if err != nil {
		return nil, err
	}
	t := &store.ServiceRequestType{Type: cfg.Type, Name: cfg.Name, TaskGroups: groups}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := legacyBreaks(ctx, q, cfg.Type, &cfg); err != nil {
			return err
		}
		t.CreatedAt = now()
		t.UpdatedAt = t.CreatedAt
		if err := q.CreateServiceRequestType(ctx, t); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return errorf(CodeAlreadyExists, "service-request type %s already exists", cfg.Type)
			}
			return fmt.Errorf("creating service-request type %s: %w", cfg.Type, err)
		}
		return s.audit(ctx, q, "service_request_type.create", "service_request_type", t.Type, nil, cfg)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// UpdateRequestType replaces a type's name and task groups, with the checks of create.
// Requests already built from the type keep their groups.
func (s *Service) UpdateRequestType(ctx context.Context, typeKey string, cfg definition.ServiceRequestType) (*store.ServiceRequestType, error) {
	if cfg.Type == "" {
		cfg.Type = typeKey
	}
	if cfg.Type != typeKey {
		return nil, errorf(CodeInvalidRequest, "type %q in the body is not the type %q of the path; a type key cannot change", cfg.Type, typeKey)
	}
	groups, err := checkRequestType(cfg)
	if err != nil {
		return nil, err
	}
	var t *store.ServiceRequestType
	err = s.store.InTx(ctx, func(q store.Querier) error {
		old, err := q.GetServiceRequestType(ctx, typeKey)
		if err != nil {
			return storeErr(err, "service-request type", typeKey, "getting service-request type "+typeKey)
		}
		if err := legacyBreaks(ctx, q, typeKey, &cfg); err != nil {
			return err
		}
		t = &store.ServiceRequestType{Type: typeKey, Name: cfg.Name, TaskGroups: groups, CreatedAt: old.CreatedAt, UpdatedAt: after(old.UpdatedAt)}
		if err := q.UpdateServiceRequestType(ctx, t); err != nil {
			return storeErr(err, "service-request type", typeKey, "updating service-request type "+typeKey)
		}
		return s.audit(ctx, q, "service_request_type.update", "service_request_type", typeKey, requestTypeAudit(old), cfg)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// DeleteRequestType deletes a type; in_use while requests of it exist or a PUBLISHED or
// DEPRECATED definition maps onto it.
func (s *Service) DeleteRequestType(ctx context.Context, typeKey string) error {
	return s.store.InTx(ctx, func(q store.Querier) error {
		old, err := q.GetServiceRequestType(ctx, typeKey)
		if err != nil {
			return storeErr(err, "service-request type", typeKey, "getting service-request type "+typeKey)
		}
		if err := legacyBreaks(ctx, q, typeKey, nil); err != nil {
			if e, ok := AsError(err); ok && e.Code == CodeLegacyConfigInvalid {
				return &Error{Code: CodeInUse, Message: "service-request type " + typeKey + " is mapped by published definitions", Issues: e.Issues}
			}
			return err
		}
		if err := q.DeleteServiceRequestType(ctx, typeKey); err != nil {
			if errors.Is(err, store.ErrReferenced) {
				return errorf(CodeInUse, "service-request type %s has service requests", typeKey)
			}
			return storeErr(err, "service-request type", typeKey, "deleting service-request type "+typeKey)
		}
		return s.audit(ctx, q, "service_request_type.delete", "service_request_type", typeKey, requestTypeAudit(old), nil)
	})
}

// GetRequestType returns one type.
func (s *Service) GetRequestType(ctx context.Context, typeKey string) (*store.ServiceRequestType, error) {
	t, err := s.store.GetServiceRequestType(ctx, typeKey)
	if err != nil {
		return nil, storeErr(err, "service-request type", typeKey, "getting service-request type "+typeKey)
	}
	return t, nil
}

// ListRequestTypes returns one page of types, by creation time; a cursor's ID is a type key.
func (s *Service) ListRequestTypes(ctx context.Context, p store.Page) (Page[store.ServiceRequestType], error) {
	limit, err := pageLimit(&p)
	if err != nil {
		return Page[store.ServiceRequestType]{}, err
	}
	items, err := s.store.ListServiceRequestTypes(ctx, p)
	if err != nil {
		return Page[store.ServiceRequestType]{}, fmt.Errorf("listing service-request types: %w", err)
	}
	return page(items, limit, func(t store.ServiceRequestType) store.Cursor {
		return store.Cursor{CreatedAt: t.CreatedAt, ID: t.Type}
	}), nil
}

// ValidTypeKey reports whether s can be a service-request type key.
func ValidTypeKey(s string) bool { return typeKeyShape.MatchString(s) }

// checkRequestType checks a configuration's shape (invalid_request) and its keys' uniqueness
// (legacy_config_invalid: a duplicate makes the (type, group, task) a step maps to ambiguous),
// and returns the task groups as stored.
func checkRequestType(cfg definition.ServiceRequestType) (json.RawMessage, error) {
	var bad []string
	if !ValidTypeKey(cfg.Type) {
		bad = append(bad, "type must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit")
	}
	text := func(field, v string) {
		if strings.TrimSpace(v) == "" {
			bad = append(bad, field+" must not be empty")
		} else if err := checkText(field, v); err != nil {
			bad = append(bad, err.(*Error).Message)
		}
	}
	text("name", cfg.Name)
	var issues []definition.Issue
	dup := func(path, format string, args ...any) {
		info := definition.Rules[definition.RuleLegacyServiceRequestTypeGroupTaskUnique]
		issues = append(issues, definition.Issue{
			Rule: definition.RuleLegacyServiceRequestTypeGroupTaskUnique, Code: info.Code, Severity: info.Severity,
			Path: path, Message: fmt.Sprintf(format, args...),
		})
	}
	groups := map[string]int{}
	for i, g := range cfg.TaskGroups {
		at := fmt.Sprintf("taskGroups[%d]", i)
		text(at+".key", g.Key)
		text(at+".name", g.Name)
		if first, ok := groups[g.Key]; ok && g.Key != "" {
			dup(fmt.Sprintf("/taskGroups/%d/key", i), "task groups %d and %d have the same key %q", first, i, g.Key)
		}
		groups[g.Key] = i
		tasks := map[string]int{}
		for j, t := range g.Tasks {
			text(fmt.Sprintf("%s.tasks[%d].key", at, j), t.Key)
			text(fmt.Sprintf("%s.tasks[%d].name", at, j), t.Name)
			if first, ok := tasks[t.Key]; ok && t.Key != "" {
				dup(fmt.Sprintf("/taskGroups/%d/tasks/%d/key", i, j), "tasks %d and %d of task group %q have the same key %q", first, j, g.Key, t.Key)
			}
			tasks[t.Key] = j
		}
	}
	if len(bad) > 0 {
		return nil, errorf(CodeInvalidRequest, "invalid service-request type: %s", strings.Join(bad, "; "))
	}
	if len(issues) > 0 {
		return nil, &Error{Code: CodeLegacyConfigInvalid, Message: "the task groups have duplicate keys", Issues: issues}
	}
	if cfg.TaskGroups == nil {
		cfg.TaskGroups = []definition.TaskGroupConfig{}
	}
	b, err := json.Marshal(cfg.TaskGroups)
	if err != nil {
		return nil, fmt.Errorf("encoding task groups: %w", err)
	}
	return b, nil
}

// legacyBreaks runs the LEGACY_CONFIG_INVALID rules of every PUBLISHED or DEPRECATED definition
// mapped to typeKey against cfg (nil: the type is gone), so a type cannot change under the
// definitions that run on it. Drafts are checked when they are published.
func legacyBreaks(ctx context.Context, q store.Querier, typeKey string, cfg *definition.ServiceRequestType) error {
	var issues []definition.Issue
	cat := typeOverride{catalog: catalog{q: q}, typeKey: typeKey, cfg: cfg}
	err := eachRunnableVersion(ctx, q, typeKey, func(v store.Version) {
		if d, err := definition.Decode(v.Definition); err != nil || d.LegacyServiceRequestType != typeKey {
			return
		}
		for _, is := range definition.Validate(v.Definition, definition.Options{Context: ctx, Catalog: cat}) {
			if is.Code == definition.CodeLegacyConfigInvalid && is.Severity == definition.SeverityError {
				is.Message = fmt.Sprintf("%s version %s (%s) of template %s: %s", v.Status, v.ID, v.Version, v.TemplateID, is.Message)
				issues = append(issues, is)
			}
		}
	})
	if err != nil {
		return err
	}
	if len(issues) > 0 {
		return &Error{Code: CodeLegacyConfigInvalid, Message: fmt.Sprintf("the configuration breaks %d mapping(s) of definitions that run on service-request type %s", len(issues), typeKey), Issues: issues}
	}
	return nil
}

// typeOverride is the store's catalog with one service-request type replaced by the
// configuration being saved.
type typeOverride struct {
	catalog
	typeKey string
	cfg     *definition.ServiceRequestType
}

// ServiceRequestType returns the configuration being saved for its key, else the stored one.
func (c typeOverride) ServiceRequestType(ctx context.Context, typ string) (*definition.ServiceRequestType, error) {
	if typ == c.typeKey {
		return c.cfg, nil
	}
	return c.catalog.ServiceRequestType(ctx, typ)
}

// requestTypeAudit is a stored type as the audit log keeps it.
func requestTypeAudit(t *store.ServiceRequestType) map[string]any {
	return map[string]any{"type": t.Type, "name": t.Name, "taskGroups": t.TaskGroups}
}

// eachRunnableVersion calls fn with every PUBLISHED or DEPRECATED version (the ones executions run
// on) whose definition contains the JSON string name: a cheap filter before decoding, for rules
// about records that definitions name inside their JSON, where no foreign key sees them.
func eachRunnableVersion(ctx context.Context, q store.Querier, name string, fn func(v store.Version)) error {
	needle, err := json.Marshal(name)
	if err != nil {
		return fmt.Errorf("encoding %q: %w", name, err)
	}
	for _, status := range []store.VersionStatus{store.VersionPublished, store.VersionDeprecated} {
		f := store.VersionFilter{Status: status, Page: store.Page{Limit: MaxLimit}}
		for {
			vs, err := q.ListVersions(ctx, f)
			if err != nil {
				return fmt.Errorf("listing %s versions: %w", status, err)
			}
			for _, v := range vs {
				if bytes.Contains(v.Definition, needle) {
					fn(v)
				}
			}
			if len(vs) < f.Limit {
				break
			}
			f.After = &store.Cursor{CreatedAt: vs[len(vs)-1].CreatedAt, ID: vs[len(vs)-1].ID}
		}
	}
	return nil
}
