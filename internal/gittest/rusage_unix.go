//go:build unix

package gittest

import (
	"syscall"
	"time"
)

// CPUTime is the user and system CPU time used so far by this process
// and its finished children (the git commands of mode=exec): on a busy
// machine it measures the work done better than the wall clock.
func CPUTime() time.Duration {
	var t time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err == nil {
			t += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return t
}
