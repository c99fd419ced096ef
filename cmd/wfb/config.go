package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/workflowbuilder/wfb/internal/app"
	"github.com/workflowbuilder/wfb/internal/devserver"
	"github.com/workflowbuilder/wfb/internal/engine"
)

// config holds the settings shared by the server roles (serve, api, worker, migrate). Every flag
// also reads an environment variable (SPEC §1), which sets the flag's default; a flag given on the
// command line wins.
type config struct {
	Addr            string
	DataDir         string
	DB              string // postgres:// URL; empty means SQLite in DataDir
	TemporalAddress string // empty means the embedded server
	TemporalPort    int    // the embedded server's gRPC port; 0 picks a free one
	// TemporalUIPort is the embedded server's Web UI port: 0 picks a free one, and a negative
	// value (the default) means TemporalPort + 1000, as the Temporal CLI's dev server does.
	TemporalUIPort int
	// TemporalShards is the embedded server's number of history shards; 0 means
	// devserver's default for the store (4 on PostgreSQL, 1 on SQLite).
	TemporalShards int
	// TemporalStore is where the embedded server keeps its state with --db: "auto", "sqlite"
	// or "postgres" (see temporalPostgresDSN).
	TemporalStore     string
	TemporalNamespace string
	TemporalTLS       bool
	TemporalAPIKey    string
	NoAuth            bool
	LogFormat         string // text or json
	LogLevel          string // debug, info, warn or error
	MetricsAddr       string // wfb worker: where to serve /metrics; empty serves none
	// ReconcileInterval and ReconcileGrace pace the reconciler (app.RunReconciler).
	ReconcileInterval, ReconcileGrace time.Duration
	// EngineWait bounds how long an action waits for the engine (engine.Client.WithWaitLimit).
	EngineWait time.Duration
	// BacklogLimit: starts answer 429 while this many executions wait to run; 0 means none.
	BacklogLimit int
	// BlobURL is where uploaded documents go (blob.Open): empty means DataDir/blobs.
	BlobURL string
	// MaxUploadBytes bounds one uploaded document.
	MaxUploadBytes int64
	// FileRetention is how long the documents of a cancelled step are kept.
	FileRetention time.Duration
}

