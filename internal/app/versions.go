package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/Masterminds/semver/v3"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Version is a stored version plus whether it is its template's active version.
type Version struct {
	store.Version
	Active bool
}

// VersionInput is what a client sets when creating a version. Definition and StarterVersionID
// are exclusive; with neither, the draft starts from NewDefinition.
type VersionInput struct {
	Version          string
	VersionNote      *string
	Definition       json.RawMessage
	StarterVersionID *string
}

// VersionPatch changes the fields of a draft that are set; an empty VersionNote clears it.
type VersionPatch struct {
	VersionNote *string
	Definition  json.RawMessage
}

// NewDefinition is the definition of a draft created without one: a start step joined to an end
// step, the smallest graph that passes validation, so an editor has something to draw on.
func NewDefinition(name string) json.RawMessage {
	def := map[string]any{
		"id":   "workflow",
		"name": name,
		"steps": []map[string]string{
			{"id": "start", "type": "start", "name": "Start"},
			{"id": "end", "type": "end", "name": "End"},
		},
		"stepTransitions": []map[string]string{{"id": "start-end", "fromStepId": "start", "toStepId": "end"}},
	}
	b, _ := json.Marshal(def) // marshaling maps of strings cannot fail.
	return b
}

// isAbsent reports whether a definition field was left out (or sent as null).
func isAbsent(def json.RawMessage) bool {
	d := bytes.TrimSpace(def)
	return len(d) == 0 || bytes.Equal(d, []byte("null"))
}

func checkEdits(note *string, def json.RawMessage) error {
	if err := checkOptional("versionNote", note); err != nil {
		return err
	}
	if isAbsent(def) {
		return nil
	}
	return checkDefinition(def)
}

// CreateVersion creates a DRAFT version of a template and returns it with its validation issues
// (a draft may be saved with errors; publishing refuses them).
func (s *Service) CreateVersion(ctx context.Context, templateID string, in VersionInput) (*Version, []definition.Issue, error) {
	if _, err := semver.StrictNewVersion(in.Version); err != nil {
		return nil, nil, errorf(CodeInvalidRequest, "version %q is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]): %v", in.Version, err)
	}
	if in.StarterVersionID != nil && !isAbsent(in.Definition) {
		return nil, nil, errorf(CodeInvalidRequest, "give either definition or starterVersionId, not both")
	}
	if err := checkEdits(in.VersionNote, in.Definition); err != nil {
		return nil, nil, err
	}
	var (
		v      *store.Version
		issues []definition.Issue
	)
	err := s.store.InTx(ctx, func(q store.Querier) error {
		if err := q.LockTemplate(ctx, templateID); err != nil {
			return storeErr(err, "template", templateID, "locking template "+templateID)
		}
		tpl, err := q.GetTemplate(ctx, templateID)
		if err != nil {
			return storeErr(err, "template", templateID, "getting template "+templateID)
		}
		def := in.Definition
		switch {
		case in.StarterVersionID != nil:
			starter, err := q.GetVersion(ctx, *in.StarterVersionID)
			if err != nil {
				return storeErr(err, "starter version", *in.StarterVersionID, "getting starter version")
			}
			if starter.TemplateID != templateID {
				return errorf(CodeInvalidRequest, "starter version %s belongs to another template", starter.ID)
			}
			def = starter.Definition
		case isAbsent(def):
			def = NewDefinition(tpl.Name)
		}
		t := now()
		v = &store.Version{
			ID: id.New(), TemplateID: templateID, Version: in.Version, VersionNote: normalizeDescription(in.VersionNote),
			Definition: def, Status: store.VersionDraft, CreatedAt: t, UpdatedAt: t,
		}
		if err := q.CreateVersion(ctx, v); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return errorf(CodeDuplicateVersion, "template %s already has version %s", templateID, in.Version)
			}
			return fmt.Errorf("creating version %s of template %s: %w", in.Version, templateID, err)
		}
		issues = s.validator.Validate(ctx, q, v.TemplateID, v.Definition)
		return s.audit(ctx, q, "version.create", "version", v.ID, nil, versionView(v))
	})
	if err != nil {
		return nil, nil, err
	}
	return &Version{Version: *v}, issues, nil
}

