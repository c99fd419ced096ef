package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/app"
)

// Problem is every error body the API writes: an RFC 9457 problem with a stable Code, the
// request problems huma found (Errors) and, for validation_failed, the definition's Issues.
type Problem struct {
	Type     string              `json:"type,omitempty" doc:"A URI reference that identifies the problem type."`
	Title    string              `json:"title" doc:"A short summary of the HTTP status."`
	Status   int                 `json:"status" doc:"The HTTP status code."`
	Detail   string              `json:"detail,omitempty" doc:"What went wrong in this occurrence."`
	Instance string              `json:"instance,omitempty" doc:"A URI reference that identifies this occurrence."`
	Code     string              `json:"code" doc:"Stable machine-readable error code; see docs/api.md."`
	Errors   []*huma.ErrorDetail `json:"errors,omitempty" doc:"Every problem found in the request."`
	Issues   []definition.Issue  `json:"issues,omitempty" doc:"The definition's validation issues (validation_failed)."`
	// Expression says where a tried expression failed (expression_invalid, expression_failed).
	Expression *ExpressionFault `json:"expression,omitempty" doc:"JSONata's error code and position (expression_invalid, expression_failed)."`
	// headers go out with the problem (Retry-After on a 503).
	headers http.Header
}

func (p *Problem) Error() string { return p.Detail }

// GetHeaders makes huma send the problem's headers.
func (p *Problem) GetHeaders() http.Header { return p.headers }

// GetStatus is the HTTP status huma writes.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma label problems application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// Codes of problems that come from HTTP handling itself rather than from the app layer.
const (
	codeMethodNotAllowed = "method_not_allowed"
	codeBodyTooLarge     = "body_too_large"
	codeNotReady         = "not_ready"
	codeInternal         = "internal"
)

// statusOf maps every app code to its HTTP status: the only place that decides it.
var statusOf = map[app.Code]int{
	app.CodeNotFound:              http.StatusNotFound,
	app.CodeInvalidRequest:        http.StatusBadRequest,
	app.CodeConflict:              http.StatusConflict,
	app.CodeVersionNotDraft:       http.StatusConflict,
	app.CodeVersionNotPublished:   http.StatusConflict,
	app.CodeVersionActive:         http.StatusConflict,
	app.CodeStaleWrite:            http.StatusConflict,
	app.CodePreconditionRequired:  http.StatusPreconditionRequired,
	app.CodeValidationFailed:      http.StatusUnprocessableEntity,
	app.CodeTemplateHasExecutions: http.StatusConflict,
	app.CodeVersionHasExecutions:  http.StatusConflict,
	app.CodeDuplicateVersion:      http.StatusConflict,
	app.CodeDuplicateLink:         http.StatusConflict,
	app.CodeVersionDeprecated:     http.StatusConflict,
	app.CodeNoActiveVersion:       http.StatusConflict,
	app.CodeExecutionNotRunning:   http.StatusConflict,
	app.CodeStepNotFound:          http.StatusNotFound,
	app.CodeStepNotOpen:           http.StatusConflict,
	app.CodeStepNotHuman:          http.StatusConflict,
	app.CodeStepNotFailed:         http.StatusConflict,
	app.CodeOutputInvalid:         http.StatusUnprocessableEntity,
	app.CodeNotAllowed:            http.StatusForbidden,
	app.CodeEngineUnavailable:     http.StatusServiceUnavailable,
	app.CodeUnauthorized:          http.StatusUnauthorized,
	app.CodeForbidden:             http.StatusForbidden,
	app.CodeIdempotencyConflict:   http.StatusConflict,
	app.CodeAlreadyExists:         http.StatusConflict,
	app.CodeInUse:                 http.StatusConflict,
	app.CodeTaskClosed:            http.StatusConflict,
	app.CodeTaskClaimed:           http.StatusConflict,
	app.CodeBacklogFull:           http.StatusTooManyRequests,
	app.CodeLegacyConfigInvalid:   http.StatusUnprocessableEntity,
	app.CodeDatabaseUnavailable:   http.StatusServiceUnavailable,
	app.CodeExpressionInvalid:     http.StatusUnprocessableEntity,
	app.CodeExpressionFailed:      http.StatusUnprocessableEntity,
	app.CodeBodyTooLarge:          http.StatusRequestEntityTooLarge,
}

