package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// MaxNameLength bounds template names, so a list stays readable and an index stays small.
const MaxNameLength = 200

// TemplateInput is what a client sets when creating a template.
type TemplateInput struct {
	Name        string
	Description *string
}

// TemplatePatch changes the fields that are set; an empty Description clears it.
type TemplatePatch struct {
	Name        *string
	Description *string
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errorf(CodeInvalidRequest, "name must not be empty")
	}
	if err := checkText("name", name); err != nil {
		return "", err
	}
	if len(name) > MaxNameLength {
		return "", errorf(CodeInvalidRequest, "name must be at most %d bytes", MaxNameLength)
	}
	return name, nil
}

func normalizeDescription(d *string) *string {
	if d == nil || *d == "" {
		return nil
	}
	return d
}

// CreateTemplate creates a template without versions.
func (s *Service) CreateTemplate(ctx context.Context, in TemplateInput) (*store.Template, error) {
	name, err := checkName(in.Name)
	if err != nil {
		return nil, err
	}
	if err := checkOptional("description", in.Description); err != nil {
		return nil, err
	}
	t := now()
	tpl := &store.Template{ID: id.New(), Name: name, Description: normalizeDescription(in.Description), CreatedAt: t, UpdatedAt: t}
	err = s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.CreateTemplate(ctx, tpl); err != nil {
			return storeErr(err, "template", tpl.ID, "creating template")
		}
		return s.audit(ctx, q, "template.create", "template", tpl.ID, nil, templateView(tpl))
	})
	if err != nil {
		return nil, err
	}
	return tpl, nil
}

// GetTemplate returns one template.
func (s *Service) GetTemplate(ctx context.Context, templateID string) (*store.Template, error) {
	tpl, err := s.store.GetTemplate(ctx, templateID)
	if err != nil {
		return nil, storeErr(err, "template", templateID, "getting template "+templateID)
	}
	return tpl, nil
}

// ListTemplates returns one page of templates.
func (s *Service) ListTemplates(ctx context.Context, f store.TemplateFilter) (Page[store.Template], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.Template]{}, err
	}
	items, err := s.store.ListTemplates(ctx, f)
	if err != nil {
		return Page[store.Template]{}, fmt.Errorf("listing templates: %w", err)
	}
	return page(items, limit, func(t store.Template) store.Cursor { return store.Cursor{CreatedAt: t.CreatedAt, ID: t.ID} }), nil
}

// UpdateTemplate changes a template's name or description.
func (s *Service) UpdateTemplate(ctx context.Context, templateID string, p TemplatePatch) (*store.Template, error) {
	var name string
	if p.Name != nil {
		var err error
		if name, err = checkName(*p.Name); err != nil {
			return nil, err
		}
	}
	if err := checkOptional("description", p.Description); err != nil {
		return nil, err
	}
	var tpl *store.Template
	err := s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.LockTemplate(ctx, templateID); err != nil {
			return storeErr(err, "template", templateID, "locking template "+templateID)
		}
		var err error
		if tpl, err = q.GetTemplate(ctx, templateID); err != nil {
			return storeErr(err, "template", templateID, "getting template "+templateID)
		}
		before := templateView(tpl)
		if p.Name != nil {
			tpl.Name = name
		}
		if p.Description != nil {
			tpl.Description = normalizeDescription(p.Description)
		}
		tpl.UpdatedAt = after(tpl.UpdatedAt)
		if err := q.UpdateTemplate(ctx, tpl); err != nil {
			return fmt.Errorf("updating template %s: %w", templateID, err)
		}
		return s.audit(ctx, q, "template.update", "template", templateID, before, templateView(tpl))
	})
	if err != nil {
		return nil, err
	}
	return tpl, nil
}

// DeleteTemplate deletes a template with its versions and links, unless any of its versions has
// executions (SPEC §7: the run history must stay explainable).
func (s *Service) DeleteTemplate(ctx context.Context, templateID string) error {
	return s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.LockTemplate(ctx, templateID); err != nil {
			return storeErr(err, "template", templateID, "locking template "+templateID)
		}
		n, err := q.CountExecutions(ctx, store.ExecutionFilter{TemplateID: templateID})
		if err != nil {
			return fmt.Errorf("counting executions of template %s: %w", templateID, err)
		}
		if n > 0 {
			return errorf(CodeTemplateHasExecutions, "template %s has %d execution(s) and cannot be deleted", templateID, n)
		}
		tpl, err := q.GetTemplate(ctx, templateID)
		if err != nil {
			return storeErr(err, "template", templateID, "getting template "+templateID)
		}
		if err := q.DeleteTemplate(ctx, templateID); err != nil {
			return storeErr(err, "template", templateID, "deleting template "+templateID)
		}
		return s.audit(ctx, q, "template.delete", "template", templateID, templateView(tpl), nil)
	})
}

// templateView is what the audit log records of a template.
func templateView(t *store.Template) map[string]any {
	return map[string]any{"name": t.Name, "description": t.Description, "activeVersionId": t.ActiveVersionID}
}
