package cmdline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/cmdline/kongoracle"
)

// GitMode is a text type without a placeholder: help names it GIT-MODE.
type GitMode string

func (m *GitMode) UnmarshalText(b []byte) error {
	if strings.Contains(string(b), "!") {
		return fmt.Errorf("no %q", b)
	}
	*m = GitMode(strings.ToUpper(string(b)))
	return nil
}

// wide uses the parts of the subset the real surface does not: flags
// without placeholders, defaults of other kinds, positionals of every
// sort, required and short global flags, names with digits, acronyms and
// letters beyond ASCII, help in several paragraphs.
type wide struct {
	Token   string `required:"" help:"A required global flag."`
	Verbose bool   `short:"v" help:"More output; costs $$ nothing."`
	Level   string `default:"info" enum:"debug,info" help:"Log level."`

	Copy struct {
		From  string        `arg:"" help:"Source."`
		To    string        `arg:"" optional:"" default:"out" help:"Destination."`
		Force bool          `required:"" help:"Required bool."`
		Retry int           `default:"3" help:"Retries."`
		Wait  *int          `help:"Optional wait."`
		Mode  GitMode       `help:"A text type without placeholder."`
		After time.Duration `help:"A duration without default."`
		Tags  []string      `help:"Tags."`
	} `cmd:"" help:"Copy things.\n\nIt copies them well.\n\nA Heading\n\nAnd more text after the heading, long enough to wrap at narrow widths of help."`
	Sum struct {
		Files    []string `arg:"" help:"Files to add."`
		Go2Go    string   `help:"Digits in a name."`
		HTTPPort int      `help:"An acronym."`
		Größe    string   `help:"Letters beyond ASCII."`
		Root     string   `type:"path" default:"." help:"A path with a default."`
	} `cmd:"" name:"sum" help:"Add files."`
	Pick struct {
		Color string `arg:"" enum:"red,green" default:"red" help:"A positional enum with a default."`
	} `cmd:"" help:"Pick a colour."`
}

func wideSurface() kongoracle.Surface {
	return kongoracle.Surface{New: func() any { return new(wide) }, Name: "wide", Description: "A grammar that uses the whole subset.\n\nSecond paragraph."}
}

func TestWideSubsetAgreesWithKong(t *testing.T) {
	s := wideSurface()
	corpus := s.Corpus()
	for _, args := range [][]string{
		{"--token", "t", "copy", "a", "--force"},
		{"--token=t", "copy", "a", "b", "--force", "--wait", "5", "--mode", "go", "--after", "1m"},
		{"--token", "t", "copy", "--force", "a", "b", "c"},
		{"--token", "t", "sum"},
		{"--token", "t", "sum", "a", "b", "--", "-c"},
		{"--token", "t", "sum", "a", "--root", "~/x", "--größe", "g"},
		{"--token", "t", "pick"},
		{"--token", "t", "pick", "blue"},
		{"--token", "t", "pick", "green", "-v", "--level", "debug"},
		{"copy", "a", "--force"},
		{"--level", "trace", "--token", "t", "pick"},
	} {
		corpus = append(corpus, args)
	}
	s.Agree(t, corpus)
	s.ModelAgrees(t)
	s.HelpAgrees(t, []string{"copy", "sum", "pick"}, []int{-1, 0, 1, 10, 25, 40, 60, 80, 100, 133})
}