// GetVersion returns one version.
func (s *Service) GetVersion(ctx context.Context, versionID string) (*Version, error) {
	v, err := s.store.GetVersion(ctx, versionID)
	if err != nil {
		return nil, storeErr(err, "version", versionID, "getting version "+versionID)
	}
	tpl, err := s.store.GetTemplate(ctx, v.TemplateID)
	if err != nil {
		return nil, fmt.Errorf("getting template of version %s: %w", versionID, err)
	}
	return &Version{Version: *v, Active: isActive(tpl, v.ID)}, nil
}

func isActive(tpl *store.Template, versionID string) bool {
	return tpl.ActiveVersionID != nil && *tpl.ActiveVersionID == versionID
}

// ListVersions returns one page of a template's versions (f.TemplateID must be set).
func (s *Service) ListVersions(ctx context.Context, f store.VersionFilter) (Page[Version], error) {
	limit, err := pageLimit(&f.Page)
	if err != nil {
		return Page[Version]{}, err
	}
	tpl, err := s.store.GetTemplate(ctx, f.TemplateID)
	if err != nil {
		return Page[Version]{}, storeErr(err, "template", f.TemplateID, "getting template "+f.TemplateID)
	}
	rows, err := s.store.ListVersions(ctx, f)
	if err != nil {
		return Page[Version]{}, fmt.Errorf("listing versions of template %s: %w", f.TemplateID, err)
	}
	items := make([]Version, len(rows))
	for i, v := range rows {
		items[i] = Version{Version: v, Active: isActive(tpl, v.ID)}
	}
	return page(items, limit, func(v Version) store.Cursor { return store.Cursor{CreatedAt: v.CreatedAt, ID: v.ID} }), nil
}

// lockVersion reads a version, locks its template, and reads the version again: the second read
// is the one the lifecycle checks may trust, because no other writer of this template can change
// it until the transaction ends.
func lockVersion(ctx context.Context, q store.Querier, versionID string) (*store.Version, *store.Template, error) {
	v, err := q.GetVersion(ctx, versionID)
	if err != nil {
		return nil, nil, storeErr(err, "version", versionID, "getting version "+versionID)
	}
	if err := q.LockTemplate(ctx, v.TemplateID); err != nil {
		return nil, nil, storeErr(err, "version", versionID, "locking template "+v.TemplateID)
	}
	if v, err = q.GetVersion(ctx, versionID); err != nil {
		return nil, nil, storeErr(err, "version", versionID, "getting version "+versionID)
	}
	tpl, err := q.GetTemplate(ctx, v.TemplateID)
	if err != nil {
		return nil, nil, storeErr(err, "version", versionID, "getting template "+v.TemplateID)
	}
	return v, tpl, nil
}

func requireDraft(v *store.Version, doing string) error {
	if v.Status != store.VersionDraft {
		return errorf(CodeVersionNotDraft, "version %s is %s; only a DRAFT can be %s", v.ID, v.Status, doing)
	}
	return nil
}

// checkFresh compares the client's token with the stored updatedAt.
func checkFresh(v *store.Version, ifUpdatedAt time.Time) error {
	if !v.UpdatedAt.Equal(ifUpdatedAt) {
		return errorf(CodeStaleWrite, "version %s changed since it was read (updatedAt is now %s)", v.ID, v.UpdatedAt.Format(time.RFC3339Nano))
	}
	return nil
}

// write stores v only if it still carries prev as updatedAt.
func write(ctx context.Context, q store.Querier, v *store.Version, prev time.Time) error {
	if err := q.UpdateVersion(ctx, v, prev); err != nil {
		if errors.Is(err, store.ErrStale) {
			return errorf(CodeStaleWrite, "version %s changed since it was read", v.ID)
		}
		return fmt.Errorf("updating version %s: %w", v.ID, err)
	}
	return nil
}

