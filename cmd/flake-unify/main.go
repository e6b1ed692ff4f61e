// Command flake-unify makes every flake in a flake.lock share one nixpkgs.
package main

import (
	"os"
)

// beforeExit, when set, runs after the command and before the process
// exits; only a build with the yardstick tag sets it (memstats_yardstick.go).
var beforeExit func()

func main() {
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	if beforeExit != nil {
		beforeExit()
	}
	os.Exit(code)
}
