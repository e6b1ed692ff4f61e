package main

import (
	"io"
	"os"
	"testing"

	"github.com/flake-unify/flake-unify/internal/cli"
)

// run is the whole binary in process, as the tests drive it.
func run(args []string, stdout, stderr io.Writer) int { return cli.Main(args, stdout, stderr, full) }

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
