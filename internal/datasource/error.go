package datasource

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind classifies a failed call. The values are stable: the engine uses them as Temporal
// application error types and they end up in a failed step's reason.
type Kind string

// Kinds of failure. Retryable ones are transient by nature; the others fail the same way on
// every attempt, so retrying them only delays the failed step.
const (
	// KindConfig: the configuration is invalid (not retryable).
	KindConfig Kind = "DATASOURCE_CONFIG_INVALID"
	// KindParams: a param is missing or has no text form where one is needed (not retryable).
	KindParams Kind = "DATASOURCE_PARAMS_INVALID"
	// KindSecret: the environment variable named by auth.secretEnv is unset or empty (not retryable).
	KindSecret Kind = "DATASOURCE_SECRET_MISSING"
	// KindNetwork: the request could not be sent or the response not read (retryable).
	KindNetwork Kind = "DATASOURCE_NETWORK"
	// KindTimeout: the call ran past the configured timeout (retryable).
	KindTimeout Kind = "DATASOURCE_TIMEOUT"
	// KindCanceled: the caller's context was canceled, e.g. the activity was cancelled (not retryable).
	KindCanceled Kind = "DATASOURCE_CANCELED"
	// KindStatus: the server answered with a non-2xx status; retryable for 408, 429 and 5xx.
	KindStatus Kind = "DATASOURCE_HTTP_STATUS"
	// KindRedirect: a redirect left the configured host or exceeded MaxRedirects (not retryable).
	KindRedirect Kind = "DATASOURCE_REDIRECT_REFUSED"
	// KindTooLarge: a 2xx body exceeded the configured cap (not retryable).
	KindTooLarge Kind = "DATASOURCE_RESPONSE_TOO_LARGE"
	// KindNotJSON: a 2xx body is not JSON (not retryable).
	KindNotJSON Kind = "DATASOURCE_RESPONSE_NOT_JSON"
)

// MaxExcerpt bounds Error.Excerpt in bytes: enough to read a server's error message, small
// enough to store on a failed step and in Temporal's history.
const MaxExcerpt = 512

// Error is a failed data source call.
type Error struct {
	Kind Kind `json:"kind"`
	// Status is the HTTP status, when the server answered.
	Status int `json:"status,omitempty"`
	// Excerpt is the start of the response body: at most MaxExcerpt bytes of valid UTF-8 with
	// the secret, if the server echoed it, replaced by [REDACTED].
	Excerpt string `json:"excerpt,omitempty"`
	// Message says what was being done, without secrets or header values.
	Message string `json:"message"`
	// RetryAfter is the server's Retry-After on a retryable status, 0 when absent.
	RetryAfter time.Duration `json:"retryAfter,omitempty"`
	// Err is the underlying error, for errors.Is (context.DeadlineExceeded and the like).
	Err error `json:"-"`
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Kind))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.Excerpt != "" {
		b.WriteString(": ")
		b.WriteString(strconv.Quote(e.Excerpt))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether another attempt may succeed: network errors, timeouts, and the
// statuses 408, 429 and 5xx. The engine turns a non-retryable error into a non-retryable
// Temporal application error so that the activity fails at once.
func (e *Error) Retryable() bool {
	switch e.Kind {
	case KindNetwork, KindTimeout:
		return true
	case KindStatus:
		return RetryableStatus(e.Status)
	default:
		return false
	}
}

// RetryableStatus reports whether an HTTP status is worth another attempt.
func RetryableStatus(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500 && status <= 599
}

// excerpt bounds a body for an error: secret redacted first (so a cut cannot leave half of it),
// then cut to MaxExcerpt bytes on a rune boundary, invalid UTF-8 replaced.
func excerpt(body []byte, secret string) string {
	s := strings.ToValidUTF8(string(body), "\uFFFD")
	if secret != "" {
		s = strings.ReplaceAll(s, secret, "[REDACTED]")
	}
	if len(s) <= MaxExcerpt {
		return s
	}
	cut := MaxExcerpt
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// maxRetryAfterSeconds keeps a hostile Retry-After from overflowing a Duration.
const maxRetryAfterSeconds = 24 * 60 * 60

// retryAfter parses a Retry-After header (delta-seconds or an HTTP date); 0 when absent or bad.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, maxRetryAfterSeconds)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfterSeconds*time.Second)
	}
	return 0
}

func errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}
