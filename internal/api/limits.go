package api

import "time"

// Input limits, the one set every route's request is held to at the door (door.go), before
// anything is stored or sent to the engine. docs/api.md documents them.
//
// The sizes keep what a request can put into Temporal well under its 2 MiB payload limit: an
// execution starts with its definition (at most MaxDefinitionBody) and its context (at most
// MaxBody) in one payload.
const (
	// MaxDefinitionBody bounds a body that carries a definition (creating, editing or validating
	// a version): an editor stores layout with every step, so these are the largest inputs.
	MaxDefinitionBody int64 = 1 << 20
	// MaxBody bounds every other body, and so an execution's context, an event's or a service
	// request's context, and a step's output. An operation that declares no MaxBodyBytes, or a
	// larger one than MaxDefinitionBody, gets this.
	MaxBody int64 = 256 << 10
	// MaxDepth bounds how deeply a body's arrays and objects nest (the body itself is level 1).
	// SQLite's JSON functions refuse 1,000 levels; no real document needs more than a few dozen.
	MaxDepth = 64
	// BodyReadTimeout is how long a client may take to send its body.
	BodyReadTimeout = 5 * time.Second
	// MaxString bounds one string in a body, object keys included, in bytes as written
	// (escapes count as written).
	MaxString = 64 << 10
)
