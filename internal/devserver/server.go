package devserver

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
)

// Options configure [Start].
type Options struct {
	// DataDir holds the server's database file (created if missing).
	DataDir string
	// Port is the frontend gRPC port on 127.0.0.1; 0 picks a free one.
	Port int
	// Namespace is registered on first start; default "default".
	Namespace string
	// Logger receives the supervisor's events and the child's log lines; default discards.
	Logger *slog.Logger
	// Command is the argv that runs [RunChild] in a new process; default: this executable with
	// [ChildCommand] (what cmd/wfb registers). Tests re-execute their own binary instead.
	Command []string
	// Env is added to the child's environment.
	Env []string
	// ReadyTimeout bounds how long Start waits for the frontend to answer; default 60 s.
	ReadyTimeout time.Duration
	// UI serves the Temporal Web UI from the child process too, on UIPort of 127.0.0.1.
	UI bool
	// UIPort is the Web UI's port; 0 picks a free one.
	UIPort int
	// PostgresDSN, when set, is the application's PostgreSQL URL (postgres://user:pass@host:port/db):
	// the server then keeps its state in two databases beside that one, db_temporal and
	// db_temporal_visibility, which it creates if missing and whose schemas it sets up and
	// upgrades with Temporal's own schema tool at every start (see [MigratePostgres]). Empty
	// means the SQLite file in DataDir, which needs no setup.
	PostgresDSN string
	// HistoryShards is the number of history shards a new cluster is created with: the most
	// workflows' histories that progress in parallel. Temporal fixes it when it creates the
	// cluster, so a different value for an existing database makes Start fail with
	// [ErrShardsMismatch]. 0 means the default: [DefaultPostgresShards] on PostgreSQL and 1 on
	// SQLite, which supports no other value (one writer makes more shards useless).
	HistoryShards int
}

// Server is a running, supervised embedded Temporal server.
type Server struct {
	opts    Options
	address string
	logger  *slog.Logger

	stop chan struct{} // closed by Stop
	done chan struct{} // closed when the supervisor has stopped its last child

	mu       sync.Mutex
	proc     *os.Process
	exited   chan struct{} // closed when the current child exits
	restarts int
	lastLog  []string // the child's last log lines, for error messages
}

// restartBackoff bounds how fast a crashing child is restarted.
const (
	minBackoff = 500 * time.Millisecond
	maxBackoff = 30 * time.Second
	stopGrace  = 20 * time.Second
)

// Start launches the server in a child process and returns once its frontend answers and the
// namespace is registered. The child is restarted if it dies until Stop is called.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("starting the embedded Temporal server: no data directory")
	}
	if opts.Namespace == "" {
		opts.Namespace = "default"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 60 * time.Second
	}
	if err := opts.defaultShards(); err != nil {
		return nil, err
	}
	if len(opts.Command) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("finding this executable to run the Temporal server: %w", err)
		}
		opts.Command = []string{exe, ChildCommand}
	}
	if opts.Port == 0 {
		// Chosen once, so that a restarted child keeps the address clients already use.
		port, err := FreePort()
		if err != nil {
			return nil, err
		}
		opts.Port = port
	}
	if opts.UI && opts.UIPort == 0 {
		port, err := FreePort()
		if err != nil {
			return nil, err
		}
		opts.UIPort = port
	}
	s := &Server{
		opts:    opts,
		address: hostPort(opts.Port),
		logger:  opts.Logger.With("component", "temporal"),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	started := make(chan error, 1)
	go s.supervise(started)
	if err := <-started; err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		_ = s.Stop()
		return nil, fmt.Errorf("waiting for the embedded Temporal server at %s: %w%s", s.address, err, s.logTail())
	}
	if err := s.checkShards(ctx); err != nil {
		_ = s.Stop()
		return nil, err
	}
	return s, nil
}

