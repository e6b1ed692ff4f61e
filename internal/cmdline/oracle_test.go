package cmdline_test

import (
	"io"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/internal/cmdline/kongoracle"
)

// surface is flake-unify's command line (internal/cli's Grammar), as both
// parsers are given it: the program's own surface is the subset this
// package must get right, so the comparisons below run on it.
func surface() kongoracle.Surface {
	return kongoracle.Surface{
		New:         func() any { return new(cli.Grammar) },
		Name:        "flake-unify",
		Description: cli.Description,
		// kong's hook for --version prints to the parse's output.
		KongOutput: func(w io.Writer) []kong.Option {
			return []kong.Option{kong.Bind(&cli.VersionOut{W: w})}
		},
	}
}

func TestAgreesWithKong(t *testing.T) {
	s := surface()
	corpus := s.Corpus()
	if len(corpus) < 500 {
		t.Fatalf("only %d command lines", len(corpus))
	}
	s.Agree(t, corpus)
}

// commands are the surface's command names.
var commands = []string{"graph", "check", "plan", "apply", "policy", "pr", "version", "completion", "help", "man"}

func TestHelpAgreesWithKong(t *testing.T) {
	// Every width from 1 to 220 (where the columns and the line breaks
	// move), and the odd ones: none, negative, very wide.
	widths := []int{-1, 0, 1000}
	for w := 1; w <= 220; w++ {
		widths = append(widths, w)
	}
	surface().HelpAgrees(t, commands, widths)
}

func TestModelAgreesWithKong(t *testing.T) {
	surface().ModelAgrees(t)
}

// The help that --help prints is as wide as kong makes it: $COLUMNS when
// it is a number (even a silly one), else the terminal, else 80.
func TestHelpWidthFromColumns(t *testing.T) {
	s := surface()
	for _, cols := range []string{"", "abc", "33", "-7", "0", "250"} {
		t.Run(cols, func(t *testing.T) {
			t.Setenv("COLUMNS", cols)
			s.Agree(t, [][]string{{"--help"}, {"plan", "--help"}, {"completion", "-h"}})
		})
	}
}

// --version's sentinel error reaches the caller through both parsers, so
// the program can tell "printed, exit 0" from a failure.
func TestActionErrorReachesTheCaller(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"check", "--version"}, {"--help", "--version"}} {
		k, c := surface().ErrIs(args, cli.ErrShown)
		if !k || !c {
			t.Errorf("%q: errors.Is(err, ErrShown): kong %v, cmdline %v", args, k, c)
		}
	}
}
