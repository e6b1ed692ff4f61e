package cmdline_test

import (
	"io"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cmdline/kongoracle"
	"github.com/flake-unify/flake-unify/internal/cmdline/testgrammar"
)

// surface is the copy of flake-unify's command surface, as both parsers
// are given it.
func surface() kongoracle.Surface {
	return kongoracle.Surface{
		New:         testgrammar.New,
		Name:        "flake-unify",
		Description: testgrammar.Description,
		// kong's hook for --version prints to the parse's output.
		KongOutput: func(w io.Writer) []kong.Option {
			return []kong.Option{kong.Bind(&testgrammar.Out{W: w})}
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