// defaultShards fills in and checks HistoryShards.
func (o *Options) defaultShards() error {
	switch {
	case o.HistoryShards == 0 && o.PostgresDSN != "":
		o.HistoryShards = DefaultPostgresShards
	case o.HistoryShards == 0:
		o.HistoryShards = 1
	case o.HistoryShards < 0 || o.HistoryShards > MaxHistoryShards:
		return fmt.Errorf("starting the embedded Temporal server: %d history shards: want 1 to %d", o.HistoryShards, MaxHistoryShards)
	case o.PostgresDSN == "" && o.HistoryShards != 1:
		return fmt.Errorf("starting the embedded Temporal server: %d history shards: SQLite has exactly 1 (more need PostgreSQL)", o.HistoryShards)
	}
	return nil
}

// checkShards fails when the cluster in the database was created with another number of history
// shards than asked for. Temporal itself only logs a warning and runs with the stored number,
// which would leave --temporal-shards silently ignored.
func (s *Server) checkShards(ctx context.Context) error {
	c, err := client.DialContext(ctx, client.Options{
		HostPort:  s.address,
		Namespace: s.opts.Namespace,
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		return fmt.Errorf("connecting to the embedded Temporal server to check its shards: %w", err)
	}
	defer c.Close()
	info, err := c.WorkflowService().GetClusterInfo(ctx, &workflowservice.GetClusterInfoRequest{})
	if err != nil {
		return fmt.Errorf("reading the embedded Temporal server's cluster info: %w", err)
	}
	if got := int(info.GetHistoryShardCount()); got != s.opts.HistoryShards {
		return fmt.Errorf("%w: the Temporal database %s was created with %d history shards and %d were asked for; "+
			"start with --temporal-shards %d (WFB_TEMPORAL_SHARDS), or give the embedded server a new database",
			ErrShardsMismatch, s.where(), got, s.opts.HistoryShards, got)
	}
	return nil
}

// where names the server's storage for messages.
func (s *Server) where() string {
	if s.opts.PostgresDSN == "" {
		return filepath.Join(s.opts.DataDir, DatabaseFile)
	}
	store, _, err := PostgresDatabases(s.opts.PostgresDSN)
	if err != nil {
		return "in PostgreSQL"
	}
	return store
}

// HistoryShards is the number of history shards of the running cluster.
func (s *Server) HistoryShards() int { return s.opts.HistoryShards }

// Address is the frontend's host:port.
func (s *Server) Address() string { return s.address }

// UIAddress is the Web UI's URL, or "" when Options.UI is off.
func (s *Server) UIAddress() string {
	if !s.opts.UI {
		return ""
	}
	return "http://" + hostPort(s.opts.UIPort)
}

// Namespace is the registered namespace.
func (s *Server) Namespace() string { return s.opts.Namespace }

// Restarts counts how often the supervisor restarted a child that died.
func (s *Server) Restarts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restarts
}

// Stop stops the child (SIGTERM, then SIGKILL after a grace period) and the supervisor. It is
// safe to call more than once.
func (s *Server) Stop() error {
	s.mu.Lock()
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.mu.Unlock()
	<-s.done
	return nil
}

// supervise runs the child, restarting it when it dies, until Stop. It stays on one OS thread
// because Linux delivers the parent-death signal when the thread that forked the child exits.
func (s *Server) supervise(started chan<- error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer close(s.done)
	backoff := minBackoff
	first := true
	for {
		cmd, stdin, err := s.launch()
		if first {
			started <- err
			first = false
			if err != nil {
				return
			}
		}
		if err == nil {
			upSince := time.Now()
			err = s.wait(cmd, stdin)
			if err == nil {
				return // stopped on request
			}
			if time.Since(upSince) > time.Minute {
				backoff = minBackoff
			}
		}
		s.logger.Error("embedded Temporal server exited; restarting", "error", err, "in", backoff)
		select {
		case <-s.stop:
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
		s.mu.Lock()
		s.restarts++
		s.mu.Unlock()
	}
}

func (s *Server) launch() (*exec.Cmd, io.WriteCloser, error) {
	args := append(s.opts.Command[1:len(s.opts.Command):len(s.opts.Command)],
		"--data-dir", s.opts.DataDir,
		"--port", strconv.Itoa(s.opts.Port),
		"--namespace", s.opts.Namespace,
		"--shards", strconv.Itoa(s.opts.HistoryShards))
	if s.opts.UI {
		args = append(args, "--ui-port", strconv.Itoa(s.opts.UIPort))
	}
	cmd := exec.Command(s.opts.Command[0], args...)
	cmd.Env = append(os.Environ(), s.opts.Env...)
	cmd.Env = append(cmd.Env, postgresEnv+"="+s.opts.PostgresDSN)
	cmd.SysProcAttr = childAttr()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, fmt.Errorf("creating the Temporal server's stdin: %w", err)
	}
	output, err := cmd.StderrPipe()
	if err != nil {
		return nil, nil, fmt.Errorf("creating the Temporal server's stderr: %w", err)
	}
	cmd.Stdout = nil
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting the Temporal server process: %w", err)
	}
	exited := make(chan struct{})
	s.mu.Lock()
	s.proc = cmd.Process
	s.exited = exited
	s.mu.Unlock()
	go s.relay(output)
	return cmd, stdin, nil
}