// UpdateDraft edits a DRAFT version if its updatedAt still equals ifUpdatedAt (optimistic
// concurrency: a stale write changes nothing). A zero ifUpdatedAt is refused as
// precondition_required: a blind overwrite is exactly what the token exists to prevent.
func (s *Service) UpdateDraft(ctx context.Context, versionID string, ifUpdatedAt time.Time, p VersionPatch) (*Version, []definition.Issue, error) {
	if ifUpdatedAt.IsZero() {
		return nil, nil, errorf(CodePreconditionRequired, "editing a draft needs If-Match (its ETag) or updatedAt")
	}
	if err := checkEdits(p.VersionNote, p.Definition); err != nil {
		return nil, nil, err
	}
	var (
		v      *store.Version
		tpl    *store.Template
		issues []definition.Issue
	)
	err := s.store.InTx(ctx, func(q store.Querier) error {
		var err error
		if v, tpl, err = lockVersion(ctx, q, versionID); err != nil {
			return err
		}
		if err := requireDraft(v, "edited"); err != nil {
			return err
		}
		if err := checkFresh(v, ifUpdatedAt); err != nil {
			return err
		}
		before := versionView(v)
		if p.VersionNote != nil {
			v.VersionNote = normalizeDescription(p.VersionNote)
		}
		if !isAbsent(p.Definition) {
			v.Definition = p.Definition
		}
		prev := v.UpdatedAt
		v.UpdatedAt = after(prev)
		if err := write(ctx, q, v, prev); err != nil {
			return err
		}
		issues = s.validator.Validate(ctx, q, v.TemplateID, v.Definition)
		return s.audit(ctx, q, "version.update", "version", v.ID, before, versionView(v))
	})
	if err != nil {
		return nil, nil, err
	}
	return &Version{Version: *v, Active: isActive(tpl, v.ID)}, issues, nil
}

// DeleteDraft deletes a DRAFT version that has no executions, if its updatedAt still equals
// ifUpdatedAt.
func (s *Service) DeleteDraft(ctx context.Context, versionID string, ifUpdatedAt time.Time) error {
	if ifUpdatedAt.IsZero() {
		return errorf(CodePreconditionRequired, "deleting a draft needs If-Match (its ETag)")
	}
	return s.store.InTx(ctx, func(q store.Querier) error {
		v, _, err := lockVersion(ctx, q, versionID)
		if err != nil {
			return err
		}
		if err := requireDraft(v, "deleted"); err != nil {
			return err
		}
		n, err := q.CountExecutions(ctx, store.ExecutionFilter{VersionID: versionID})
		if err != nil {
			return fmt.Errorf("counting executions of version %s: %w", versionID, err)
		}
		if n > 0 {
			return errorf(CodeVersionHasExecutions, "version %s has %d execution(s) and cannot be deleted", versionID, n)
		}
		if err := checkFresh(v, ifUpdatedAt); err != nil {
			return err
		}
		switch err := q.DeleteVersion(ctx, versionID, ifUpdatedAt); {
		case errors.Is(err, store.ErrStale):
			return errorf(CodeStaleWrite, "version %s changed since it was read", versionID)
		case errors.Is(err, store.ErrReferenced):
			return errorf(CodeVersionHasExecutions, "version %s has executions and cannot be deleted", versionID)
		case err != nil:
			return fmt.Errorf("deleting version %s: %w", versionID, err)
		}
		return s.audit(ctx, q, "version.delete", "version", versionID, versionView(v), nil)
	})
}

