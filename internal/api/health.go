package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

type healthOutput struct {
	Body struct {
		Status string `json:"status" example:"ok" doc:"ok when the process serves requests"`
	}
}

type readyOutput struct {
	Body struct {
		Status string            `json:"status" example:"ready"`
		Checks map[string]string `json:"checks" doc:"each dependency and ok"`
	}
}

func (s *server) registerHealth(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "healthz", Method: http.MethodGet, Path: "/healthz", Tags: []string{"Health"},
		Summary: "Liveness: the process is up",
	}, func(context.Context, *struct{}) (*healthOutput, error) {
		out := &healthOutput{}
		out.Body.Status = "ok"
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "readyz", Method: http.MethodGet, Path: "/readyz", Tags: []string{"Health"},
		Summary:     "Readiness: the database (and Temporal, where the process runs the engine) answers",
		Description: "503 with code not_ready and one entry per failing dependency in errors.",
		Errors:      []int{http.StatusServiceUnavailable},
	}, func(ctx context.Context, _ *struct{}) (*readyOutput, error) {
		out := &readyOutput{}
		out.Body.Status = "ready"
		out.Body.Checks = map[string]string{}
		var failed []error
		for _, c := range s.ready {
			if err := c.Check(ctx); err != nil {
				failed = append(failed, &huma.ErrorDetail{Location: c.Name, Message: err.Error()})
				continue
			}
			out.Body.Checks[c.Name] = "ok"
		}
		if len(failed) > 0 {
			return nil, newProblem(http.StatusServiceUnavailable, "not ready", failed...)
		}
		return out, nil
	})
}