// register adds the config's flags to fs.
func (c *config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", envString("WFB_ADDR", "127.0.0.1:8080"), "HTTP listen address (WFB_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", envString("WFB_DATA_DIR", "./.wfb"), "directory for local state (WFB_DATA_DIR)")
	fs.StringVar(&c.DB, "db", envString("WFB_DB", ""), "PostgreSQL URL; default SQLite in the data directory (WFB_DB)")
	fs.StringVar(&c.TemporalAddress, "temporal-address", envString("WFB_TEMPORAL_ADDRESS", ""), "external Temporal frontend host:port; default embedded (WFB_TEMPORAL_ADDRESS)")
	fs.IntVar(&c.TemporalPort, "temporal-port", envInt("WFB_TEMPORAL_PORT", 7233), "embedded Temporal gRPC port, 0 picks a free one (WFB_TEMPORAL_PORT)")
	fs.IntVar(&c.TemporalUIPort, "temporal-ui-port", envInt("WFB_TEMPORAL_UI_PORT", -1), "embedded Temporal Web UI port; -1 is --temporal-port + 1000 (8233), 0 picks a free one (WFB_TEMPORAL_UI_PORT)")
	fs.IntVar(&c.TemporalShards, "temporal-shards", envInt("WFB_TEMPORAL_SHARDS", 0), "embedded Temporal's history shards, fixed when its database is created; 0 is 4 with --db postgres://, 1 with SQLite (WFB_TEMPORAL_SHARDS)")
	fs.StringVar(&c.TemporalStore, "temporal-store", envString("WFB_TEMPORAL_STORE", "auto"), "embedded Temporal's storage with --db postgres://: postgres, sqlite (a file in --data-dir), or auto: postgres unless --data-dir already holds an embedded SQLite Temporal database (WFB_TEMPORAL_STORE)")
	fs.StringVar(&c.TemporalNamespace, "temporal-namespace", envString("WFB_TEMPORAL_NAMESPACE", "default"), "Temporal namespace (WFB_TEMPORAL_NAMESPACE)")
	fs.BoolVar(&c.TemporalTLS, "temporal-tls", envBool("WFB_TEMPORAL_TLS", false), "use TLS to the external Temporal cluster (WFB_TEMPORAL_TLS)")
	fs.StringVar(&c.TemporalAPIKey, "temporal-api-key", envString("WFB_TEMPORAL_API_KEY", ""), "API key for the external Temporal cluster (WFB_TEMPORAL_API_KEY)")
	fs.StringVar(&c.LogFormat, "log-format", envString("WFB_LOG_FORMAT", "text"), "log format on stderr: text or json (WFB_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", envString("WFB_LOG_LEVEL", "info"), "least level logged: debug, info, warn or error (WFB_LOG_LEVEL)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", envString("WFB_METRICS_ADDR", ""), "wfb worker: listen address for /metrics and /healthz; default none (WFB_METRICS_ADDR)")
	fs.DurationVar(&c.ReconcileInterval, "reconcile-interval", envDuration("WFB_RECONCILE_INTERVAL", app.DefaultReconcileInterval), "how often the reconciler looks for executions left CREATED (WFB_RECONCILE_INTERVAL)")
	fs.DurationVar(&c.ReconcileGrace, "reconcile-grace", envDuration("WFB_RECONCILE_GRACE", app.DefaultReconcileGrace), "how long a CREATED execution is left to its starter before the reconciler takes it over (WFB_RECONCILE_GRACE)")
	fs.DurationVar(&c.EngineWait, "engine-wait", envDuration("WFB_ENGINE_WAIT", engine.DefaultWaitLimit), "how long an action waits for Temporal and a worker before answering 503 engine_unavailable (WFB_ENGINE_WAIT)")
	fs.IntVar(&c.BacklogLimit, "backlog-limit", envInt("WFB_BACKLOG_LIMIT", app.DefaultBacklogLimit), "starts answer 429 backlog_full while this many executions wait to run; 0 means no limit (WFB_BACKLOG_LIMIT)")
	fs.StringVar(&c.BlobURL, "blob-url", envString("WFB_BLOB_URL", ""), "where uploaded documents are stored: file:///path, or s3://bucket?endpoint=URL&region=R&path_style=true (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); default <data-dir>/blobs (WFB_BLOB_URL)")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", int64(envInt("WFB_MAX_UPLOAD_BYTES", int(app.DefaultMaxUpload))), "largest document POST /v1/files accepts (WFB_MAX_UPLOAD_BYTES)")
	fs.DurationVar(&c.FileRetention, "file-retention", envDuration("WFB_FILE_RETENTION", app.DefaultFileRetention), "how long the documents of a cancelled step are kept before the cleanup job deletes them (WFB_FILE_RETENTION)")
	fs.BoolVar(&c.NoAuth, "no-auth", envBool("WFB_NO_AUTH", false), "serve without authentication, for local experiments only (WFB_NO_AUTH)")
}

func envString(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envInt and envBool fall back to the default when the variable does not parse; checkEnv
// reports such a variable, so a typo in the environment does not go unnoticed.
func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(name); ok {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, ok := os.LookupEnv(name); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return def
}

// temporalPostgresDSN is the PostgreSQL URL the embedded Temporal server keeps its state in, or
// "" for its SQLite file under --data-dir. With "auto", a data directory that already holds the
// SQLite file keeps it: builds before the PostgreSQL store kept Temporal there even with --db,
// and switching would orphan the executions running in it. Moving is a deliberate
// --temporal-store postgres once they have finished.
func (c config) temporalPostgresDSN() (string, error) {
	switch c.TemporalStore {
	case "sqlite":
		return "", nil
	case "postgres":
		if c.DB == "" {
			return "", errors.New("--temporal-store postgres needs --db postgres://")
		}
		return c.DB, nil
	case "auto", "":
		if c.DB == "" {
			return "", nil
		}
		if _, err := os.Stat(filepath.Join(c.DataDir, "temporal", devserver.DatabaseFile)); err == nil {
			return "", nil
		}
		return c.DB, nil
	default:
		return "", fmt.Errorf("--temporal-store %q: want auto, sqlite or postgres", c.TemporalStore)
	}
}

// uiPort is the Web UI port to ask the embedded server for (0: a free one). A free Temporal
// port gives a free UI port too: the sum would be a fixed port next to a random one.
func (c config) uiPort() int {
	switch {
	case c.TemporalUIPort >= 0:
		return c.TemporalUIPort
	case c.TemporalPort > 0:
		return c.TemporalPort + 1000
	default:
		return 0
	}
}

// checkEnv reports the first numeric or boolean environment variable that does not parse.
func checkEnv() error {
	for _, name := range []string{"WFB_TEMPORAL_PORT", "WFB_TEMPORAL_UI_PORT"} {
		if v, ok := os.LookupEnv(name); ok {
			if _, err := strconv.Atoi(v); err != nil {
				return fmt.Errorf("%s=%q is not a port number", name, v)
			}
		}
	}
	for _, name := range []string{"WFB_TEMPORAL_TLS", "WFB_NO_AUTH"} {
		if v, ok := os.LookupEnv(name); ok {
			if _, err := strconv.ParseBool(v); err != nil {
				return fmt.Errorf("%s=%q is not true or false", name, v)
			}
		}
	}
	for _, name := range []string{"WFB_BACKLOG_LIMIT", "WFB_TEMPORAL_SHARDS"} {
		if v, ok := os.LookupEnv(name); ok {
			if _, err := strconv.Atoi(v); err != nil {
				return fmt.Errorf("%s=%q is not a number", name, v)
			}
		}
	}
	for _, name := range []string{"WFB_RECONCILE_INTERVAL", "WFB_RECONCILE_GRACE", "WFB_ENGINE_WAIT"} {
		if v, ok := os.LookupEnv(name); ok {
			if d, err := time.ParseDuration(v); err != nil || d <= 0 {
				return fmt.Errorf("%s=%q is not a positive duration", name, v)
			}
		}
	}
	return nil
}
