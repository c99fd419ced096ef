//go:build unix

package definition_test

import (
	"syscall"
	"time"
)

// processCPU is the user+system CPU time of this process so far. Benchmarks
// report it per operation next to ns/op, because on a shared machine wall
// time mostly measures the other tenants.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
