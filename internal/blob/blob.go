// Package blob is the seam for the bytes of uploaded documents (docs/storage.md, "Files"): one
// interface, Store, with two implementations, the local filesystem (the default, under the data
// directory) and S3-compatible object storage (production). Both write an object whole or not at
// all: a Put whose reader fails, or whose context ends, leaves nothing under the key, so an
// interrupted upload never leaves half a document behind. Neither holds a whole object in memory.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// ErrNotFound: no object under that key.
var ErrNotFound = errors.New("blob: not found")

// Store keeps objects by key. Keys are slash-separated paths of letters, digits, '-', '_' and '.'
// (the app makes them from ids).
type Store interface {
	// Put stores everything r yields under key, replacing nothing: the object appears only once
	// r is read to its end without error. It returns the number of bytes stored.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open reads the object under key; ErrNotFound when there is none.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the object under key; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
}

// Open returns the store a --blob-url names: "" or "file:///path" (the filesystem under path;
// "" means dataDir/blobs), or "s3://bucket?endpoint=URL&region=R&path_style=true" (credentials
// from the environment, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as the AWS SDK reads them).
func Open(ctx context.Context, rawURL, dataDir string) (Store, error) {
	if rawURL == "" {
		return NewFS(filepath.Join(dataDir, "blobs"))
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parsing the blob URL: %w", err)
	}
	switch u.Scheme {
	case "file":
		return NewFS(u.Path)
	case "s3":
		q := u.Query()
		return NewS3(ctx, S3Config{
			Bucket: u.Host, Endpoint: q.Get("endpoint"), Region: q.Get("region"),
			PathStyle: q.Get("path_style") == "true" || q.Get("use_path_style") == "true",
		})
	}
	return nil, fmt.Errorf("blob URL %q: the scheme must be file or s3", rawURL)
}

// checkKey refuses keys that could leave the store's root.
func checkKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "..") || strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("blob key %q is not a relative path", key)
	}
	return nil
}
