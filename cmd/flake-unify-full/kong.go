package main

import (
	"io"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cli"
)

// kongModel is kong's model of the command surface (cli.Grammar's tags),
// which shell completion and the manual page are built on.
func kongModel(stdout, stderr io.Writer) (*kong.Kong, error) {
	var g cli.Grammar
	return kong.New(&g, kong.Name(cli.Name), kong.Description(cli.Description),
		kong.Writers(stdout, stderr), kong.Exit(func(int) {}))
}
