// Package expr evaluates the expressions and data references of a workflow definition (SPEC §5):
// the evaluation scope, value providers, field references, data source parameters, mappings with
// dot paths, and the boolean rule of transition conditions.
//
// Every expression reads one input object, built from a [Scope]:
//
//	__context__      the execution's context
//	__steps__        step id -> that step's outputData (completed steps only)
//	__datasources__  alias -> the data source result fetched for the current step
//	__each__         the current item while a BATCH step iterates (absent elsewhere)
//
// The package is pure: the clock and random source that JSONata's $now, $millis and $random use
// come from the caller, so the engine can bind them to Temporal's deterministic ones.
package expr
