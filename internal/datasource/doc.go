// Package datasource calls the `http` data sources of SPEC §8: it validates their stored
// configuration, builds a request from resolved params, makes exactly one attempt, and
// classifies failures for the engine's retry policy. It imports neither Temporal nor a
// database; the engine runs [Client.Call] inside an activity and Temporal does the retrying.
//
// # Configuration
//
// A [Config] is JSON with unknown fields refused (it is an API input and is stored as is):
//
//	{"method": "GET", "url": "https://crm.example/api/companies/{company.id}/directors",
//	 "headers": {"X-Tenant": "{tenant}"}, "timeoutMs": 5000, "maxResponseBytes": 1048576,
//	 "auth": {"type": "bearer", "secretEnv": "WFB_SECRET_CRM"}}
//
// Secrets are never stored: auth names an environment variable of the worker, which must start
// with [SecretEnvPrefix] so that a data source cannot send the worker's other variables (the
// database URL, cloud credentials) to a server of the admin's choosing. Authorization, Cookie and
// Proxy-Authorization cannot be set in headers; Host, Content-Type and the like are the client's.
//
// # Template rules
//
// Params are a JSON object (the interpreter resolves them: interp.ResolveParams). Templates reference them with placeholders:
//
//   - {name} or {a.b.c}: a dot path into the params; a numeric segment indexes an array.
//     Segments use letters, digits, '_' and '-'. Any other '{' or '}' is a syntax error.
//   - A missing path is a [KindParams] error naming it ("param \"company.id\" is missing").
//   - In the URL, placeholders may appear in the path and the query only; scheme and host are
//     literal, so a param can never send the call elsewhere. A value is rendered as text
//     (strings as is; numbers in shortest form, whole numbers below 2^53 without exponent;
//     true/false) and every byte outside RFC 3986 "unreserved" is percent-encoded, as RFC 6570
//     level-1 expansion does: a value cannot add a segment, a parameter or a fragment. Null,
//     objects and arrays have no text form there and are errors.
//   - In header values the same text form is used without escaping; control characters are refused.
//   - In a body template (POST, PUT, PATCH), a JSON string that is exactly one placeholder is
//     replaced by the param's JSON value of any type; other strings are expanded as text.
//     Object keys are not templates.
//
// A param is "used" when a placeholder anywhere (URL, headers, body) starts with its top-level
// name. The unused ones go, for GET and DELETE, to the query string after the template's own
// query: keys sorted, an array repeats its key (ids=1&ids=2), null is left out, an object is an
// error. For POST, PUT and PATCH without a body template they are the JSON body (`{}` when none
// are left); with a body template they are not sent.
//
// # Responses
//
// At most maxResponseBytes of the body are read. A 2xx body is decoded as JSON whatever its
// Content-Type (an empty body is null); [Result.Data] holds it and is what a DataSourceCall's
// select reads ([Select]). Up to [MaxRedirects] redirects are followed, each to the same scheme
// and host: an off-host redirect is refused rather than followed with the secret stripped.
//
// # Errors and retries
//
// Every failure is an [*Error] with a stable [Kind], the status when there was one, and an
// Excerpt of the body: at most [MaxExcerpt] bytes of valid UTF-8 with the secret redacted.
// [Error.Retryable] is true for network errors, timeouts, and statuses 408, 429 and 5xx; false
// for other statuses, bad configuration or params, a missing secret, a body that is too large or
// not JSON, refused redirects, and cancellation.
//
// The engine maps this onto Temporal in its activity: a non-retryable *Error becomes
// temporal.NewNonRetryableApplicationError(err.Error(), string(e.Kind), nil, e) so the activity
// fails at once; a retryable one becomes temporal.NewApplicationErrorWithOptions with Type
// string(e.Kind) and NextRetryDelay e.RetryAfter (the server's Retry-After, when it sent one),
// and the activity's RetryPolicy (attempts, backoff) decides the rest. The activity's
// StartToCloseTimeout should exceed the config's timeout so the call's own timeout is what
// fires and is classified. After the last attempt the step fails with the error's message,
// which carries the status and the excerpt.
package datasource
