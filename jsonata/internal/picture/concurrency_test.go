package picture

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUse runs the formatters from many goroutines on more
// pictures than the caches hold, so that -race sees evictions while other
// goroutines read.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2 * cacheSize {
				width := (i+g)%cacheSize + 1
				want := fmt.Sprintf("%0*d", width, 7)
				got, err := FormatInteger(7, fmt.Sprintf("%0*d", width, 0))
				if err != nil || got != want {
					errs <- fmt.Errorf("width %d: got %q, %v", width, got, err)
					return
				}
				pic := fmt.Sprintf("[Y0001]-[M01]-[D01] [H%02d]", i%3)
				if _, err := FormatDateTime(int64(i)*86400000, pic, ""); err != nil {
					errs <- err
					return
				}
				if _, _, err := ParseDateTime("2018-01-01 10", pic, 0); err != nil {
					errs <- err
					return
				}
				if _, err := FormatNumber(float64(i), fmt.Sprintf("#,##0.%0*d", i%5+1, 0), nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
