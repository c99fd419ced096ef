package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Version is a template version as the API shows it.
type Version struct {
	ID                 string              `json:"id"`
	WorkflowTemplateID string              `json:"workflowTemplateId"`
	Version            string              `json:"version" doc:"Semantic version, unique in its template."`
	VersionNote        *string             `json:"versionNote"`
	Definition         json.RawMessage     `json:"definition" doc:"The workflow definition (SPEC §3)."`
	Status             store.VersionStatus `json:"status" enum:"DRAFT,PUBLISHED,DEPRECATED"`
	Active             bool                `json:"active" doc:"Whether this is its template's active version."`
	CreatedAt          time.Time           `json:"createdAt"`
	UpdatedAt          time.Time           `json:"updatedAt" doc:"The optimistic-concurrency token of a draft, like the ETag header."`
	PublishedAt        *time.Time          `json:"publishedAt"`
	PublishedBy        *string             `json:"publishedBy"`
}

func versionOf(v app.Version) Version {
	return Version{
		ID: v.ID, WorkflowTemplateID: v.TemplateID, Version: v.Version.Version, VersionNote: v.VersionNote,
		Definition: v.Definition, Status: v.Status, Active: v.Active, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		PublishedAt: v.PublishedAt, PublishedBy: v.PublishedBy,
	}
}

// SavedVersion is a version as a save answers it: with the definition's validation issues, since
// a draft may be saved with errors that publishing will refuse.
type SavedVersion struct {
	Version
	Issues []definition.Issue `json:"issues" doc:"Validation issues of the saved definition."`
}

// etag is a version's entity tag: its updatedAt in microseconds, which every write changes.
func etag(t time.Time) string { return `"` + strconv.FormatInt(t.UnixMicro(), 10) + `"` }

// parseIfMatch reads an If-Match header made by etag. "*" and lists are refused: a draft write
// must name the one state it was based on.
func parseIfMatch(h string) (time.Time, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	if err != nil || len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return time.Time{}, invalid("header.If-Match", "If-Match must be one ETag this API returned, like \"1732590000000000\"")
	}
	return time.UnixMicro(n).UTC(), nil
}

// VersionPath is the {id} of a version route.
type VersionPath struct {
	ID string `path:"id" doc:"Version id."`
}

func (p VersionPath) check() error {
	if !id.Valid(p.ID) {
		return notFound("version", p.ID)
	}
	return nil
}

type versionOutput struct {
	ETag string `header:"ETag"`
	Body Version
}

func versionOut(v *app.Version) *versionOutput {
	return &versionOutput{ETag: etag(v.UpdatedAt), Body: versionOf(*v)}
}

type savedVersionOutput struct {
	ETag string `header:"ETag"`
	Body SavedVersion
}

func savedOut(v *app.Version, issues []definition.Issue) *savedVersionOutput {
	if issues == nil {
		issues = []definition.Issue{}
	}
	return &savedVersionOutput{ETag: etag(v.UpdatedAt), Body: SavedVersion{Version: versionOf(*v), Issues: issues}}
}

type createVersionInput struct {
	TemplatePath
	Body struct {
		Version          string          `json:"version" minLength:"1" maxLength:"100" example:"1.0.0" doc:"Semantic version (MAJOR.MINOR.PATCH)."`
		VersionNote      *string         `json:"versionNote,omitempty" maxLength:"10000"`
		Definition       json.RawMessage `json:"definition,omitempty" doc:"The definition; default: a start step joined to an end step."`
		StarterVersionID *string         `json:"starterVersionId,omitempty" doc:"Copy the definition of this version of the same template."`
	}
}

type listVersionsInput struct {
	TemplatePath
	ListParams
	Status string `query:"status" enum:"DRAFT,PUBLISHED,DEPRECATED" doc:"Only versions in this status."`
}

type listVersionsOutput struct {
	Body listBody[Version]
}

type updateVersionInput struct {
	VersionPath
	IfMatch string `header:"If-Match" doc:"The version's ETag; required unless the body has updatedAt."`
	Body    struct {
		VersionNote *string         `json:"versionNote,omitempty" maxLength:"10000" doc:"An empty string clears it."`
		Definition  json.RawMessage `json:"definition,omitempty"`
		UpdatedAt   *time.Time      `json:"updatedAt,omitempty" doc:"The updatedAt the edit is based on, instead of If-Match."`
	}
}

type deleteVersionInput struct {
	VersionPath
	IfMatch string `header:"If-Match" doc:"The version's ETag (required)."`
}

type publishVersionInput struct {
	VersionPath
	IfMatch string `header:"If-Match" doc:"Optional: publish only if the draft is still this ETag."`
}

