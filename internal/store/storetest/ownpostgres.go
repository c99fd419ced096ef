package storetest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// OwnPostgres is a PostgreSQL server of one test's own, in a temporary directory and on a free
// port, which the test may stop and start again (an outage) without touching the machine's
// service.
type OwnPostgres struct {
	t    *testing.T
	bin  string // the directory of initdb and pg_ctl
	dir  string
	port int
	as   string // the user the server runs as when the test runs as root; "" otherwise
}

// StartOwnPostgres creates a cluster with initdb under /usr/lib/postgresql/*/bin (the newest),
// starts it, and stops and removes it when the test ends. Without those binaries the test is
// skipped, or fails under CI=true. As root it runs them as the user postgres, since initdb
// refuses root.
func StartOwnPostgres(t *testing.T) *OwnPostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("no /usr/lib/postgresql/*/bin/initdb: install PostgreSQL's server package")
		}
		t.Skip("no /usr/lib/postgresql/*/bin/initdb: install PostgreSQL's server package to run this test")
	}
	sort.Slice(bins, func(i, j int) bool { return pgMajor(bins[i]) < pgMajor(bins[j]) })
	p := &OwnPostgres{t: t, bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "wfb-own-pg-")
	if err != nil {
		t.Fatal(err)
	}
	p.dir = dir
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, and there is no user postgres to run the server as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		p.as = "postgres"
	}
	p.run("initdb", "-D", p.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.port = l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	p.Start()
	t.Cleanup(func() {
		_ = p.command("pg_ctl", "-D", p.data(), "-m", "immediate", "-w", "stop").Run()
	})
	return p
}

func pgMajor(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

func (p *OwnPostgres) data() string { return filepath.Join(p.dir, "data") }

// URL is the server's connection URL.
func (p *OwnPostgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// Start starts the server and waits until it accepts connections.
func (p *OwnPostgres) Start() {
	p.t.Helper()
	p.run("pg_ctl", "-D", p.data(), "-l", filepath.Join(p.dir, "log"), "-w", "-t", "120",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, p.dir), "start")
}

// Stop stops the server the way an operator's restart does (pg_ctl -m fast: open sessions are
// ended) and waits until it is down.
func (p *OwnPostgres) Stop() {
	p.t.Helper()
	p.run("pg_ctl", "-D", p.data(), "-m", "fast", "-w", "-t", "120", "stop")
}

func (p *OwnPostgres) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(p.bin, name)
	if p.as != "" {
		return exec.Command("runuser", append([]string{"-u", p.as, "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (p *OwnPostgres) run(name string, args ...string) {
	p.t.Helper()
	cmd := p.command(name, args...)
	cmd.Dir = p.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(p.dir, "log"))
		p.t.Fatalf("%s %v: %v\n%s\nserver log:\n%s", name, args, err, out, log)
	}
}
