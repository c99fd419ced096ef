package blob_test

import (
	"testing"

	"github.com/workflowbuilder/wfb/internal/blob"
	"github.com/workflowbuilder/wfb/internal/blob/blobtest"
)

// TestConformance runs the same cases on the filesystem store and on a real S3-compatible server.
func TestConformance(t *testing.T) {
	t.Run("fs", func(t *testing.T) {
		blobtest.Run(t, func(t *testing.T) blob.Store {
			s, err := blob.NewFS(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
	t.Run("s3", func(t *testing.T) {
		blobtest.Run(t, func(t *testing.T) blob.Store { return blobtest.S3(t) })
	})
}
