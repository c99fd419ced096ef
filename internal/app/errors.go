package app

import (
	"errors"
	"fmt"

	"github.com/workflowbuilder/wfb/definition"
	"github.com/workflowbuilder/wfb/internal/store"
)

// Code is the stable, machine-readable name of a domain error. Clients switch on it; the API maps
// each code to one HTTP status (see internal/api and docs/api.md), so the code set is the contract.
type Code string

// The codes. Adding one means adding its HTTP status in internal/api and a line in docs/api.md.
const (
	// CodeNotFound: the resource, or a resource the request names, does not exist.
	CodeNotFound Code = "not_found"
	// CodeInvalidRequest: the request is well-formed JSON but breaks a rule of its own
	// (a version string that is not semver, a starter version from another template...).
	CodeInvalidRequest Code = "invalid_request"
	// CodeConflict: a generic state conflict not covered by a more specific code.
	CodeConflict Code = "conflict"
	// CodeVersionNotDraft: the operation needs a DRAFT version (edit, delete, publish).
	CodeVersionNotDraft Code = "version_not_draft"
	// CodeVersionNotPublished: the operation needs a PUBLISHED version (activate, deprecate).
	CodeVersionNotPublished Code = "version_not_published"
	// CodeVersionActive: the active version cannot be deprecated.
	CodeVersionActive Code = "version_active"
	// CodeStaleWrite: the draft changed since the client read it (its ETag / updatedAt is old).
	CodeStaleWrite Code = "stale_write"
	// CodePreconditionRequired: a draft write came without If-Match (or updatedAt).
	CodePreconditionRequired Code = "precondition_required"
	// CodeValidationFailed: the definition has ERROR issues, so it cannot be published.
	CodeValidationFailed Code = "validation_failed"
	// CodeTemplateHasExecutions: a template whose versions ran cannot be deleted.
	CodeTemplateHasExecutions Code = "template_has_executions"
	// CodeVersionHasExecutions: a version that ran cannot be deleted.
	CodeVersionHasExecutions Code = "version_has_executions"
	// CodeDuplicateVersion: the version string is already used in this template.
	CodeDuplicateVersion Code = "duplicate_version"
	// CodeDuplicateLink: the entity is already linked to a template.
	CodeDuplicateLink Code = "duplicate_link"
	// CodeVersionDeprecated: a DEPRECATED version keeps running its executions but starts no
	// new one by hand.
	CodeVersionDeprecated Code = "version_deprecated"
	// CodeNoActiveVersion: a start by template id, and the template has no active version.
	CodeNoActiveVersion Code = "no_active_version"
	// CodeExecutionNotRunning: the execution is not running in the engine (it completed, was
	// cancelled, or never started).
	CodeExecutionNotRunning Code = "execution_not_running"
	// CodeStepNotFound: the execution's definition has no step with that id.
	CodeStepNotFound Code = "step_not_found"
	// CodeStepNotOpen: the step is not waiting for completion (not started yet, or done).
	CodeStepNotOpen Code = "step_not_open"
	// CodeStepNotHuman: only human steps are completed through the API.
	CodeStepNotHuman Code = "step_not_human"
	// CodeStepNotFailed: only a Failed step can be retried.
	CodeStepNotFailed Code = "step_not_failed"
	// CodeOutputInvalid: the output does not match the step's schema; Details lists why.
	CodeOutputInvalid Code = "output_invalid"
	// CodeNotAllowed: the step is assigned to someone else.
	CodeNotAllowed Code = "not_allowed"
	// CodeEngineUnavailable: this process runs no engine client, or Temporal did not answer.
	CodeEngineUnavailable Code = "engine_unavailable"
	// CodeUnauthorized: the request has no valid API key (missing, unknown or revoked).
	CodeUnauthorized Code = "unauthorized"
	// CodeForbidden: the key's role may not call this operation.
	CodeForbidden Code = "forbidden"
	// CodeIdempotencyConflict: an idempotency key was already used with a different payload.
	CodeIdempotencyConflict Code = "idempotency_conflict"
	// CodeAlreadyExists: a record with that key or name exists (a service-request type, a data
	// source).
	CodeAlreadyExists Code = "already_exists"
	// CodeInUse: the record is referenced (a type with requests) and cannot be deleted.
	CodeInUse Code = "in_use"
	// CodeTaskClosed: the human task is already completed or cancelled.
	CodeTaskClosed Code = "task_closed"
	// CodeTaskClaimed: the human task is claimed by someone else.
	CodeTaskClaimed Code = "task_claimed"
	// CodeLegacyConfigInvalid: a service-request type's configuration breaks a rule of SPEC §4
	// (LEGACY_CONFIG_INVALID); Issues lists them.
	CodeLegacyConfigInvalid Code = "legacy_config_invalid"
	// CodeBacklogFull: too many executions are accepted and not yet running; retry later.
	CodeBacklogFull Code = "backlog_full"
	// CodeBodyTooLarge: an upload is larger than the configured limit.
	CodeBodyTooLarge Code = "body_too_large"
	// CodeDatabaseUnavailable: the database could not be reached or stopped answering (an
	// outage); nothing of the request is known to be written, and a retry later may succeed.
	CodeDatabaseUnavailable Code = "database_unavailable"
	// CodeExpressionInvalid: a JSONata expression sent to be tried does not compile; Expression
	// says where.
	CodeExpressionInvalid Code = "expression_invalid"
	// CodeExpressionFailed: a JSONata expression sent to be tried failed while evaluating (a type
	// error, or one of the engine's bounds); Expression says which and where.
	CodeExpressionFailed Code = "expression_failed"
)

