package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// minGzipSize is the size under which a file is sent as it is: gzip's header and the request's
// round trip cost more than the bytes it would save.
const minGzipSize = 1024

// staticFile is one file built into the binary (the web app's, the docs viewer's), served with
// a strong ETag and, to a client that accepts it, gzip. The gzip is made once, on the file's
// first request, at the best compression level (deterministic: the same bytes every time), and
// kept in memory; only the servers that serve a file pay for compressing it.
type staticFile struct {
	name  string
	raw   []byte
	etag  string
	ctype string

	once sync.Once
	gz   []byte // nil when gzip does not make the file at least 10% smaller
}

func newStaticFile(name string, raw []byte) *staticFile {
	sum := sha256.Sum256(raw)
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(raw)
	}
	return &staticFile{name: name, raw: raw, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, ctype: ctype}
}

func (f *staticFile) gzipped() []byte {
	f.once.Do(func() {
		if len(f.raw) < minGzipSize {
			return
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return // only for a bad level
		}
		// Writes to a bytes.Buffer do not fail.
		_, _ = zw.Write(f.raw)
		_ = zw.Close()
		if buf.Len() < len(f.raw)*9/10 {
			f.gz = buf.Bytes()
		}
	})
	return f.gz
}

// serve answers r with the file: gzip-encoded when the client accepts it and it pays, with its
// own ETag (a strong validator names one representation's bytes), and Vary so that caches keep
// the two apart. ServeContent answers conditional and range requests (ranges of the bytes sent).
// The caller sets the other headers (policy, caching).
func (f *staticFile) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	body, etag := f.raw, f.etag
	if gz := f.gzipped(); gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			body, etag = gz, strings.TrimSuffix(f.etag, `"`)+`-gzip"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	// Embedded files have no modification time; the ETag is the validator.
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reads Accept-Encoding (RFC 9110 §12.5.3): gzip (or x-gzip) with a non-zero
// quality, or "*" with one when gzip is not named.
func acceptsGzip(values []string) bool {
	star := false
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(item), ";")
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, val, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "q") {
					if x, err := strconv.ParseFloat(val, 64); err == nil {
						q = x
					}
				}
			}
			switch strings.ToLower(strings.TrimSpace(coding)) {
			case "gzip", "x-gzip":
				return q > 0
			case "*":
				star = q > 0
			}
		}
	}
	return star
}
