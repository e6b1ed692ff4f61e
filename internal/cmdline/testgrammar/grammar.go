// Package testgrammar is a copy of flake-unify's command surface as it was
// declared with kong: the command structs, their embedded flag structs and
// every tag, word for word. Field types that would bring heavy packages
// along are replaced by local types that parse the same way (Mode for the
// git back end; the unexported fields the commands keep for themselves).
// The tests of package cmdline parse it with cmdline and with kong and
// compare; a program measuring cmdline's start-up links it alone.
//
// It is a snapshot, taken when cmdline replaced kong, and need not follow
// later changes: internal/cli runs the same comparison on the real Grammar.
package testgrammar

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// New returns a fresh grammar to parse into.
func New() any { return new(cli) }

// Description is the top-level help text the real program gives.
const Description = "Make every input of a Nix flake share one nixpkgs.\n\n" + surfaceHelp

const surfaceHelp = "The commands that read a flake (graph, check, plan, apply, pr) share these flags: " +
	"-C DIR, the flake's directory (default: the current one; policy has it too); " +
	"--color auto|always|never (auto: FORCE_COLOR first, then NO_COLOR or TERM=dumb, then whether stdout is a terminal); " +
	"and, all but pr, --json: one JSON document on stdout, errors on stderr (version --json too). " +
	"Exit status: 0 done, 1 a negative answer (check; --verify: no candidate passed), 2 bad usage or input, 130 or 143 interrupted (Ctrl-C, SIGTERM). " +
	"More: flake-unify help TOPIC (policy, completion, bot), man flake-unify."

// ErrShown is what --version returns after printing: stop, nothing failed.
var ErrShown = errors.New("shown")

// Version is what --version prints.
const Version = "flake-unify (devel) go1.x"

// Out is where kong's hook for --version writes (bind it with kong.Bind).
type Out struct{ W io.Writer }

// versionFlag is --version on the top level.
type versionFlag bool

// BeforeReset is the hook kong calls when --version is given.
func (versionFlag) BeforeReset(o *Out) error {
	fmt.Fprintln(o.W, Version)
	return ErrShown
}

// Act is what cmdline calls when --version is given.
func (versionFlag) Act(w io.Writer) error {
	fmt.Fprintln(w, Version)
	return ErrShown
}

// Mode stands for gitops.Mode: the same words, the same error.
type Mode int

// UnmarshalText parses "auto", "go" or "exec" as gitops.Mode does.
func (m *Mode) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "auto", "":
		*m = 0
	case "go", "go-git", "gogit":
		*m = 1
	case "exec", "git":
		*m = 2
	default:
		return fmt.Errorf("unknown git mode %q (want auto, go or exec)", b)
	}
	return nil
}

// What the commands keep for themselves; never parsed.
type (
	measurement struct{ runs int }
	report      struct{ passed bool }
	source      struct{ path string }
)
