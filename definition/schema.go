package definition

import _ "embed"

//go:embed schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (2020-12) of the definition language, for
// editors and for GET /v1/schemas/definition. It accepts what the codec
// accepts (enum keys, expressions without a type, mappings without an id,
// unknown fields); the graph rules are the validator's job. The caller may
// not modify the returned slice.
func Schema() []byte { return schemaJSON }
