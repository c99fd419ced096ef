package datasource

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"
)

// MaxRedirects is how many redirects a call follows, each to the same scheme and host as the
// configured URL. Off-host redirects are refused rather than followed without credentials: a
// data source that moved should be reconfigured, and a header secret must never reach another host.
const MaxRedirects = 3

// Result is a successful call's answer.
type Result struct {
	// Status is the final HTTP status (2xx).
	Status int `json:"status"`
	// Data is the decoded JSON body (map[string]any, []any, float64, string, bool or nil);
	// nil for an empty body.
	Data any `json:"data"`
}

// Client calls http data sources. It is safe for concurrent use; one per worker process.
type Client struct {
	hc *http.Client
}

// NewClient returns a Client sending through rt (nil: http.DefaultTransport). Timeouts are per
// call, from each Config, so the transport should not set its own shorter ones.
func NewClient(rt http.RoundTripper) *Client {
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &Client{hc: &http.Client{Transport: rt, CheckRedirect: checkRedirect}}
}

var (
	errTooManyRedirects = errors.New("too many redirects")
	errOffHostRedirect  = errors.New("redirect to another host or scheme")
)

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return errTooManyRedirects
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return errOffHostRedirect
	}
	return nil
}

// Call makes one call of an http data source with params (a resolved JSON object, see
// interp.ResolveParams); lookupEnv reads the secret named by cfg.Auth (nil: os.LookupEnv, what a
// worker uses; tests pass a fake).
// Every failure is an *Error; see its Retryable. Call makes exactly one attempt: retries are
// the engine's (Temporal's activity retry policy).
func (c *Client) Call(ctx context.Context, cfg Config, params map[string]any, lookupEnv func(string) (string, bool)) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, &Error{Kind: KindConfig, Message: err.Error(), Err: err}
	}
	secret := ""
	if cfg.Auth != nil {
		if lookupEnv == nil {
			lookupEnv = os.LookupEnv
		}
		v, ok := lookupEnv(cfg.Auth.SecretEnv)
		if !ok || v == "" {
			return Result{}, errorf(KindSecret, "environment variable %s is not set on the worker", cfg.Auth.SecretEnv)
		}
		secret = v
	}
	r, err := buildRequest(cfg, params, secret)
	if err != nil {
		return Result{}, err
	}

	ctx, cancel := context.WithTimeoutCause(ctx, cfg.Timeout(), errCallTimeout)
	defer cancel()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url.String(), body)
	if err != nil {
		return Result{}, errorf(KindConfig, "building the request: %v", err)
	}
	req.Header = r.header
	target := redacted(r.method, r.url)

	resp, err := c.hc.Do(req)
	if err != nil {
		return Result{}, transportError(ctx, target, cfg, err)
	}
	defer func() { _ = resp.Body.Close() }()
	limit := cfg.ResponseCap()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return Result{}, transportError(ctx, target, cfg, fmt.Errorf("reading the response: %w", err))
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := &Error{Kind: KindStatus, Status: resp.StatusCode, Excerpt: excerpt(data, secret),
			Message: fmt.Sprintf("%s answered %d %s", target, resp.StatusCode, http.StatusText(resp.StatusCode))}
		if e.Retryable() {
			e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return Result{}, e
	}
	if int64(len(data)) > limit {
		return Result{}, &Error{Kind: KindTooLarge, Status: resp.StatusCode, Excerpt: excerpt(data, secret),
			Message: fmt.Sprintf("%s answered more than maxResponseBytes (%d bytes)", target, limit)}
	}
	res := Result{Status: resp.StatusCode}
	if len(bytes.TrimSpace(data)) == 0 {
		return res, nil
	}
	if err := json.Unmarshal(data, &res.Data); err != nil {
		return Result{}, &Error{Kind: KindNotJSON, Status: resp.StatusCode, Excerpt: excerpt(data, secret),
			Message: fmt.Sprintf("%s answered a body that is not JSON (%v)", target, err), Err: err}
	}
	return res, nil
}

var errCallTimeout = errors.New("data source call timed out")

// transportError classifies a failure to get or read a response.
func transportError(ctx context.Context, target string, cfg Config, err error) *Error {
	switch {
	case errors.Is(err, errTooManyRedirects):
		return &Error{Kind: KindRedirect, Message: fmt.Sprintf("%s redirected more than %d times", target, MaxRedirects), Err: err}
	case errors.Is(err, errOffHostRedirect):
		return &Error{Kind: KindRedirect, Message: fmt.Sprintf("%s redirected to another host or scheme; reconfigure the data source's URL", target), Err: err}
	case errors.Is(context.Cause(ctx), errCallTimeout):
		return &Error{Kind: KindTimeout, Message: fmt.Sprintf("%s did not answer within %s", target, cfg.Timeout()), Err: context.DeadlineExceeded}
	case ctx.Err() != nil:
		// The caller's own deadline (the activity's) or cancellation: report what it was.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &Error{Kind: KindTimeout, Message: fmt.Sprintf("%s: the caller's deadline passed", target), Err: ctx.Err()}
		}
		return &Error{Kind: KindCanceled, Message: fmt.Sprintf("%s: the call was canceled", target), Err: ctx.Err()}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Kind: KindTimeout, Message: fmt.Sprintf("%s: %v", target, unwrapURL(err)), Err: err}
	}
	return &Error{Kind: KindNetwork, Message: fmt.Sprintf("%s: %v", target, unwrapURL(err)), Err: err}
}

// unwrapURL drops *url.Error's "Get \"...\"" prefix, which would repeat the full URL (query
// included) after our own shorter target.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redacted names a call in messages by method, scheme, host and path: the query may carry
// personal data from the params, and messages end up on failed steps and in logs.
func redacted(method string, u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return method + " " + v.String()
}
