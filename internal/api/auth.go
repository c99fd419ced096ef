package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
)

// bearerScheme is the name of the security scheme in the OpenAPI document.
const bearerScheme = "bearer"

// authenticator is the one place requests are authenticated and authorized: a huma middleware,
// so it sees the operation the request matched and looks its rule up in accessRules.
type authenticator struct {
	api    huma.API
	app    *app.Service
	noAuth bool
}

// middleware authenticates the request's bearer token, checks the operation's rule, and puts
// the actor in the context for the use cases (and their audit entries). With noAuth every
// request acts as app.SystemActor.
func (a *authenticator) middleware(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	rule, ok := accessOf(op.Method, op.Path)
	if !ok {
		slog.Error("operation has no access rule; refusing it", "method", op.Method, "path", op.Path)
		a.refuse(ctx, http.StatusForbidden, "this operation has no access rule")
		return
	}
	if rule.public {
		next(ctx)
		return
	}
	actor := app.SystemActor
	if !a.noAuth {
		token, ok := bearerToken(ctx.Header("Authorization"))
		if !ok {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="wfb"`)
			a.refuse(ctx, http.StatusUnauthorized, "send an API key: Authorization: Bearer <token>")
			return
		}
		var err error
		if actor, err = a.app.Authenticate(ctx.Context(), token); err != nil {
			if app.CodeOf(err) == app.CodeUnauthorized {
				ctx.SetHeader("WWW-Authenticate", `Bearer realm="wfb", error="invalid_token"`)
			}
			a.writeProblem(ctx, problemOf(err))
			return
		}
	}
	if !rule.allows(actor.Role) {
		a.refuse(ctx, http.StatusForbidden, "a key of role "+string(actor.Role)+" may not call "+op.Method+" "+op.Path+
			"; roles allowed: "+strings.Join(rule.roleNames(), ", "))
		return
	}
	next(huma.WithContext(ctx, app.WithActor(ctx.Context(), actor)))
}

// bearerToken reads "Bearer <token>" (the scheme is case-insensitive, RFC 9110 §11.1).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// refuse answers with a problem whose code is the status's (unauthorized, forbidden).
func (a *authenticator) refuse(ctx huma.Context, status int, detail string) {
	a.writeProblem(ctx, newProblem(status, detail))
}

func (a *authenticator) writeProblem(ctx huma.Context, err error) {
	p, ok := err.(*Problem)
	if !ok {
		p = newProblem(http.StatusInternalServerError, "internal error; see the server log").(*Problem)
	}
	writeHumaProblem(a.api, ctx, p)
}

// documentAccess writes an operation's rule into the OpenAPI document as it is registered: the
// bearer requirement (none for public operations), the roles as x-roles, and a line of the
// description.
func documentAccess(oapi *huma.OpenAPI, op *huma.Operation) {
	if oapi.Components.SecuritySchemes == nil {
		oapi.Components.SecuritySchemes = map[string]*huma.SecurityScheme{}
	}
	oapi.Components.SecuritySchemes[bearerScheme] = &huma.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "wfb_<prefix>_<secret>",
		Description: "An API key, created with `wfb keys create` or `POST /v1/api-keys` (the first admin key is printed by `wfb serve` and `wfb api` on an empty database).",
	}
	rule, ok := accessOf(op.Method, op.Path)
	if op.Extensions == nil {
		op.Extensions = map[string]any{}
	}
	switch {
	case !ok:
		op.Extensions["x-roles"] = []string{}
		op.Description = strings.TrimSpace(op.Description + "\n\nAccess: no rule; refused.")
	case rule.public:
		op.Security = []map[string][]string{}
		op.Extensions["x-roles"] = []string{"public"}
		op.Description = strings.TrimSpace(op.Description + "\n\nAccess: public, no API key.")
	default:
		op.Security = []map[string][]string{{bearerScheme: {}}}
		op.Extensions["x-roles"] = rule.roleNames()
		op.Description = strings.TrimSpace(op.Description + "\n\nRoles: " + strings.Join(rule.roleNames(), ", ") + ".")
		documentRefusals(op)
	}
}

// documentRefusals adds the 401 and 403 answers every protected operation may give, with the
// problem schema its other errors already use.
func documentRefusals(op *huma.Operation) {
	var problem *huma.Response
	for status, r := range op.Responses {
		if status >= "400" && r.Content != nil {
			problem = r
			break
		}
	}
	if problem == nil {
		return
	}
	for status, why := range map[string]string{
		"401": "No valid API key: missing, unknown or revoked (code unauthorized).",
		"403": "The key's role may not call this operation (code forbidden).",
	} {
		if _, ok := op.Responses[status]; !ok {
			op.Responses[status] = &huma.Response{Description: why, Content: problem.Content}
		}
	}
}
