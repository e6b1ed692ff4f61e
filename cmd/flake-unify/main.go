// Command flake-unify makes every flake in a flake.lock share one nixpkgs.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
