package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/id"
)

type validationOutput struct {
	Body definition.Result
}

type validateDefinitionInput struct {
	WorkflowTemplateID string          `query:"workflowTemplateId" doc:"The template the definition is for; enables SUB_WORKFLOW_NO_CYCLE."`
	Body               json.RawMessage `doc:"The definition document, a JSON object (what is not a valid definition gets DEFINITION_SHAPE issues)."`
}

type schemaOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (s *server) registerValidation(api huma.API) {
	tags := []string{"Validation"}
	huma.Register(api, huma.Operation{
		OperationID: "validateDefinition", Method: http.MethodPost, Path: "/v1/definitions/validate", Tags: tags,
		Summary:      "Validate a definition without saving it",
		Description:  "Runs every rule of SPEC §4, including the ones that read stored versions. Always 200: the answer says whether the definition is valid.",
		MaxBodyBytes: MaxDefinitionBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge},
	}, func(ctx context.Context, in *validateDefinitionInput) (*validationOutput, error) {
		if in.WorkflowTemplateID != "" && !id.Valid(in.WorkflowTemplateID) {
			return nil, notFound("template", in.WorkflowTemplateID)
		}
		issues := s.app.ValidateDefinition(ctx, in.WorkflowTemplateID, in.Body)
		return &validationOutput{Body: definition.NewResult(issues)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getVersionValidation", Method: http.MethodGet, Path: "/v1/versions/{id}/validation", Tags: tags,
		Summary: "Validate a stored version as publishing would", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *VersionPath) (*validationOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		issues, err := s.app.ValidateVersion(ctx, in.ID)
		if err != nil {
			return nil, problemOf(err)
		}
		return &validationOutput{Body: definition.NewResult(issues)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getDefinitionSchema", Method: http.MethodGet, Path: "/v1/schemas/definition", Tags: tags,
		Summary: "The JSON Schema (2020-12) of the definition language, for editors",
		Responses: map[string]*huma.Response{"200": {
			Description: "The schema",
			Content:     map[string]*huma.MediaType{"application/schema+json": {Schema: &huma.Schema{Type: huma.TypeObject}}},
		}},
	}, func(context.Context, *struct{}) (*schemaOutput, error) {
		return &schemaOutput{ContentType: "application/schema+json", Body: definition.Schema()}, nil
	})
}
