// Package definition holds the workflow definition language (SPEC §3): Go types
// for every part of the DSL, a tolerant codec that accepts what real
// definitions contain (enum keys, expressions without a type, mappings without
// an id, unknown editor metadata) and writes canonical JSON, the DSL's JSON
// Schema, and the validator of SPEC §4.
//
// The package is pure: it does no I/O. Checks that need stored data (child
// versions, service-request type configuration) go through the [Catalog]
// interface the application provides; without one they are skipped.
package definition
