package cli

import (
	"io"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cmdline"
	"github.com/flake-unify/flake-unify/internal/cmdline/kongoracle"
)

// The command line is parsed by package cmdline, whose specification is
// kong: on this package's own Grammar, over command lines that give every
// flag of every command in every form, good and bad values, --help and
// --version at each level, both must choose the same command, write the
// same values, print the same bytes and fail with the same message; and
// the help of the top level and of every command must be the same text at
// every width. The manual page and completion are built on kong's model of
// the same Grammar, so it must read it as cmdline does (ModelAgrees).
func surface() kongoracle.Surface {
	return kongoracle.Surface{
		New:         func() any { return new(Grammar) },
		Name:        Name,
		Description: Description,
		KongOutput: func(w io.Writer) []kong.Option {
			return []kong.Option{kong.Bind(&VersionOut{W: w})}
		},
	}
}

func TestCommandLineAgreesWithKong(t *testing.T) {
	s := surface()
	corpus := s.Corpus()
	if len(corpus) < 500 {
		t.Fatalf("only %d command lines", len(corpus))
	}
	s.Agree(t, corpus)
	s.ModelAgrees(t)
}

func TestHelpAgreesWithKong(t *testing.T) {
	var names []string
	k, err := kong.New(new(Grammar), kong.Name(Name), kong.Exit(func(int) {}))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range k.Model.Children {
		names = append(names, c.Name)
	}
	if len(names) < 10 {
		t.Fatalf("kong sees only the commands %v", names)
	}
	widths := []int{-1, 0, 1000}
	for w := 1; w <= 220; w++ {
		widths = append(widths, w)
	}
	surface().HelpAgrees(t, names, widths)
}

// TestGrammarInTheSubset: the Grammar uses only what cmdline reads as kong
// does (a new tag or field type must be added there first).
func TestGrammarInTheSubset(t *testing.T) {
	p, err := cmdline.New(new(Grammar), cmdline.Name(Name), cmdline.Description(Description))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
}
