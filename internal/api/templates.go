package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/id"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Template is a workflow template as the API shows it.
type Template struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	Description     *string   `json:"description"`
	ActiveVersionID *string   `json:"activeVersionId" doc:"The PUBLISHED version new executions start; null until one is activated."`
	ActiveVersion   *string   `json:"activeVersion" doc:"The active version's semantic version (e.g. 1.2.0); null when no version is active."`
	VersionCount    int       `json:"versionCount" minimum:"0" doc:"How many versions the template has, whatever their status."`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
}

func templateOf(t store.Template) Template {
	return Template{
		ID: t.ID, Name: t.Name, Description: t.Description, ActiveVersionID: t.ActiveVersionID,
		ActiveVersion: t.ActiveVersion, VersionCount: t.VersionCount, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

// TemplatePath is the {id} of a template route. (Exported because huma only reads the
// parameters of exported embedded structs.)
type TemplatePath struct {
	ID string `path:"id" doc:"Template id."`
}

func (p TemplatePath) check() error {
	if !id.Valid(p.ID) {
		return notFound("template", p.ID)
	}
	return nil
}

type templateOutput struct {
	Body Template
}

type createTemplateInput struct {
	Body struct {
		Name        string  `json:"name" minLength:"1" maxLength:"200"`
		Description *string `json:"description,omitempty" maxLength:"10000"`
	}
}

type listTemplatesInput struct {
	ListParams
	Name string `query:"name" maxLength:"200" doc:"Only templates whose name contains this text."`
}

type listTemplatesOutput struct {
	Body listBody[Template]
}

type updateTemplateInput struct {
	TemplatePath
	Body struct {
		Name        *string `json:"name,omitempty" minLength:"1" maxLength:"200"`
		Description *string `json:"description,omitempty" maxLength:"10000" doc:"An empty string clears it."`
	}
}

func (s *server) registerTemplates(api huma.API) {
	tags := []string{"Templates"}
	huma.Register(api, huma.Operation{
		OperationID: "createTemplate", Method: http.MethodPost, Path: "/v1/templates", Tags: tags,
		Summary: "Create a template", DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *createTemplateInput) (*templateOutput, error) {
		t, err := s.app.CreateTemplate(ctx, app.TemplateInput{Name: in.Body.Name, Description: in.Body.Description})
		if err != nil {
			return nil, problemOf(err)
		}
		return &templateOutput{Body: templateOf(*t)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listTemplates", Method: http.MethodGet, Path: "/v1/templates", Tags: tags,
		Summary: "List templates", Errors: []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listTemplatesInput) (*listTemplatesOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListTemplates(ctx, store.TemplateFilter{Page: pg, NameContains: in.Name})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listTemplatesOutput{Body: listOf(p, templateOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getTemplate", Method: http.MethodGet, Path: "/v1/templates/{id}", Tags: tags,
		Summary: "Get a template", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *TemplatePath) (*templateOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		t, err := s.app.GetTemplate(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &templateOutput{Body: templateOf(*t)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "updateTemplate", Method: http.MethodPatch, Path: "/v1/templates/{id}", Tags: tags,
		Summary: "Rename or describe a template", MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *updateTemplateInput) (*templateOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		t, err := s.app.UpdateTemplate(ctx, in.ID, app.TemplatePatch{Name: in.Body.Name, Description: in.Body.Description})
		if err != nil {
			return nil, problemOf(err)
		}
		return &templateOutput{Body: templateOf(*t)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "deleteTemplate", Method: http.MethodDelete, Path: "/v1/templates/{id}", Tags: tags,
		Summary:       "Delete a template with its versions and links",
		Description:   "Refused with 409 template_has_executions when any of its versions has executions.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *TemplatePath) (*struct{}, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		if err := s.app.DeleteTemplate(ctx, in.ID); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})
}
