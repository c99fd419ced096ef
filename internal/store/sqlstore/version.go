package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/workflowbuilder/wfb/internal/store"
)

const versionCols = "id, workflow_template_id, version, version_note, definition, status, " +
	"created_at, updated_at, published_at, published_by"

func scanVersion(r scanner, v *store.Version) error {
	return r.Scan(&v.ID, &v.TemplateID, &v.Version, &v.VersionNote, jsonCol{&v.Definition}, &v.Status,
		timeCol{&v.CreatedAt}, timeCol{&v.UpdatedAt}, nullTimeCol{&v.PublishedAt}, &v.PublishedBy)
}

// CreateVersion inserts v.
func (q querier) CreateVersion(ctx context.Context, v *store.Version) error {
	v.CreatedAt, v.UpdatedAt, v.PublishedAt = norm(v.CreatedAt), norm(v.UpdatedAt), normPtr(v.PublishedAt)
	_, err := q.exec(ctx, "INSERT INTO workflow_template_versions ("+versionCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		v.ID, v.TemplateID, v.Version, v.VersionNote, bindJSON(v.Definition), string(v.Status),
		q.bindTime(v.CreatedAt), q.bindTime(v.UpdatedAt), q.bindTimePtr(v.PublishedAt), v.PublishedBy)
	if err != nil {
		return fmt.Errorf("creating version %s: %w", v.ID, q.writeErr(err))
	}
	return nil
}

// GetVersion reads one version.
func (q querier) GetVersion(ctx context.Context, id string) (*store.Version, error) {
	var v store.Version
	err := scanVersion(q.queryRow(ctx, "SELECT "+versionCols+" FROM workflow_template_versions WHERE id = ?", id), &v)
	if err != nil {
		return nil, fmt.Errorf("getting version %s: %w", id, rowErr(err))
	}
	return &v, nil
}

// ListVersions lists one page of versions.
func (q querier) ListVersions(ctx context.Context, f store.VersionFilter) ([]store.Version, error) {
	query, args := q.versionsQuery(f)
	vs, err := list(ctx, q, query, args, scanVersion)
	if err != nil {
		return nil, fmt.Errorf("listing versions: %w", err)
	}
	return vs, nil
}

func (q querier) versionsQuery(f store.VersionFilter) (string, []any) {
	var c conds
	c.eq("workflow_template_id", f.TemplateID)
	c.eq("status", string(f.Status))
	return q.page("SELECT "+versionCols+" FROM workflow_template_versions", c, f.Page)
}

// UpdateVersion writes the mutable fields of v if the row still has ifUpdatedAt.
func (q querier) UpdateVersion(ctx context.Context, v *store.Version, ifUpdatedAt time.Time) error {
	v.UpdatedAt, v.PublishedAt = norm(v.UpdatedAt), normPtr(v.PublishedAt)
	n, err := q.exec(ctx, "UPDATE workflow_template_versions SET version_note = ?, definition = ?, status = ?, "+
		"published_at = ?, published_by = ?, updated_at = ? WHERE id = ? AND updated_at = ?",
		v.VersionNote, bindJSON(v.Definition), string(v.Status), q.bindTimePtr(v.PublishedAt), v.PublishedBy,
		q.bindTime(v.UpdatedAt), v.ID, q.bindTime(ifUpdatedAt))
	if err != nil {
		return fmt.Errorf("updating version %s: %w", v.ID, q.writeErr(err))
	}
	if n == 0 {
		return fmt.Errorf("updating version %s: %w", v.ID, q.missOrStale(ctx, v.ID))
	}
	return nil
}

// DeleteVersion deletes a version if the row still has ifUpdatedAt.
func (q querier) DeleteVersion(ctx context.Context, id string, ifUpdatedAt time.Time) error {
	n, err := q.exec(ctx, "DELETE FROM workflow_template_versions WHERE id = ? AND updated_at = ?", id, q.bindTime(ifUpdatedAt))
	if err != nil {
		return fmt.Errorf("deleting version %s: %w", id, q.deleteErr(err))
	}
	if n == 0 {
		return fmt.Errorf("deleting version %s: %w", id, q.missOrStale(ctx, id))
	}
	return nil
}

// missOrStale says why a conditional write to a version touched no row.
func (q querier) missOrStale(ctx context.Context, id string) error {
	ok, err := q.exists(ctx, "workflow_template_versions", id)
	switch {
	case err != nil:
		return fmt.Errorf("checking the version exists: %w", err)
	case ok:
		return store.ErrStale
	}
	return store.ErrNotFound
}
