package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const linkCols = "id, workflow_template_id, entity_type, entity_id, created_at"

func scanLink(r scanner, l *store.Link) error {
	return r.Scan(&l.ID, &l.TemplateID, &l.EntityType, &l.EntityID, timeCol{&l.CreatedAt})
}

// CreateLink inserts l.
func (q querier) CreateLink(ctx context.Context, l *store.Link) error {
	l.CreatedAt = norm(l.CreatedAt)
	_, err := q.exec(ctx, "INSERT INTO workflow_template_links ("+linkCols+") VALUES (?, ?, ?, ?, ?)",
		l.ID, l.TemplateID, string(l.EntityType), l.EntityID, q.bindTime(l.CreatedAt))
	if err != nil {
		return fmt.Errorf("creating link %s: %w", l.ID, q.writeErr(err))
	}
	return nil
}

// GetLink reads one link.
func (q querier) GetLink(ctx context.Context, id string) (*store.Link, error) {
	var l store.Link
	err := scanLink(q.queryRow(ctx, "SELECT "+linkCols+" FROM workflow_template_links WHERE id = ?", id), &l)
	if err != nil {
		return nil, fmt.Errorf("getting link %s: %w", id, rowErr(err))
	}
	return &l, nil
}

// GetLinkByEntity reads the link of one entity.
func (q querier) GetLinkByEntity(ctx context.Context, entityType store.EntityType, entityID string) (*store.Link, error) {
	var l store.Link
	err := scanLink(q.queryRow(ctx, "SELECT "+linkCols+" FROM workflow_template_links WHERE entity_type = ? AND entity_id = ?",
		string(entityType), entityID), &l)
	if err != nil {
		return nil, fmt.Errorf("getting the link of %s %s: %w", entityType, entityID, rowErr(err))
	}
	return &l, nil
}

// ListLinks lists one page of links.
func (q querier) ListLinks(ctx context.Context, f store.LinkFilter) ([]store.Link, error) {
	query, args := q.linksQuery(f)
	ls, err := list(ctx, q, query, args, scanLink)
	if err != nil {
		return nil, fmt.Errorf("listing links: %w", err)
	}
	return ls, nil
}

func (q querier) linksQuery(f store.LinkFilter) (string, []any) {
	var c conds
	c.eq("workflow_template_id", f.TemplateID)
	c.eq("entity_type", string(f.EntityType))
	c.eq("entity_id", f.EntityID)
	return q.page("SELECT "+linkCols+" FROM workflow_template_links", c, f.Page)
}

// UpdateLink writes the template and entity of l (its id and created_at stay).
func (q querier) UpdateLink(ctx context.Context, l *store.Link) error {
	n, err := q.exec(ctx, "UPDATE workflow_template_links SET workflow_template_id = ?, entity_type = ?, entity_id = ? WHERE id = ?",
		l.TemplateID, string(l.EntityType), l.EntityID, l.ID)
	if err != nil {
		return fmt.Errorf("updating link %s: %w", l.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating link %s: %w", l.ID, store.ErrNotFound)
	}
	return nil
}

// DeleteLink deletes one link.
func (q querier) DeleteLink(ctx context.Context, id string) error {
	n, err := q.exec(ctx, "DELETE FROM workflow_template_links WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting link %s: %w", id, q.deleteErr(err))
	}
	if n == 0 {
		return fmt.Errorf("deleting link %s: %w", id, store.ErrNotFound)
	}
	return nil
}
