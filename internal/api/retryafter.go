package api

import (
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/workflowbuilder/wfb/internal/app"
)

// retryAfter is the Retry-After (seconds) sent with the problems a client should retry
// later: the engine did not answer within its wait limit, or too many executions wait to run
// (docs/api.md, Errors).
var retryAfter = map[app.Code]int{
	app.CodeEngineUnavailable: 5,
	app.CodeBacklogFull:       5,
}

// withRetryAfter adds p's Retry-After header, if its code has one.
func withRetryAfter(p *Problem) error {
	if s, ok := retryAfter[app.Code(p.Code)]; ok {
		return huma.ErrorWithHeaders(p, http.Header{"Retry-After": {strconv.Itoa(s)}})
	}
	return p
}
