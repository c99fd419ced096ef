package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEOfflineCommands runs the README's `wfb validate`, `wfb eval` and `wfb test` lines as written,
// from the repository's root, the way a shell would (single quotes, globs): they must succeed.
func TestREADMEOfflineCommands(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := regexp.MustCompile(`(?m)^go run \./cmd/wfb (validate|eval|test) .*$`).FindAll(readme, -1)
	if len(lines) != 3 {
		t.Fatalf("found %d `go run ./cmd/wfb validate|eval|test` lines in README.md, want one of each", len(lines))
	}
	for _, line := range lines {
		t.Run(string(line), func(t *testing.T) {
			args := shellWords(t, string(line))[3:] // drop "go run ./cmd/wfb"
			var out, errOut bytes.Buffer
			if code := run(args, strings.NewReader(""), &out, &errOut); code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
			}
			if args[0] == "eval" && strings.TrimSpace(out.String()) == "" {
				t.Fatalf("printed no result")
			}
		})
	}
}

// shellWords splits a command line as sh would for the simple lines of the README: words
// separated by blanks, single-quoted strings kept whole, a # comment dropped, and unquoted words
// with a * expanded as globs (which must match).
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	inWord, quoted, hadQuote := false, false, false
	flush := func() {
		if !inWord {
			return
		}
		w := word.String()
		word.Reset()
		inWord = false
		glob := strings.Contains(w, "*") && !hadQuote
		hadQuote = false
		if glob {
			matches, err := filepath.Glob(w)
			if err != nil || len(matches) == 0 {
				t.Fatalf("glob %s matches nothing (%v)", w, err)
			}
			words = append(words, matches...)
			return
		}
		words = append(words, w)
	}
	for _, r := range line {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			word.WriteRune(r)
		case r == '\'':
			quoted, inWord, hadQuote = true, true, true
		case r == '#' && !inWord:
			flush()
			return words
		case r == ' ' || r == '\t':
			flush()
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %q", line)
	}
	flush()
	return words
}
