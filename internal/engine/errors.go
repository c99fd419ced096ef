package engine

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// applicationError carries an interpreter error through Temporal (an update validator's
// rejection, an activity's domain failure) as a non-retryable application error whose type is
// the code; its details travel as the error's details. fromTemporal turns it back.
func applicationError(e *interp.Error) error {
	if len(e.Details) > 0 {
		return temporal.NewNonRetryableApplicationError(e.Message, string(e.Code), nil, e.Details)
	}
	return temporal.NewNonRetryableApplicationError(e.Message, string(e.Code), nil)
}

// asApplicationError is err, with an *interp.Error inside it (a projection's domain failure)
// made a non-retryable application error; any other error stays retryable.
func asApplicationError(err error) error {
	var e *interp.Error
	if errors.As(err, &e) {
		return applicationError(e)
	}
	return err
}

// fromTemporal recovers an *interp.Error from an application error with one of our codes.
func fromTemporal(err error) error {
	var app *temporal.ApplicationError
	if errors.As(err, &app) && app.Type() != "" {
		e := &interp.Error{Code: interp.Code(app.Type()), Message: app.Message()}
		if app.HasDetails() {
			_ = app.Details(&e.Details) // details that do not decode leave the message alone
		}
		return e
	}
	return err
}
