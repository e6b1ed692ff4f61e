// Package gitmode names the three ways flake-unify commits and pushes
// (--git auto|go|exec). It is apart from gitops, which links go-git, so
// that the command-line surface can declare the flag without linking git;
// gitops.Mode is this type, and gitops says what each mode does.
package gitmode

import (
	"fmt"
	"strings"
)

// Mode selects the back end: Auto decides per repository, GoGit works in
// process, Exec runs the git executable.
type Mode int

const (
	// Auto lets gitops decide per repository (see gitops.Auto).
	Auto Mode = iota
	// GoGit works in process, with go-git.
	GoGit
	// Exec runs the git executable.
	Exec
)

func (m Mode) String() string {
	switch m {
	case Auto:
		return "auto"
	case GoGit:
		return "go"
	case Exec:
		return "exec"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// UnmarshalText parses "auto", "go" or "exec", so a Mode can be a CLI flag.
func (m *Mode) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "auto", "":
		*m = Auto
	case "go", "go-git", "gogit":
		*m = GoGit
	case "exec", "git":
		*m = Exec
	default:
		return fmt.Errorf("unknown git mode %q (want auto, go or exec)", b)
	}
	return nil
}

// MarshalText is the inverse of UnmarshalText.
func (m Mode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }
