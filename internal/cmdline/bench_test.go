package cmdline_test

import (
	"io"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/internal/cmdline"
)

// What every run pays: New and Parse of a command line like check's.
func BenchmarkParseCheck(b *testing.B) {
	benchParse(b, "check", "--max", "1000", "-C", "some/dir")
}

// The same with the command with the most flags.
func BenchmarkParsePlan(b *testing.B) {
	benchParse(b, "plan", "--lock-only", "--keep", "a,b", "--verify-timeout=90s")
}

// benchParse measures New and Parse of args, as a run of flake-unify does.
func benchParse(b *testing.B, args ...string) {
	b.ReportAllocs()
	for b.Loop() {
		p, err := cmdline.New(new(cli.Grammar), cmdline.Name("flake-unify"), cmdline.Description(cli.Description))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Parse(args); err != nil {
			b.Fatal(err)
		}
	}
}

// flake-unify --help: the top level reads every command.
func BenchmarkWriteHelpTop(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		p, err := cmdline.New(new(cli.Grammar), cmdline.Name("flake-unify"), cmdline.Description(cli.Description))
		if err != nil {
			b.Fatal(err)
		}
		if err := p.WriteHelp(io.Discard, "", 80); err != nil {
			b.Fatal(err)
		}
	}
}

// For comparison: kong.New and Parse of the same command line, as
// flake-unify configured kong.
func BenchmarkKongParseCheck(b *testing.B) {
	args := []string{"check", "--max", "1000", "-C", "some/dir"}
	b.ReportAllocs()
	for b.Loop() {
		k, err := kong.New(new(cli.Grammar), kong.Name("flake-unify"), kong.Description(cli.Description),
			kong.Writers(io.Discard, io.Discard), kong.Exit(func(int) {}), kong.UsageOnError(),
			kong.Bind(&cli.VersionOut{W: io.Discard}))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.Parse(args); err != nil {
			b.Fatal(err)
		}
	}
}
