package id

import (
	"sync"
	"testing"
)

func TestNewIsValidAndUnique(t *testing.T) {
	t.Parallel()
	const goroutines, each = 8, 2000
	var mu sync.Mutex
	seen := make(map[string]bool, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]string, 0, each)
			for range each {
				local = append(local, New())
			}
			mu.Lock()
			defer mu.Unlock()
			for _, s := range local {
				if !Valid(s) {
					t.Errorf("New() = %q, not Valid", s)
				}
				if seen[s] {
					t.Errorf("New() returned %q twice", s)
				}
				seen[s] = true
			}
		}()
	}
	wg.Wait()
}

func TestValid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{New(), true},
		{"", false},
		{"Cmiflq3x40001a8k2m3n4p5q6", false},
		{"cmiflq3x40001a8k2m3n4p5q", false},
		{"cmiflq3x40001a8k2m3n4p5q-", false},
		{"1miflq3x40001a8k2m3n4p5q6", false},
	} {
		if got := Valid(tc.in); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