// retryAfterOf is the Retry-After (seconds) sent with the codes that mean "try again later":
// the database or the engine did not answer, or too many executions wait to run (docs/api.md,
// Errors).
var retryAfterOf = map[app.Code]string{
	app.CodeDatabaseUnavailable: "5",
	app.CodeEngineUnavailable:   "5",
	app.CodeBacklogFull:         "5",
}

// codeOfStatus names the problems huma itself raises (request validation, body limits...). A
// request huma cannot parse (400) or that breaks the operation's schema (422: wrong types,
// unknown fields, missing fields, out-of-range parameters) is invalid_request either way; the
// status tells the two apart.
func codeOfStatus(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return string(app.CodeInvalidRequest)
	case http.StatusNotFound:
		return string(app.CodeNotFound)
	case http.StatusMethodNotAllowed:
		return codeMethodNotAllowed
	case http.StatusRequestEntityTooLarge:
		return codeBodyTooLarge
	case http.StatusServiceUnavailable:
		return codeNotReady
	case http.StatusInternalServerError:
		return codeInternal
	}
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}

// newProblem replaces huma.NewError, so that huma's own errors carry a code too.
func newProblem(status int, msg string, errs ...error) huma.StatusError {
	p := &Problem{Status: status, Title: http.StatusText(status), Detail: msg, Code: codeOfStatus(status)}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var d huma.ErrorDetailer
		if errors.As(err, &d) {
			p.Errors = append(p.Errors, d.ErrorDetail())
		} else {
			p.Errors = append(p.Errors, &huma.ErrorDetail{Message: err.Error()})
		}
	}
	if status == 0 { // huma calls NewError(0, "") only to learn the error type for the document.
		p.Title = ""
	}
	return p
}

// problemOf turns a use case's error into the response. Errors that are not domain errors are
// logged and answered with a bare 500: their text may name tables or hosts.
func problemOf(err error) error {
	if e, ok := app.AsError(err); ok {
		status, known := statusOf[e.Code]
		if !known {
			status = http.StatusConflict
		}
		p := &Problem{Status: status, Title: http.StatusText(status), Detail: e.Message, Code: string(e.Code), Issues: e.Issues}
		if after, ok := retryAfterOf[e.Code]; ok {
			p.headers = http.Header{"Retry-After": {after}}
		}
		if f := e.Expression; f != nil {
			p.Expression = &ExpressionFault{Code: f.Code, Token: f.Token}
			if f.Position >= 0 {
				pos := f.Position
				p.Expression.Position = &pos
			}
		}
		for _, d := range e.Details {
			p.Errors = append(p.Errors, &huma.ErrorDetail{Location: "body.outputData", Message: d})
		}
		for _, f := range e.Fields {
			p.Errors = append(p.Errors, &huma.ErrorDetail{Location: f.Location, Message: f.Message})
		}
		return p
	}
	slog.Error("request failed", "err", err)
	return &Problem{Status: http.StatusInternalServerError, Title: http.StatusText(http.StatusInternalServerError), Detail: "internal error; see the server log", Code: codeInternal}
}

// invalid is an invalid_request problem about one request field.
func invalid(location, msg string) error {
	return &Problem{
		Status: http.StatusBadRequest, Title: http.StatusText(http.StatusBadRequest), Detail: msg,
		Code: string(app.CodeInvalidRequest), Errors: []*huma.ErrorDetail{{Location: location, Message: msg}},
	}
}

// notFound answers a malformed id the same as an unknown one, without asking the database.
func notFound(what, id string) error {
	return &Problem{Status: http.StatusNotFound, Title: http.StatusText(http.StatusNotFound), Detail: what + " " + id + " not found", Code: string(app.CodeNotFound)}
}

// writeProblem writes p outside huma (unknown routes, panics).
func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p) // the client went away; nothing to do.
}

// writeHumaProblem writes p from a middleware, which has no handler to return it from: its status,
// its headers and its body as it is, code included (huma.WriteErr would rebuild the body from
// the status alone).
func writeHumaProblem(api huma.API, ctx huma.Context, p *Problem) {
	for k, vs := range p.headers {
		for _, v := range vs {
			ctx.AppendHeader(k, v)
		}
	}
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(p.Status)
	if err := api.Marshal(ctx.BodyWriter(), "application/json", p); err != nil {
		slog.Warn("writing a problem", "code", p.Code, "err", err)
	}
}
