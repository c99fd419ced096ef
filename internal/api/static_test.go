package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// TestStaticCompression checks what a static file's answer is for each Accept-Encoding: gzip
// when accepted and worth it, with its own ETag, Vary and Content-Length; as it is otherwise.
// (Setting Accept-Encoding keeps Go's client from decompressing, so the test sees the wire.)
func TestStaticCompression(t *testing.T) {
	t.Parallel()
	big := []byte(strings.Repeat(`export function f(x){return x*2}`+"\n", 400))
	files := fstest.MapFS{
		"index.html":            {Data: []byte(`<!doctype html><script type="module" src="/assets/big-Aa11.js"></script>`)},
		"assets/big-Aa11.js":    {Data: big},
		"assets/small-Bb22.css": {Data: []byte(`body{margin:0}`)},
	}
	e, svc := sqliteEnv(t)
	srv := httptest.NewServer(New(svc, Options{UI: files}))
	t.Cleanup(srv.Close)
	e.url = srv.URL

	tests := []struct {
		name, path, accept string
		gzip, vary         bool
	}{
		{"gzip", "/assets/big-Aa11.js", "gzip", true, true},
		{"gzip among others", "/assets/big-Aa11.js", "br;q=1.0, gzip;q=0.8, deflate", true, true},
		{"any coding", "/assets/big-Aa11.js", "*", true, true},
		{"x-gzip", "/assets/big-Aa11.js", "x-gzip", true, true},
		{"identity only", "/assets/big-Aa11.js", "identity", false, true},
		{"gzip refused", "/assets/big-Aa11.js", "gzip;q=0, *", false, true},
		{"another coding only", "/assets/big-Aa11.js", "br", false, true},
		{"a file too small to pay", "/assets/small-Bb22.css", "gzip", false, false},
	}
	var plainETag, gzETag string
	for _, tt := range tests {
		r := e.do("GET", tt.path, nil, "Accept-Encoding", tt.accept)
		e.ok(r, http.StatusOK, nil)
		if got := r.header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
			t.Errorf("%s: Content-Encoding %q, want gzip %v", tt.name, r.header.Get("Content-Encoding"), tt.gzip)
		}
		if got := r.header.Get("Vary") == "Accept-Encoding"; got != tt.vary {
			t.Errorf("%s: Vary %q, want Accept-Encoding %v", tt.name, r.header.Get("Vary"), tt.vary)
		}
		if cl := r.header.Get("Content-Length"); cl != strconv.Itoa(len(r.body)) {
			t.Errorf("%s: Content-Length %s for %d bytes", tt.name, cl, len(r.body))
		}
		if ct := r.header.Get("Content-Type"); tt.path == "/assets/big-Aa11.js" && ct != "text/javascript; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", tt.name, ct)
		}
		body := r.body
		if tt.gzip {
			if len(body) >= len(big)/2 {
				t.Errorf("%s: %d bytes gzipped of %d", tt.name, len(body), len(big))
			}
			body = gunzip(t, body)
			gzETag = r.header.Get("ETag")
		} else if tt.path == "/assets/big-Aa11.js" {
			plainETag = r.header.Get("ETag")
		}
		if want := files[strings.TrimPrefix(tt.path, "/")].Data; !bytes.Equal(body, want) {
			t.Errorf("%s: the body is not the file", tt.name)
		}
	}
	if plainETag == "" || gzETag == "" || plainETag == gzETag {
		t.Fatalf("ETags %q (as is) and %q (gzip): want two distinct ones", plainETag, gzETag)
	}

	// Each representation revalidates with its own ETag; the other one's is a full answer.
	revalidations := []struct {
		name, accept, etag string
		status             int
	}{
		{"gzip, its ETag", "gzip", gzETag, http.StatusNotModified},
		{"as is, its ETag", "identity", plainETag, http.StatusNotModified},
		{"gzip, the plain ETag", "gzip", plainETag, http.StatusOK},
		{"as is, the gzip ETag", "identity", gzETag, http.StatusOK},
	}
	for _, tt := range revalidations {
		r := e.do("GET", "/assets/big-Aa11.js", nil, "Accept-Encoding", tt.accept, "If-None-Match", tt.etag)
		if r.status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, r.status, tt.status)
		}
	}
}

// TestDocsCompression checks that the 2 MB viewer script goes out gzipped.
func TestDocsCompression(t *testing.T) {
	t.Parallel()
	e, _ := sqliteEnv(t)
	path := docsAssetsPath + "web-components.min.js"
	plain := e.as("").do("GET", path, nil, "Accept-Encoding", "identity")
	e.ok(plain, http.StatusOK, nil)
	gz := e.as("").do("GET", path, nil, "Accept-Encoding", "gzip, deflate, br")
	e.ok(gz, http.StatusOK, nil)
	if gz.header.Get("Content-Encoding") != "gzip" || gz.header.Get("Vary") != "Accept-Encoding" || len(gz.body)*3 > len(plain.body) {
		t.Fatalf("gzip answer: Content-Encoding %q, Vary %q, %d bytes of %d", gz.header.Get("Content-Encoding"), gz.header.Get("Vary"), len(gz.body), len(plain.body))
	}
	if !bytes.Equal(gunzip(t, gz.body), plain.body) {
		t.Fatal("the gzipped script is not the script")
	}
	if gz.header.Get("Content-Security-Policy") != docsContentSecurityPolicy || gz.header.Get("Cache-Control") != cacheImmutable {
		t.Fatalf("gzip answer headers: %v", gz.header)
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}
