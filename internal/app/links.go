package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// LinkInput says which template an entity starts.
type LinkInput struct {
	TemplateID string
	EntityType store.EntityType
	EntityID   string
}

// CreateLink links an entity to a template. An entity starts at most one template, so linking it
// again (to any template) is duplicate_link.
func (s *Service) CreateLink(ctx context.Context, in LinkInput) (*store.Link, error) {
	if err := checkEntity(in); err != nil {
		return nil, err
	}
	var l *store.Link
	err := s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.LockTemplate(ctx, in.TemplateID); err != nil {
			return storeErr(err, "template", in.TemplateID, "locking template "+in.TemplateID)
		}
		switch existing, err := q.GetLinkByEntity(ctx, in.EntityType, in.EntityID); {
		case err == nil:
			return duplicateLink(in, existing.TemplateID)
		case !errors.Is(err, store.ErrNotFound):
			return fmt.Errorf("looking up the link of %s %s: %w", in.EntityType, in.EntityID, err)
		}
		l = &store.Link{ID: id.New(), TemplateID: in.TemplateID, EntityType: in.EntityType, EntityID: in.EntityID, CreatedAt: now()}
		if err := q.CreateLink(ctx, l); err != nil {
			// Two links of one entity to different templates lock different templates, so
			// the unique constraint is what decides between them.
			if errors.Is(err, store.ErrDuplicate) {
				return duplicateLink(in, "")
			}
			return fmt.Errorf("creating link of %s %s: %w", in.EntityType, in.EntityID, err)
		}
		return s.audit(ctx, q, "link.create", "link", l.ID, nil, linkView(l))
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// checkEntity checks the entity a link names.
func checkEntity(in LinkInput) error {
	switch in.EntityType {
	case store.EntityServiceCatalog, store.EntityProduct:
	default:
		return errorf(CodeInvalidRequest, "entityType must be %s or %s", store.EntityServiceCatalog, store.EntityProduct)
	}
	if strings.TrimSpace(in.EntityID) == "" {
		return errorf(CodeInvalidRequest, "entityId must not be empty")
	}
	return checkText("entityId", in.EntityID)
}

// LinkPatch is what UpdateLink changes; nil fields stay.
type LinkPatch struct {
	TemplateID *string
	EntityType *store.EntityType
	EntityID   *string
}

// UpdateLink points a link at another template or entity in one transaction, so the entity is
// never without its link nor linked twice. The rules are CreateLink's: the template must exist
// and an entity starts at most one template (duplicate_link when another link has it).
func (s *Service) UpdateLink(ctx context.Context, linkID string, p LinkPatch) (*store.Link, error) {
	var l *store.Link
	err := s.store.InTx(ctx, func(q store.Querier) error {
		var err error
		if l, err = q.GetLink(ctx, linkID); err != nil {
			return storeErr(err, "link", linkID, "getting link "+linkID)
		}
		before := linkView(l)
		in := LinkInput{TemplateID: l.TemplateID, EntityType: l.EntityType, EntityID: l.EntityID}
		if p.TemplateID != nil {
			in.TemplateID = *p.TemplateID
		}
		if p.EntityType != nil {
			in.EntityType = *p.EntityType
		}
		if p.EntityID != nil {
			in.EntityID = *p.EntityID
		}
		if err := checkEntity(in); err != nil {
			return err
		}
		if in == (LinkInput{TemplateID: l.TemplateID, EntityType: l.EntityType, EntityID: l.EntityID}) {
			return nil // nothing changes, so nothing is written or audited
		}
		// Locked like CreateLink, so the template cannot be deleted under the new link.
		if err := q.LockTemplate(ctx, in.TemplateID); err != nil {
			return storeErr(err, "template", in.TemplateID, "locking template "+in.TemplateID)
		}
		switch existing, err := q.GetLinkByEntity(ctx, in.EntityType, in.EntityID); {
		case err == nil && existing.ID != l.ID:
			return duplicateLink(in, existing.TemplateID)
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return fmt.Errorf("looking up the link of %s %s: %w", in.EntityType, in.EntityID, err)
		}
		l.TemplateID, l.EntityType, l.EntityID = in.TemplateID, in.EntityType, in.EntityID
		if err := q.UpdateLink(ctx, l); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return duplicateLink(in, "")
			}
			return storeErr(err, "link", linkID, "updating link "+linkID)
		}
		return s.audit(ctx, q, "link.update", "link", linkID, before, linkView(l))
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func duplicateLink(in LinkInput, templateID string) error {
	msg := fmt.Sprintf("%s %s is already linked", in.EntityType, in.EntityID)
	if templateID != "" {
		msg += " to template " + templateID
	}
	return &Error{Code: CodeDuplicateLink, Message: msg}
}

// GetLink returns one link.
func (s *Service) GetLink(ctx context.Context, linkID string) (*store.Link, error) {
	l, err := s.store.GetLink(ctx, linkID)
	if err != nil {
		return nil, storeErr(err, "link", linkID, "getting link "+linkID)
	}
	return l, nil
}

// ListLinks returns one page of links.
func (s *Service) ListLinks(ctx context.Context, f store.LinkFilter) (Page[store.Link], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[store.Link]{}, err
	}
	items, err := s.store.ListLinks(ctx, f)
	if err != nil {
		return Page[store.Link]{}, fmt.Errorf("listing links: %w", err)
	}
	return page(items, limit, func(l store.Link) store.Cursor { return store.Cursor{CreatedAt: l.CreatedAt, ID: l.ID} }), nil
}

// DeleteLink removes a link; the entity then starts nothing.
func (s *Service) DeleteLink(ctx context.Context, linkID string) error {
	return s.store.InTx(ctx, func(q store.Querier) error {
		l, err := q.GetLink(ctx, linkID)
		if err != nil {
			return storeErr(err, "link", linkID, "getting link "+linkID)
		}
		if err := q.DeleteLink(ctx, linkID); err != nil {
			return storeErr(err, "link", linkID, "deleting link "+linkID)
		}
		return s.audit(ctx, q, "link.delete", "link", linkID, linkView(l), nil)
	})
}

// linkView is what the audit log records of a link.
func linkView(l *store.Link) map[string]any {
	return map[string]any{"workflowTemplateId": l.TemplateID, "entityType": l.EntityType, "entityId": l.EntityID}
}
