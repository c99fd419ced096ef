package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
)

// RequestTypeTask is one task of a task group.
type RequestTypeTask struct {
	Key  string `json:"key" minLength:"1" maxLength:"200"`
	Name string `json:"name" minLength:"1" maxLength:"500"`
}

// RequestTypeGroup is one task group of a service-request type.
type RequestTypeGroup struct {
	Key   string            `json:"key" minLength:"1" maxLength:"200"`
	Name  string            `json:"name" minLength:"1" maxLength:"500"`
	Order int               `json:"order" required:"false" doc:"Groups of a request are shown by order; default 0."`
	Tasks []RequestTypeTask `json:"tasks" maxItems:"500"`
}

// RequestTypeConfig is what a client writes: the shape of the service-request-type examples.
type RequestTypeConfig struct {
	Type       string             `json:"type" required:"false" maxLength:"100" doc:"The key (letters, digits, '_', '.', '-'); on PUT it may be omitted and must match the path."`
	Name       string             `json:"name" minLength:"1" maxLength:"500"`
	TaskGroups []RequestTypeGroup `json:"taskGroups" maxItems:"500"`
}

// RequestType is a stored service-request type.
type RequestType struct {
	RequestTypeConfig
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func (c RequestTypeConfig) config() definition.ServiceRequestType {
	out := definition.ServiceRequestType{Type: c.Type, Name: c.Name, TaskGroups: make([]definition.TaskGroupConfig, len(c.TaskGroups))}
	for i, g := range c.TaskGroups {
		tg := definition.TaskGroupConfig{Key: g.Key, Name: g.Name, Order: g.Order, Tasks: make([]definition.TaskConfig, len(g.Tasks))}
		for j, t := range g.Tasks {
			tg.Tasks[j] = definition.TaskConfig{Key: t.Key, Name: t.Name}
		}
		out.TaskGroups[i] = tg
	}
	return out
}

func requestTypeOf(t store.ServiceRequestType) RequestType {
	var groups []definition.TaskGroupConfig
	_ = json.Unmarshal(t.TaskGroups, &groups) // the app wrote them from this shape; the column is checked JSON.
	out := RequestType{RequestTypeConfig: RequestTypeConfig{Type: t.Type, Name: t.Name, TaskGroups: make([]RequestTypeGroup, len(groups))}, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
	for i, g := range groups {
		rg := RequestTypeGroup{Key: g.Key, Name: g.Name, Order: g.Order, Tasks: make([]RequestTypeTask, len(g.Tasks))}
		for j, tc := range g.Tasks {
			rg.Tasks[j] = RequestTypeTask{Key: tc.Key, Name: tc.Name}
		}
		out.TaskGroups[i] = rg
	}
	return out
}

// RequestTypePath is the {type} of a service-request type route.
type RequestTypePath struct {
	Type string `path:"type" maxLength:"100" doc:"Service-request type key."`
}

func (p RequestTypePath) check() error {
	if !app.ValidTypeKey(p.Type) {
		return notFound("service-request type", p.Type)
	}
	return nil
}

type requestTypeOutput struct {
	Body RequestType
}

type createRequestTypeInput struct {
	Body RequestTypeConfig
}

type putRequestTypeInput struct {
	RequestTypePath
	Body RequestTypeConfig
}

type listRequestTypesOutput struct {
	Body listBody[RequestType]
}

// typePage is ListParams.page for types, whose cursor position is a type key, not a record id.
func typePage(p ListParams) (store.Page, error) {
	pg := store.Page{Limit: p.Limit, Desc: p.Order == "desc"}
	if p.Cursor == "" {
		return pg, nil
	}
	var c cursorJSON
	b, err := base64.RawURLEncoding.DecodeString(p.Cursor)
	if err != nil || json.Unmarshal(b, &c) != nil || c.T.IsZero() || !app.ValidTypeKey(c.I) {
		return store.Page{}, invalid("query.cursor", "cursor is not one this API returned")
	}
	pg.After = &store.Cursor{CreatedAt: c.T.UTC(), ID: c.I}
	return pg, nil
}

func (s *server) registerRequestTypes(api huma.API) {
	tags := []string{"Service-request types"}
	const legacy = "A configuration with duplicate group keys, or duplicate task keys in a group, or one that would leave a PUBLISHED or DEPRECATED " +
		"definition mapped to the type pointing at a group or task it no longer has, is 422 legacy_config_invalid with the issues."
	huma.Register(api, huma.Operation{
		OperationID: "createServiceRequestType", Method: http.MethodPost, Path: "/v1/service-request-types", Tags: tags,
		Summary: "Create a service-request type", Description: "A taken type key is 409 already_exists. " + legacy,
		DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxBody,
		Errors: []int{http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *createRequestTypeInput) (*requestTypeOutput, error) {
		t, err := s.app.CreateRequestType(ctx, in.Body.config())
		if err != nil {
			return nil, problemOf(err)
		}
		return &requestTypeOutput{Body: requestTypeOf(*t)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "listServiceRequestTypes", Method: http.MethodGet, Path: "/v1/service-request-types", Tags: tags,
		Summary: "List service-request types", Errors: []int{http.StatusBadRequest},
	}, func(ctx context.Context, in *ListParams) (*listRequestTypesOutput, error) {
		pg, err := typePage(*in)
		if err != nil {
			return nil, err
		}
		p, err := s.app.ListRequestTypes(ctx, pg)
		if err != nil {
			return nil, problemOf(err)
		}
		return &listRequestTypesOutput{Body: listOf(p, requestTypeOf)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "getServiceRequestType", Method: http.MethodGet, Path: "/v1/service-request-types/{type}", Tags: tags,
		Summary: "Get a service-request type", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *RequestTypePath) (*requestTypeOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		t, err := s.app.GetRequestType(ctx, in.Type)
		if err != nil {
			return nil, problemOf(err)
		}
		return &requestTypeOutput{Body: requestTypeOf(*t)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "putServiceRequestType", Method: http.MethodPut, Path: "/v1/service-request-types/{type}", Tags: tags,
		Summary:      "Replace a service-request type's name and task groups",
		Description:  "Requests already created keep their task groups. " + legacy,
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *putRequestTypeInput) (*requestTypeOutput, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		t, err := s.app.UpdateRequestType(ctx, in.Type, in.Body.config())
		if err != nil {
			return nil, problemOf(err)
		}
		return &requestTypeOutput{Body: requestTypeOf(*t)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "deleteServiceRequestType", Method: http.MethodDelete, Path: "/v1/service-request-types/{type}", Tags: tags,
		Summary:       "Delete a service-request type",
		Description:   "409 in_use while requests of the type exist or a PUBLISHED or DEPRECATED definition maps onto it.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *RequestTypePath) (*struct{}, error) {
		if err := in.check(); err != nil {
			return nil, err
		}
		if err := s.app.DeleteRequestType(ctx, in.Type); err != nil {
			return nil, problemOf(err)
		}
		return nil, nil
	})
}
