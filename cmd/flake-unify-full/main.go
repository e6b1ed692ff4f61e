// Command flake-unify-full is flake-unify with every command in one binary:
// the ones that write git history or talk to a forge (apply, pr) and the
// ones built on kong's model of the command line (completion, man) besides
// those flake-unify runs itself. flake-unify hands those commands over to
// it; it can be run directly too.
package main

import (
	"os"

	"github.com/flake-unify/flake-unify/internal/cli"
)

// version: see cmd/flake-unify (the same -X main.version flag sets both).
var version string

func main() {
	cli.SetVersion(version)
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, full))
}

// full is the work of the commands only this binary carries.
var full = &cli.Full{
	Apply:      apply,
	PR:         pr,
	Completion: completion,
	Man:        man,
	Complete:   completeLine,
}
