package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/store"
)

// EventAnswer is what POST /v1/events answers, the same for the first event under a key and
// every retry of it.
type EventAnswer struct {
	EventID   string     `json:"eventId" doc:"The event recorded under the idempotency key."`
	Execution *Execution `json:"execution" doc:"The execution the event started; null when the entity has no link."`
}

type eventInput struct {
	Body struct {
		Type           string          `json:"type" enum:"service_request.created,product.purchased" doc:"service_request.created looks up the SERVICE_CATALOG link of entityId, product.purchased the PRODUCT link."`
		EntityID       string          `json:"entityId" minLength:"1" maxLength:"200"`
		IdempotencyKey string          `json:"idempotencyKey" minLength:"1" maxLength:"200" doc:"Every event sent under one key answers with the first one's execution."`
		Context        json.RawMessage `json:"context,omitempty" doc:"The execution's initial context, a JSON object; default {}."`
	}
}

type eventOutput struct {
	Body EventAnswer
}

func (s *server) registerEvents(api huma.API) {
	huma.Register(api, huma.Operation{
		OperationID: "sendEvent", Method: http.MethodPost, Path: "/v1/events", Tags: []string{"Events"},
		Summary: "Send a trigger event",
		Description: "The link of the event's entity decides the template; its active version starts with context. 200 whether or not it started one " +
			"(`execution` is null when the entity has no link). The same idempotencyKey always answers with the same execution, however many times and however " +
			"concurrently it is sent; the same key with a different type, entityId or context is 409 idempotency_conflict. A link whose template has no active " +
			"version is 409 no_active_version, and nothing is recorded.",
		MaxBodyBytes: MaxBody,
		Errors:       []int{http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable},
	}, func(ctx context.Context, in *eventInput) (*eventOutput, error) {
		res, err := s.app.HandleEvent(ctx, app.EventInput{
			Type: store.TriggerType(in.Body.Type), EntityID: in.Body.EntityID, IdempotencyKey: in.Body.IdempotencyKey, Context: in.Body.Context,
		})
		if err != nil {
			return nil, problemOf(err)
		}
		out := &eventOutput{Body: EventAnswer{EventID: res.Event.ID}}
		if res.Execution != nil {
			ex := executionOf(*res.Execution)
			out.Body.Execution = &ex
		}
		return out, nil
	})
}
