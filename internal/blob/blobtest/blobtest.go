// Package blobtest is the conformance suite every blob.Store passes, and a real S3-compatible
// server for tests: Versity's S3 gateway (versitygw) with its posix backend, started by the test
// in a temporary directory. It is never a mock: a test that cannot find the gateway fails, and
// says how to install it.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/workflowbuilder/wfb/internal/blob"
)

// VersityVersion is the gateway version the tests are written against; test.sh installs it with
// `go install github.com/versity/versitygw/cmd/versitygw@` + VersityVersion.
const VersityVersion = "v1.8.0"

// versitygw finds the gateway: $WFB_VERSITYGW, else versitygw on PATH, else in $(go env GOPATH)/bin.
func versitygw(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("WFB_VERSITYGW"); p != "" {
		return p
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(string(bytes.TrimSpace(out)), "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("the S3 tests need Versity's S3 gateway: go install github.com/versity/versitygw/cmd/versitygw@%s (or set WFB_VERSITYGW)", VersityVersion)
	return ""
}

// S3 starts a gateway over a fresh directory, with one bucket, and returns the store of that
// bucket; the gateway stops when t ends.
func S3(t testing.TB) blob.Store {
	t.Helper()
	root := t.TempDir()
	const bucket = "wfb-test"
	if err := os.Mkdir(filepath.Join(root, bucket), 0o750); err != nil {
		t.Fatal(err)
	}
	sidecar := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	const access, secret = "wfbtestaccess", "wfbtestsecret123"
	cmd := exec.Command(versitygw(t), "--port", addr, "--access", access, "--secret", secret, "--quiet",
		"posix", "--sidecar", sidecar, root)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting versitygw: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	ctx := context.Background()
	s, err := blob.NewS3(ctx, blob.S3Config{Bucket: bucket, Endpoint: "http://" + addr, PathStyle: true, AccessKey: access, SecretKey: secret})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		// The gateway answers once it listens: a missing key is its first sign of life.
		_, err := s.Open(ctx, "probe")
		if errors.Is(err, blob.ErrNotFound) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not answer: %v; its log:\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Run runs the conformance cases on the store newStore makes (a fresh one per call).
func Run(t *testing.T, newStore func(t *testing.T) blob.Store) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, newStore(t)) })
	t.Run("LargeStreamed", func(t *testing.T) { testLargeStreamed(t, newStore(t)) })
	t.Run("InterruptedLeavesNothing", func(t *testing.T) { testInterrupted(t, newStore(t)) })
}

func testRoundTrip(t *testing.T, s blob.Store) {
	ctx := context.Background()
	for _, size := range []int{0, 1, 512, blob.PartSize, blob.PartSize + 1} {
		key := fmt.Sprintf("files/rt-%d", size)
		data := pattern(int64(size))
		n, err := s.Put(ctx, key, bytes.NewReader(data))
		if err != nil || n != int64(size) {
			t.Fatalf("Put %d bytes: %d, %v", size, n, err)
		}
		if got := read(t, s, key); !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes, want %d equal ones", len(got), size)
		}
	}
	if _, err := s.Open(ctx, "files/missing"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Open of a missing key: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "files/rt-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, "files/rt-1"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Open after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "files/rt-1"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	for _, bad := range []string{"", "/abs", "../up", "a/../../b"} {
		if _, err := s.Put(ctx, bad, bytes.NewReader(nil)); err == nil {
			t.Errorf("Put accepted key %q", bad)
		}
	}
}

// testLargeStreamed stores an object ten times the size of an S3 part and checks, from the
// process's allocation counter, that storing it allocated less than half its size: it was
// streamed, never held whole.
func testLargeStreamed(t *testing.T, s blob.Store) {
	ctx := context.Background()
	const size = 10*blob.PartSize + 12345
	want := sha256.New()
	_, _ = io.Copy(want, &patternReader{n: size})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, err := s.Put(ctx, "files/large", &patternReader{n: size})
	runtime.ReadMemStats(&after)
	if err != nil || n != size {
		t.Fatalf("Put: %d, %v", n, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/2 {
		t.Fatalf("storing %d bytes allocated %d: the object was buffered", size, alloc)
	}
	rc, err := s.Open(ctx, "files/large")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got := sha256.New()
	if m, err := io.Copy(got, rc); err != nil || m != size {
		t.Fatalf("reading back: %d, %v", m, err)
	}
	if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Fatal("the object read back differs")
	}
}

// testInterrupted fails uploads part-way, by the reader and by the context, small (one part)
// and multipart: each Put fails and the key holds nothing.
func testInterrupted(t *testing.T, s blob.Store) {
	for _, tc := range []struct {
		name   string
		size   int64
		cancel bool
	}{
		{"small-reader", 1000, false},
		{"multipart-reader", 2*blob.PartSize + 10, false},
		{"small-cancel", 1000, true},
		{"multipart-cancel", 2*blob.PartSize + 10, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := &failingReader{r: &patternReader{n: tc.size + 1}, after: tc.size}
			if tc.cancel {
				r.fail = cancel
			}
			key := "files/interrupted-" + tc.name
			if _, err := s.Put(ctx, key, r); err == nil {
				t.Fatal("Put of an interrupted upload succeeded")
			}
			if _, err := s.Open(context.Background(), key); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("after an interrupted upload, Open: %v, want ErrNotFound", err)
			}
			if fs, ok := s.(*blob.FS); ok {
				tmp, err := os.ReadDir(filepath.Join(fs.Root, ".tmp"))
				if err != nil || len(tmp) != 0 {
					t.Fatalf("temporary files left: %v %v", tmp, err)
				}
			}
		})
	}
}

// errInterrupted is what a failingReader fails with when it does not cancel.
var errInterrupted = errors.New("connection reset by the test")

// failingReader yields `after` bytes of r, then fails: with errInterrupted, or, when fail is
// set, by calling it (cancelling the upload's context) and failing with context.Canceled.
type failingReader struct {
	r     io.Reader
	after int64
	fail  func()
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		if f.fail != nil {
			f.fail()
			return 0, context.Canceled
		}
		return 0, errInterrupted
	}
	if int64(len(p)) > f.after {
		p = p[:f.after]
	}
	n, err := f.r.Read(p)
	f.after -= int64(n)
	return n, err
}

// patternReader yields n bytes of a fixed, non-repeating-looking pattern without holding them.
type patternReader struct{ n, off int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	if int64(len(b)) > p.n-p.off {
		b = b[:p.n-p.off]
	}
	for i := range b {
		x := uint64(p.off + int64(i))
		b[i] = byte((x * 2654435761) >> 13)
	}
	p.off += int64(len(b))
	return len(b), nil
}

func pattern(n int64) []byte {
	b, _ := io.ReadAll(&patternReader{n: n})
	return b
}

func read(t *testing.T, s blob.Store, key string) []byte {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %s: %v", key, err)
	}
	return b
}
