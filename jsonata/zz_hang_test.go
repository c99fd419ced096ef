package jsonata

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var hangInput any

func TestZZHang(t *testing.T) {
	b, _ := os.ReadFile("../../shared/jsonata-suite/datasets/dataset5.json")
	v, _ := ParseJSON(b)
	hangInput, _ = fromGo(v)
	var corpus []string
	for _, dir := range []string{"testdata/fuzz/FuzzCompile", "/root/.cache/go-build/fuzz/github.com/workflowbuilder/wfb/jsonata/FuzzCompile", "/root/.cache/go-build/fuzz/github.com/workflowbuilder/wfb/jsonata/FuzzEvaluate"} {
		files, _ := filepath.Glob(dir + "/*")
		for _, f := range files {
			b, _ := os.ReadFile(f)
			lines := strings.Split(string(b), "\n")
			if len(lines) > 1 && strings.HasPrefix(lines[1], "string(") {
				s, err := strconv.Unquote(lines[1][7 : len(lines[1])-1])
				if err == nil {
					corpus = append(corpus, s)
				}
			}
		}
	}
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	deadline := time.Now().Add(50 * time.Second)
	n := 0
	for time.Now().Before(deadline) {
		s := corpus[r.Intn(len(corpus))]
		for k := 0; k < 1+r.Intn(6); k++ {
			if len(s) == 0 {
				break
			}
			i := r.Intn(len(s))
			switch r.Intn(4) {
			case 0:
				s = s[:i] + s[i+1:]
			case 1:
				o := corpus[r.Intn(len(corpus))]
				if len(o) > 0 {
					j := r.Intn(len(o))
					s = s[:i] + o[j:min(len(o), j+1+r.Intn(8))] + s[i:]
				}
			case 2:
				j := i + r.Intn(len(s)-i)
				s = s[:i] + s[i:j] + s[i:]
			case 3:
				s = s[:i] + string("()[]{}?:%#@.$\"'/*|&^~<>,;"[r.Intn(25)]) + s[i:]
			}
		}
		done := make(chan bool, 1)
		go func(s string) {
			defer func() {
				if r := recover(); r != nil {
					fmt.Printf("PANIC %q: %v\n", s, r)
				}
				done <- true
			}()
			root, err := parse(s)
			if err == nil {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				defer cancel()
				e := &Expression{root: root}
				in := hangInput
				e.evaluate(ctx, in, &options{maxDepth: 200, maxItems: 10000, maxBytes: 100000})
			}
		}(s)
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			fmt.Printf("HANG: %q\n", s)
			return
		}
		n++
	}
	fmt.Println("no hang in", n)
}
