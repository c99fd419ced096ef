package engine

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
)

// Error codes of the engine, stable for the API to map onto responses.
const (
	CodeStepNotFound      = "STEP_NOT_FOUND"
	CodeStepNotOpen       = "STEP_NOT_OPEN"
	CodeStepNotHuman      = "STEP_NOT_HUMAN"
	CodeStepNotFailed     = "STEP_NOT_FAILED"
	CodeOutputInvalid     = "OUTPUT_INVALID"
	CodeNotAllowed        = "NOT_ALLOWED"
	CodeExecutionNotFound = "EXECUTION_NOT_FOUND"
	CodeExecutionClosed   = "EXECUTION_CLOSED"
	CodeDefinitionInvalid = "DEFINITION_INVALID"
	CodeLoopLimit         = "LOOP_LIMIT_EXCEEDED"
	CodeExpression        = "EXPRESSION_FAILED"
	CodeUnsupported       = "STEP_UNSUPPORTED"
	CodeChildFailed       = "CHILD_FAILED"
	CodeChildVersion      = "CHILD_VERSION_INVALID"
	CodeIterableNotArray  = "ITERABLE_NOT_ARRAY"
)

// Error is a domain error of the engine with a stable code.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// applicationError carries an *Error through Temporal (an update validator's rejection); the
// client turns it back with fromTemporal.
func (e *Error) applicationError() error {
	return temporal.NewNonRetryableApplicationError(e.Message, e.Code, nil)
}

// fromTemporal recovers an *Error from an application error with one of our codes.
func fromTemporal(err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() != "" {
		return &Error{Code: app.Type(), Message: app.Message()}
	}
	return err
}
