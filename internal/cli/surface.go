package cli

import (
	"bytes"
	"io"

	"github.com/flake-unify/flake-unify/diffview"
)

// The flags every command shares are described once, in the top-level
// --help (surfaceHelp); each command embeds the structs below so that they
// parse and behave the same everywhere.

const surfaceHelp = "The commands that read a flake (graph, check, plan, apply, pr) share these flags: " +
	"-C DIR, the flake's directory (default: the current one; policy has it too); " +
	"--color auto|always|never (auto: FORCE_COLOR first, then NO_COLOR or TERM=dumb, then whether stdout is a terminal); " +
	"and, all but pr, --json: one JSON document on stdout, errors on stderr (version --json too). " +
	"Exit status: 0 done, 1 a negative answer (check; --verify: no candidate passed), 2 bad usage or input, 130 or 143 interrupted (Ctrl-C, SIGTERM). " +
	"More: flake-unify help TOPIC (policy, completion, bot), man flake-unify."

// ColorFlag is --color for commands whose own struct has none: the same
// values and the same decision as plan's.
type ColorFlag struct {
	Color string `default:"auto" enum:"auto,always,never" help:"Colour the output (plan's diff, graph's marks; accepted alike by graph, check, plan, apply and pr): auto, always or never." placeholder:"auto|always|never"`
}

// useColor decides for stdout.
func (c ColorFlag) useColor(e *Env) (bool, error) {
	return diffview.UseColor(c.Color, e.Getenv, e.isTTY(e.Stdout))
}

// jsonFlag is --json for a command whose output has another switch for it
// (graph's --format json).
type jsonFlag struct {
	JSON bool `name:"json" help:"Print one JSON document (graph: the same as --format json)."`
}

const (
	ansiYellow = "\x1b[33m"
	ansiReset  = "\x1b[0m"
)

// paintMarks colours the bracketed note that ends a tree line ("  [nixpkgs:
// …]", a copy of a selected source), so the copies stand out in a long
// tree; the rest of each line is left as it is.
func paintMarks(w io.Writer, tree []byte) error {
	var out bytes.Buffer
	for len(tree) > 0 {
		line, rest, nl := bytes.Cut(tree, []byte("\n"))
		tree = rest
		if i := bytes.LastIndex(line, []byte("  [")); i >= 0 && bytes.HasSuffix(line, []byte("]")) {
			out.Write(line[:i+2])
			out.WriteString(ansiYellow)
			out.Write(line[i+2:])
			out.WriteString(ansiReset)
		} else {
			out.Write(line)
		}
		if nl {
			out.WriteByte('\n')
		}
	}
	_, err := w.Write(out.Bytes())
	return err
}