func (s *server) registerVersions(api huma.API) {
	tags := []string{"Versions"}
	huma.Register(api, huma.Operation{
		OperationID: "createVersion", Method: http.MethodPost, Path: "/v1/templates/{id}/versions", Tags: tags,
		Summary:       "Create a draft version",
		Description:   "The definition is either given, copied from starterVersionId, or a minimal start→end graph. The answer carries the definition's validation issues.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxDefinitionBody,
		Errors: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *createVersionInput) (*savedVersionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		if in.Body.StarterVersionID != nil && !id.Valid(*in.Body.StarterVersionID) {
			return nil, notFound("starter version", *in.Body.StarterVersionID)
		}
		v, issues, err := s.app.CreateVersion(ctx, in.ID, app.VersionInput{
			Version: in.Body.Version, VersionNote: in.Body.VersionNote, Definition: in.Body.Definition, StarterVersionID: in.Body.StarterVersionID,
		})
		if err != nil {
			return nil, problemOf(err)
		}
		return savedOut(v, issues), nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listVersions", Method: http.MethodGet, Path: "/v1/templates/{id}/versions", Tags: tags,
		Summary: "List a template's versions", Errors: []int{http.StatusBadRequest, http.StatusNotFound},
	}, func(ctx context.Context, in *listVersionsInput) (*listVersionsOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListVersions(ctx, store.VersionFilter{Page: pg, TemplateID: in.ID, Status: store.VersionStatus(in.Status)})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listVersionsOutput{Body: listOf(p, versionOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getVersion", Method: http.MethodGet, Path: "/v1/versions/{id}", Tags: tags,
		Summary: "Get a version", Description: "The ETag header is the token for If-Match on PATCH and DELETE.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *VersionPath) (*versionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		v, err := s.app.GetVersion(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return versionOut(v), nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "updateVersion", Method: http.MethodPatch, Path: "/v1/versions/{id}", Tags: tags,
		Summary:      "Edit a draft",
		Description:  "Only a DRAFT (409 version_not_draft). Needs If-Match or updatedAt (428 precondition_required); a stale one is 409 stale_write and changes nothing. The answer carries the validation issues.",
		MaxBodyBytes: MaxDefinitionBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusPreconditionRequired},
	}, func(ctx context.Context, in *updateVersionInput) (*savedVersionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		token, err := parseIfMatch(in.IfMatch)
		if err != nil {
			return nil, err
		}
		if b := in.Body.UpdatedAt; b != nil {
			if !token.IsZero() && !token.Equal(*b) {
				return nil, invalid("body.updatedAt", "If-Match and updatedAt name different states; send one")
			}
			token = b.UTC()
		}
		v, issues, err := s.app.UpdateDraft(ctx, in.ID, token, app.VersionPatch{VersionNote: in.Body.VersionNote, Definition: in.Body.Definition})
		if err != nil {
			return nil, problemOf(err)
		}
		return savedOut(v, issues), nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "deleteVersion", Method: http.MethodDelete, Path: "/v1/versions/{id}", Tags: tags,
		Summary:       "Delete a draft",
		Description:   "Only a DRAFT without executions, with If-Match.",
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusPreconditionRequired},
	}, func(ctx context.Context, in *deleteVersionInput) (*struct{}, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		token, err := parseIfMatch(in.IfMatch)
		if err != nil {
			return nil, err
		}
		if err := s.app.DeleteDraft(ctx, in.ID, token); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "publishVersion", Method: http.MethodPost, Path: "/v1/versions/{id}/publish", Tags: tags,
		Summary:     "Publish a draft",
		Description: "DRAFT → PUBLISHED. Refused with 422 validation_failed, listing every issue, while the definition has an ERROR.",
		Errors:      []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *publishVersionInput) (*versionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		token, err := parseIfMatch(in.IfMatch)
		if err != nil {
			return nil, err
		}
		v, err := s.app.Publish(ctx, in.ID, token, nil)
		if err != nil {
			return nil, problemOf(err)
		}
		return versionOut(v), nil
	})

	s.registerTransition(api, "activateVersion", "activate", "Make a PUBLISHED version the template's active one", s.app.Activate)
	s.registerTransition(api, "deprecateVersion", "deprecate", "PUBLISHED → DEPRECATED (not the active version)", s.app.Deprecate)
}

func (s *server) registerTransition(api huma.API, opID, verb, summary string, do func(context.Context, string) (*app.Version, error)) {
	huma.Register(api, huma.Operation{
		OperationID: opID, Method: http.MethodPost, Path: "/v1/versions/{id}/" + verb, Tags: []string{"Versions"},
		Summary: summary, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *VersionPath) (*versionOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		v, err := do(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return versionOut(v), nil
	})
}
