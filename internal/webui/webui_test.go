package webui

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestFilesHoldABuild checks that the embedded build has its entry page and that every asset the
// page names is embedded (a build copied in part would serve a blank page).
func TestFilesHoldABuild(t *testing.T) {
	t.Parallel()
	index, err := fs.ReadFile(Files(), "index.html")
	if err != nil {
		t.Fatalf("the embedded build has no index.html: %v", err)
	}
	refs := regexp.MustCompile(`(?:src|href)="/(assets/[^"]+)"`).FindAllSubmatch(index, -1)
	if len(refs) == 0 {
		t.Fatalf("index.html names no asset under /assets/:\n%s", index)
	}
	for _, m := range refs {
		if _, err := fs.Stat(Files(), string(m[1])); err != nil {
			t.Errorf("index.html names %s, which is not embedded: %v", m[1], err)
		}
	}
}
