package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/examples"
)

// ExampleSummary is one of the example definitions shipped with wfb (the repository's
// examples/ folder, embedded in the binary).
type ExampleSummary struct {
	Name        string `json:"name" doc:"The example's key, for GET /v1/examples/{name}: its file name without .json."`
	Title       string `json:"title" doc:"The definition's own name."`
	Description string `json:"description" doc:"What the example shows."`
	File        string `json:"file" doc:"Its path in the repository, e.g. examples/linear-confirm.json."`
}

type listExamplesOutput struct {
	Body struct {
		Items []ExampleSummary `json:"items"`
	}
}

type examplePath struct {
	Name string `path:"name" maxLength:"100" doc:"The example's name, from GET /v1/examples."`
}

// exampleOutput answers the file's bytes as they are (huma writes a []byte body unchanged).
type exampleOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (s *server) registerExamples(api huma.API) {
	tags := []string{"Examples"}
	huma.Register(api, huma.Operation{
		OperationID: "listExamples", Method: http.MethodGet, Path: "/v1/examples", Tags: tags,
		Summary:     "List the example definitions",
		Description: "The example definitions shipped with this build, ordered by name, to start a version from (all of them at once: there are few).",
	}, func(context.Context, *struct{}) (*listExamplesOutput, error) {
		out := &listExamplesOutput{}
		out.Body.Items = []ExampleSummary{}
		for _, e := range examples.All() {
			out.Body.Items = append(out.Body.Items, ExampleSummary{Name: e.Name, Title: e.Title, Description: e.Description, File: e.File})
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getExample", Method: http.MethodGet, Path: "/v1/examples/{name}", Tags: tags,
		Summary:     "Get an example definition",
		Description: "The definition document itself, as the file holds it: send it as a version's definition.",
		Errors:      []int{http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {
			Description: "The definition",
			Content:     map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Type: huma.TypeObject}}},
		}},
	}, func(_ context.Context, in *examplePath) (*exampleOutput, error) {
		e, ok := examples.Get(in.Name)
		if !ok {
			return nil, notFound("example", in.Name)
		}
		return &exampleOutput{ContentType: "application/json", Body: e.Definition}, nil
	})
}