// Codes lists every code, so that tables keyed by code (the API's statuses, the docs) can be
// checked for completeness.
var Codes = []Code{
	CodeNotFound, CodeInvalidRequest, CodeConflict, CodeVersionNotDraft, CodeVersionNotPublished,
	CodeVersionActive, CodeStaleWrite, CodePreconditionRequired, CodeValidationFailed,
	CodeTemplateHasExecutions, CodeVersionHasExecutions, CodeDuplicateVersion, CodeDuplicateLink,
	CodeVersionDeprecated, CodeNoActiveVersion, CodeExecutionNotRunning, CodeStepNotFound,
	CodeStepNotOpen, CodeStepNotHuman, CodeStepNotFailed, CodeOutputInvalid, CodeNotAllowed,
	CodeEngineUnavailable, CodeUnauthorized, CodeForbidden, CodeIdempotencyConflict,
	CodeAlreadyExists, CodeInUse, CodeTaskClosed, CodeTaskClaimed, CodeLegacyConfigInvalid,
	CodeBacklogFull,
	CodeDatabaseUnavailable, CodeBodyTooLarge,
	CodeExpressionInvalid, CodeExpressionFailed,
}

// Error is a domain error: a rule of SPEC §7 refused the operation. Issues carries the
// definition's validation issues for CodeValidationFailed; Details the schema errors of
// CodeOutputInvalid.
type Error struct {
	Code    Code
	Message string
	Issues  []definition.Issue
	Details []string
	// Expression is JSONata's code and position for CodeExpressionInvalid and
	// CodeExpressionFailed.
	Expression *ExpressionFault
	// Fields are errors about named request fields (their locations, like huma's).
	Fields []FieldError
}

// FieldError is an error about one request field.
type FieldError struct {
	Location string
	Message  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// errorf builds an *Error.
func errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// AsError returns the domain error in err's chain, if any. A database outage (store.Unavailable)
// is one too, CodeDatabaseUnavailable, whatever use case met it.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	if store.Unavailable(err) {
		return errorf(CodeDatabaseUnavailable, "the database is unavailable; retry later"), true
	}
	return nil, false
}

// CodeOf returns the code of the domain error in err's chain, or "" for any other error.
func CodeOf(err error) Code {
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return ""
}