// Publish turns a DRAFT into PUBLISHED if its definition has no ERROR issue; otherwise it
// answers validation_failed with every issue. A non-zero ifUpdatedAt is checked like an edit's,
// so a client can publish exactly the draft it reviewed. by records who published; nil means the
// caller (ActorFrom).
func (s *Service) Publish(ctx context.Context, versionID string, ifUpdatedAt time.Time, by *string) (*Version, error) {
	if by == nil {
		name := ActorFrom(ctx).Name()
		by = &name
	}
	var (
		v   *store.Version
		tpl *store.Template
	)
	err := s.store.InTx(ctx, func(q store.Querier) error {
		var err error
		if v, tpl, err = lockVersion(ctx, q, versionID); err != nil {
			return err
		}
		if err := requireDraft(v, "published"); err != nil {
			return err
		}
		if !ifUpdatedAt.IsZero() {
			if err := checkFresh(v, ifUpdatedAt); err != nil {
				return err
			}
		}
		if issues := s.validator.Validate(ctx, q, v.TemplateID, v.Definition); definition.HasErrors(issues) {
			e := errorf(CodeValidationFailed, "version %s cannot be published: its definition has errors", versionID)
			e.Issues = issues
			return e
		}
		// Saved scenarios gate publishing like validation does (issue #14).
		issues, err := scenarioIssues(ctx, q, v.ID, v.Definition)
		if err != nil {
			return err
		}
		if len(issues) > 0 {
			e := errorf(CodeValidationFailed, "version %s cannot be published: %d saved scenario(s) fail", versionID, len(issues))
			e.Issues = issues
			return e
		}
		prev := v.UpdatedAt
		v.UpdatedAt = after(prev)
		published := v.UpdatedAt
		v.Status, v.PublishedAt, v.PublishedBy = store.VersionPublished, &published, by
		if err := write(ctx, q, v, prev); err != nil {
			return err
		}
		return s.audit(ctx, q, "version.publish", "version", v.ID, statusView(store.VersionDraft), versionView(v))
	})
	if err != nil {
		return nil, err
	}
	return &Version{Version: *v, Active: isActive(tpl, v.ID)}, nil
}

// Activate makes a PUBLISHED version its template's active version; the previously active one
// stays PUBLISHED. The template lock serializes concurrent activations, so exactly one wins last
// and the template always names exactly one active version. Activating the active version is a
// no-op.
func (s *Service) Activate(ctx context.Context, versionID string) (*Version, error) {
	var v *store.Version
	err := s.store.InTx(ctx, func(q store.Querier) error {
		var (
			tpl *store.Template
			err error
		)
		if v, tpl, err = lockVersion(ctx, q, versionID); err != nil {
			return err
		}
		if v.Status != store.VersionPublished {
			return errorf(CodeVersionNotPublished, "version %s is %s; only a PUBLISHED version can be activated", versionID, v.Status)
		}
		if isActive(tpl, versionID) {
			return nil
		}
		before := map[string]any{"activeVersionId": tpl.ActiveVersionID}
		tpl.ActiveVersionID = &v.ID
		tpl.UpdatedAt = after(tpl.UpdatedAt)
		if err := q.UpdateTemplate(ctx, tpl); err != nil {
			return fmt.Errorf("activating version %s: %w", versionID, err)
		}
		return s.audit(ctx, q, "version.activate", "version", v.ID, before,
			map[string]any{"activeVersionId": v.ID, "workflowTemplateId": tpl.ID})
	})
	if err != nil {
		return nil, err
	}
	return &Version{Version: *v, Active: true}, nil
}

// Deprecate turns a PUBLISHED version that is not active into DEPRECATED.
func (s *Service) Deprecate(ctx context.Context, versionID string) (*Version, error) {
	var v *store.Version
	err := s.store.InTx(ctx, func(q store.Querier) error {
		var (
			tpl *store.Template
			err error
		)
		if v, tpl, err = lockVersion(ctx, q, versionID); err != nil {
			return err
		}
		if v.Status != store.VersionPublished {
			return errorf(CodeVersionNotPublished, "version %s is %s; only a PUBLISHED version can be deprecated", versionID, v.Status)
		}
		if isActive(tpl, versionID) {
			return errorf(CodeVersionActive, "version %s is the active version; activate another one first", versionID)
		}
		prev := v.UpdatedAt
		v.UpdatedAt = after(prev)
		v.Status = store.VersionDeprecated
		if err := write(ctx, q, v, prev); err != nil {
			return err
		}
		return s.audit(ctx, q, "version.deprecate", "version", v.ID, statusView(store.VersionPublished), statusView(v.Status))
	})
	if err != nil {
		return nil, err
	}
	return &Version{Version: *v}, nil
}

// versionView is what the audit log records of a version: its identity, status and note, and a
// digest of its definition (which may be megabytes) that tells saves apart.
func versionView(v *store.Version) map[string]any {
	return map[string]any{
		"workflowTemplateId": v.TemplateID, "version": v.Version, "status": v.Status,
		"versionNote": v.VersionNote, "publishedBy": v.PublishedBy, "definitionSha256": definitionDigest(v.Definition),
	}
}

func statusView(st store.VersionStatus) map[string]any { return map[string]any{"status": st} }
