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

// Link says which template an entity (a service-catalog entry or a product) starts.
type Link struct {
	ID                 string           `json:"id"`
	WorkflowTemplateID string           `json:"workflowTemplateId"`
	EntityType         store.EntityType `json:"entityType" enum:"SERVICE_CATALOG,PRODUCT"`
	EntityID           string           `json:"entityId"`
	CreatedAt          time.Time        `json:"createdAt"`
}

func linkOf(l store.Link) Link {
	return Link{ID: l.ID, WorkflowTemplateID: l.TemplateID, EntityType: l.EntityType, EntityID: l.EntityID, CreatedAt: l.CreatedAt}
}

type linkOutput struct {
	Body Link
}

type createLinkInput struct {
	Body struct {
		WorkflowTemplateID string `json:"workflowTemplateId" minLength:"1" maxLength:"100"`
		EntityType         string `json:"entityType" enum:"SERVICE_CATALOG,PRODUCT"`
		EntityID           string `json:"entityId" minLength:"1" maxLength:"200"`
	}
}

type updateLinkInput struct {
	LinkPath
	Body struct {
		WorkflowTemplateID *string `json:"workflowTemplateId,omitempty" minLength:"1" maxLength:"100" doc:"The template the entity starts from now on."`
		EntityType         *string `json:"entityType,omitempty" enum:"SERVICE_CATALOG,PRODUCT"`
		EntityID           *string `json:"entityId,omitempty" minLength:"1" maxLength:"200"`
	}
}

type listLinksInput struct {
	ListParams
	TemplateID string `query:"templateId" maxLength:"100" doc:"Only links of this template."`
	EntityType string `query:"entityType" enum:"SERVICE_CATALOG,PRODUCT" doc:"Only links of this entity type."`
	EntityID   string `query:"entityId" maxLength:"200" doc:"Only links of this entity id."`
}

type listLinksOutput struct {
	Body listBody[Link]
}

// LinkPath is the {id} of a link route.
type LinkPath struct {
	ID string `path:"id" doc:"Link id."`
}

func (s *server) registerLinks(api huma.API) {
	tags := []string{"Links"}
	huma.Register(api, huma.Operation{
		OperationID: "createLink", Method: http.MethodPost, Path: "/v1/links", Tags: tags,
		Summary:       "Link an entity to a template",
		Description:   "An entity (entityType, entityId) starts at most one template: linking it again is 409 duplicate_link.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *createLinkInput) (*linkOutput, error) {
		if !id.Valid(in.Body.WorkflowTemplateID) {
			return nil, notFound("template", in.Body.WorkflowTemplateID)
		}
		l, err := s.app.CreateLink(ctx, app.LinkInput{TemplateID: in.Body.WorkflowTemplateID, EntityType: store.EntityType(in.Body.EntityType), EntityID: in.Body.EntityID})
		if err != nil {
			return nil, problemOf(err)
		}
		return &linkOutput{Body: linkOf(*l)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listLinks", Method: http.MethodGet, Path: "/v1/links", Tags: tags,
		Summary: "List links", Errors: []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *listLinksInput) (*listLinksOutput, error) {
		pg, err := in.page()
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListLinks(ctx, store.LinkFilter{Page: pg, TemplateID: in.TemplateID, EntityType: store.EntityType(in.EntityType), EntityID: in.EntityID})
		if err != nil {
			return nil, problemOf(err)
		}
		return &listLinksOutput{Body: listOf(p, linkOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getLink", Method: http.MethodGet, Path: "/v1/links/{id}", Tags: tags,
		Summary: "Get a link", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *LinkPath) (*linkOutput, error) {
		if !id.Valid(in.ID) {
			return nil, notFound("link", in.ID)
		}
		l, err := s.app.GetLink(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &linkOutput{Body: linkOf(*l)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "updateLink", Method: http.MethodPatch, Path: "/v1/links/{id}", Tags: tags,
		Summary:      "Change a link's template or entity",
		Description:  "One atomic change: the entity is never without its link nor linked twice. Absent fields stay; the rules are createLink's (the template must exist; an entity another link has is 409 duplicate_link).",
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *updateLinkInput) (*linkOutput, error) {
		if !id.Valid(in.ID) {
			return nil, notFound("link", in.ID)
		}
		p := app.LinkPatch{TemplateID: in.Body.WorkflowTemplateID, EntityID: in.Body.EntityID}
		if t := in.Body.WorkflowTemplateID; t != nil && !id.Valid(*t) {
			return nil, notFound("template", *t)
		}
		if in.Body.EntityType != nil {
			et := store.EntityType(*in.Body.EntityType)
			p.EntityType = &et
		}
		l, err := s.app.UpdateLink(ctx, in.ID, p)
		if err != nil {
			return nil, problemOf(err)
		}
		return &linkOutput{Body: linkOf(*l)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "deleteLink", Method: http.MethodDelete, Path: "/v1/links/{id}", Tags: tags,
		Summary: "Delete a link", DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *LinkPath) (*struct{}, error) {
		if !id.Valid(in.ID) {
			return nil, notFound("link", in.ID)
		}
		if err := s.app.DeleteLink(ctx, in.ID); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})
}
