package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is a Store on the local filesystem: each object is a file under Root.
type FS struct {
	Root string
}

// NewFS returns the store under root, creating it.
func NewFS(root string) (*FS, error) {
	if err := os.MkdirAll(filepath.Join(root, ".tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("creating the blob directory %s: %w", root, err)
	}
	return &FS{Root: root}, nil
}

// Put writes r to a temporary file under Root/.tmp (the same filesystem), syncs it and renames
// it into place: the rename is atomic, so the key holds the whole object or nothing. On any
// failure the temporary file is removed.
func (s *FS) Put(ctx context.Context, key string, r io.Reader) (n int64, err error) {
	if err := checkKey(key); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Join(s.Root, ".tmp"), "put-*")
	if err != nil {
		return 0, fmt.Errorf("storing %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	n, err = io.Copy(tmp, ctxReader{ctx, r})
	if err != nil {
		return n, fmt.Errorf("storing %s: %w", key, err)
	}
	if err = tmp.Sync(); err != nil {
		return n, fmt.Errorf("storing %s: %w", key, err)
	}
	if err = tmp.Close(); err != nil {
		return n, fmt.Errorf("storing %s: %w", key, err)
	}
	path := filepath.Join(s.Root, filepath.FromSlash(key))
	if err = os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return n, fmt.Errorf("storing %s: %w", key, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return n, fmt.Errorf("storing %s: %w", key, err)
	}
	return n, nil
}

// Open opens the object's file.
func (s *FS) Open(_ context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(s.Root, filepath.FromSlash(key)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("opening %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", key, err)
	}
	return f, nil
}

// Delete removes the object's file.
func (s *FS) Delete(_ context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	err := os.Remove(filepath.Join(s.Root, filepath.FromSlash(key)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("deleting %s: %w", key, err)
	}
	return nil
}

// ctxReader fails a read once ctx is done, so a cancelled upload stops copying.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
