//go:build !unix

package gittest

import "time"

// CPUTime is not measured here: benchmarks report zero.
func CPUTime() time.Duration { return 0 }
