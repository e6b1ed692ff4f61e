// Command flake-unify makes every flake in a flake.lock share one nixpkgs.
//
// This binary holds the commands that only read (graph, check, plan,
// policy, version, help) and starts fast for them; apply, pr, completion
// and man are handed over to flake-unify-full, installed beside it, which
// links git and the forge clients.
package main

import (
	"os"

	"github.com/flake-unify/flake-unify/internal/cli"
)

// version overrides the module version read from the build info. Release
// builds set it with
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/...
//
// because a binary built from a checkout (or by Nix from a source tree
// without .git) records only "(devel)".
var version string

// beforeExit, when set, runs after the command and before the process
// exits; only a build with the yardstick tag sets it (memstats_yardstick.go).
var beforeExit func()

func main() {
	cli.SetVersion(version)
	code := cli.Main(os.Args[1:], os.Stdout, os.Stderr, nil)
	if beforeExit != nil {
		beforeExit()
	}
	os.Exit(code)
}