// wait returns nil when the child exited because Stop asked it to, else why it exited.
func (s *Server) wait(cmd *exec.Cmd, stdin io.WriteCloser) error {
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	s.mu.Lock()
	exited := s.exited
	s.mu.Unlock()
	select {
	case err := <-waited:
		close(exited)
		if err == nil {
			err = errors.New("exited with status 0")
		}
		return fmt.Errorf("pid %d: %w%s", cmd.Process.Pid, err, s.logTail())
	case <-s.stop:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = stdin.Close()
	select {
	case <-waited:
	case <-time.After(stopGrace):
		s.logger.Warn("embedded Temporal server did not stop in time; killing it", "pid", cmd.Process.Pid)
		_ = cmd.Process.Kill()
		<-waited
	}
	close(exited)
	return nil
}

// relay forwards the child's log lines and keeps the last few for error messages.
func (s *Server) relay(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		s.logger.Warn("temporal server", "log", line)
		s.mu.Lock()
		s.lastLog = append(s.lastLog, line)
		if len(s.lastLog) > 10 {
			s.lastLog = s.lastLog[1:]
		}
		s.mu.Unlock()
	}
}

func (s *Server) logTail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.lastLog) == 0 {
		return ""
	}
	return "; last log lines:\n" + strings.Join(s.lastLog, "\n")
}

// bindRetries is how many times waitReady lets the supervisor restart a child that lost one of
// its internal ports to another process between FreePort and the bind (the child picks new ones
// on each start).
const bindRetries = 3

// waitReady polls until the frontend answers a health check and describes the namespace. It
// fails early if the child exits, unless it exited because a port it had picked was taken.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.ReadyTimeout)
	defer cancel()
	s.mu.Lock()
	exited := s.exited
	s.mu.Unlock()
	var last error
	retries := 0
	for {
		if last = s.ping(ctx); last == nil {
			return nil
		}
		select {
		case <-exited:
			if retries < bindRetries && strings.Contains(s.logTail(), "address already in use") {
				retries++
				next, err := s.nextChild(ctx, exited)
				if err != nil {
					return fmt.Errorf("the server process exited on a port conflict and did not restart: %w", err)
				}
				exited = next
				continue
			}
			return fmt.Errorf("the server process exited: %w", last)
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// nextChild waits until the supervisor has launched a child after the one whose exit channel is
// prev, and returns the new child's exit channel.
func (s *Server) nextChild(ctx context.Context, prev chan struct{}) (chan struct{}, error) {
	for {
		s.mu.Lock()
		cur := s.exited
		s.mu.Unlock()
		if cur != prev {
			return cur, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.done:
			return nil, errors.New("the supervisor stopped")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) ping(ctx context.Context) error {
	c, err := client.DialContext(ctx, client.Options{
		HostPort:  s.address,
		Namespace: s.opts.Namespace,
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return err
	}
	if _, err = c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: s.opts.Namespace}); err != nil {
		return err
	}
	if s.opts.UI {
		return pingUI(ctx, s.UIAddress())
	}
	return nil
}

// pingUI checks the Web UI answers its health route.
func pingUI(ctx context.Context, base string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the Temporal Web UI: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the Temporal Web UI answers its health check with %s", resp.Status)
	}
	return nil
}

// pid is the current child's process id (for tests that kill it).
func (s *Server) pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.Pid
}
