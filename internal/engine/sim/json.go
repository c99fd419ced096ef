package sim

import (
	"bytes"
	"encoding/json"
)

// decodeJSON decodes a scripted value the way values reach the engine from Temporal: plain
// JSON (float64 numbers, map[string]any objects). Empty input is null.
func decodeJSON(raw json.RawMessage) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// cloneContext gives the run its own copy of the initial context, in plain JSON form, so that
// the caller's value is never changed and numbers are float64 as in an execution.
func cloneContext(ctx map[string]any) map[string]any {
	if ctx == nil {
		return map[string]any{}
	}
	b, err := json.Marshal(ctx)
	if err != nil {
		return ctx
	}
	var out map[string]any
	if json.Unmarshal(b, &out) != nil || out == nil {
		return ctx
	}
	return out
}
