package sqlstore

import (
	"context"
	"fmt"

	"github.com/workflowbuilder/wfb/internal/store"
)

const templateCols = "id, name, description, active_version_id, created_at, updated_at"

// templateSelect reads a template with what lists show of its versions: the active one's
// semver and how many there are. Correlated subqueries keep a list page one query; both use
// an index (the versions' primary key, and the one on (workflow_template_id, ...)).
const templateSelect = "SELECT " + templateCols +
	", (SELECT v.version FROM workflow_template_versions v WHERE v.id = workflow_templates.active_version_id)" +
	", (SELECT COUNT(*) FROM workflow_template_versions v WHERE v.workflow_template_id = workflow_templates.id)" +
	" FROM workflow_templates"

func scanTemplate(r scanner, t *store.Template) error {
	return r.Scan(&t.ID, &t.Name, &t.Description, &t.ActiveVersionID,
		timeCol{&t.CreatedAt}, timeCol{&t.UpdatedAt}, &t.ActiveVersion, &t.VersionCount)
}

// CreateTemplate inserts t (a new template has no versions).
func (q querier) CreateTemplate(ctx context.Context, t *store.Template) error {
	t.CreatedAt, t.UpdatedAt = norm(t.CreatedAt), norm(t.UpdatedAt)
	t.ActiveVersion, t.VersionCount = nil, 0
	_, err := q.exec(ctx, "INSERT INTO workflow_templates ("+templateCols+") VALUES (?, ?, ?, ?, ?, ?)",
		t.ID, t.Name, t.Description, t.ActiveVersionID, q.bindTime(t.CreatedAt), q.bindTime(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("creating template %s: %w", t.ID, q.writeErr(err))
	}
	return nil
}

// GetTemplate reads one template.
func (q querier) GetTemplate(ctx context.Context, id string) (*store.Template, error) {
	var t store.Template
	err := scanTemplate(q.queryRow(ctx, templateSelect+" WHERE id = ?", id), &t)
	if err != nil {
		return nil, fmt.Errorf("getting template %s: %w", id, rowErr(err))
	}
	return &t, nil
}

// ListTemplates lists one page of templates.
func (q querier) ListTemplates(ctx context.Context, f store.TemplateFilter) ([]store.Template, error) {
	query, args := q.templatesQuery(f)
	ts, err := list(ctx, q, query, args, scanTemplate)
	if err != nil {
		return nil, fmt.Errorf("listing templates: %w", err)
	}
	return ts, nil
}

func (q querier) templatesQuery(f store.TemplateFilter) (string, []any) {
	var c conds
	if f.NameContains != "" {
		c.add("name "+q.d.ILike+` ? ESCAPE '\'`, likeContains(f.NameContains))
	}
	return q.page(templateSelect, c, f.Page)
}

// UpdateTemplate writes the mutable fields of t.
func (q querier) UpdateTemplate(ctx context.Context, t *store.Template) error {
	t.UpdatedAt = norm(t.UpdatedAt)
	n, err := q.exec(ctx, "UPDATE workflow_templates SET name = ?, description = ?, active_version_id = ?, updated_at = ? WHERE id = ?",
		t.Name, t.Description, t.ActiveVersionID, q.bindTime(t.UpdatedAt), t.ID)
	if err != nil {
		return fmt.Errorf("updating template %s: %w", t.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating template %s: %w", t.ID, store.ErrNotFound)
	}
	return nil
}

// DeleteTemplate deletes a template; its versions and links go with it.
func (q querier) DeleteTemplate(ctx context.Context, id string) error {
	n, err := q.exec(ctx, "DELETE FROM workflow_templates WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("deleting template %s: %w", id, q.deleteErr(err))
	}
	if n == 0 {
		return fmt.Errorf("deleting template %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// LockTemplate locks the template's row until the transaction ends.
func (q querier) LockTemplate(ctx context.Context, id string) error {
	var got string
	err := q.queryRow(ctx, "SELECT id FROM workflow_templates WHERE id = ?"+q.d.LockSuffix, id).Scan(&got)
	if err != nil {
		return fmt.Errorf("locking template %s: %w", id, rowErr(err))
	}
	return nil
}
