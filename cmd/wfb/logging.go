package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/workflowbuilder/wfb/internal/api"
)

// configureLogging makes the process's default logger: --log-format text (the default, for a
// terminal) or json (one object a line, for a log collector), at --log-level, on stderr, so
// that stdout keeps only the URLs a server prints. Every record logged with a request's context
// carries the request's id (api.LogHandler).
func configureLogging(c config, stderr io.Writer) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch strings.ToLower(c.LogFormat) {
	case "text":
		h = slog.NewTextHandler(stderr, opts)
	case "json":
		h = slog.NewJSONHandler(stderr, opts)
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	slog.SetDefault(slog.New(api.LogHandler(h)))
	return nil
}

// atLeast passes on the records of h at min or above: the Temporal SDK logs at DEBUG and INFO
// what only its own developers need.
type atLeast struct {
	slog.Handler
	min slog.Level
}

func (h atLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h atLeast) WithAttrs(as []slog.Attr) slog.Handler {
	return atLeast{h.Handler.WithAttrs(as), h.min}
}

func (h atLeast) WithGroup(name string) slog.Handler {
	return atLeast{h.Handler.WithGroup(name), h.min}
}
