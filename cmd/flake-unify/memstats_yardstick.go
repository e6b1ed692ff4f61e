//go:build yardstick

package main

import (
	"fmt"
	"os"
	"runtime"
)

// In a build with the yardstick tag (bench/process, `make bench-process`),
// the process writes how much it allocated in all — package initialisation
// and the command — to the file $FLAKE_UNIFY_MEMSTATS just before it
// exits. Shipped binaries are built without the tag and have no such hook.
func init() {
	beforeExit = func() {
		name := os.Getenv("FLAKE_UNIFY_MEMSTATS")
		if name == "" {
			return
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		_ = os.WriteFile(name, fmt.Appendf(nil, "mallocs %d\ntotalalloc %d\n", m.Mallocs, m.TotalAlloc), 0o644)
	}
}
