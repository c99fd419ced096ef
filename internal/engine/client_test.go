package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"github.com/workflowbuilder/wfb/internal/engine/interp"
)

// TestClientErrors checks that the client turns Temporal's errors into the engine's domain
// errors, so that callers never inspect gRPC errors.
func TestClientErrors(t *testing.T) {
	t.Parallel()
	c := &Client{}
	tests := []struct {
		name    string
		err     error
		code    interp.Code // "" for an error that is not a domain error
		details []string
	}{
		{"no workflow", serviceerror.NewNotFound("workflow not found"), interp.CodeExecutionNotFound, nil},
		{"Temporal down", serviceerror.NewUnavailable("connection refused"), interp.CodeEngineUnavailable, nil},
		{"Temporal overloaded", serviceerror.NewResourceExhausted(0, "busy"), interp.CodeEngineUnavailable, nil},
		{"Temporal timed out", fmt.Errorf("calling: %w", serviceerror.NewDeadlineExceeded("late")), interp.CodeEngineUnavailable, nil},
		{"an update's rejection", applicationError(&interp.Error{Code: interp.CodeStepNotOpen, Message: "closed"}), interp.CodeStepNotOpen, nil},
		{"a rejection with details", applicationError(&interp.Error{Code: interp.CodeOutputInvalid, Message: "bad", Details: []string{"at '/a': x"}}),
			interp.CodeOutputInvalid, []string{"at '/a': x"}},
		{"an application error of no code", temporal.NewApplicationError("boom", ""), "", nil},
		{"anything else", errors.New("boom"), "", nil},
		{"the wait limit", fmt.Errorf("polling the update: %w", context.DeadlineExceeded), interp.CodeEngineUnavailable, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := c.wrap(context.Background(), tt.err, "doing %s", "it")
			var e *interp.Error
			switch {
			case tt.code == "" && errors.As(err, &e):
				t.Fatalf("wrap = %v, a domain error", err)
			case tt.code != "" && (!errors.As(err, &e) || e.Code != tt.code):
				t.Fatalf("wrap = %v, want code %s", err, tt.code)
			case len(tt.details) > 0 && (len(e.Details) != 1 || e.Details[0] != tt.details[0]):
				t.Fatalf("details %q, want %q", e.Details, tt.details)
			}
		})
	}
	for _, err := range []error{serviceerror.NewInvalidArgument("too large"), serviceerror.NewFailedPrecondition("no"),
		serviceerror.NewPermissionDenied("no", "")} {
		if !refused(err) {
			t.Errorf("refused(%v) = false, want a definitive refusal of the start", err)
		}
	}
	if refused(serviceerror.NewUnavailable("down")) {
		t.Error("refused(Unavailable) = true: a later start may work")
	}
}
