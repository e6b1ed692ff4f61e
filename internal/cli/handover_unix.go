//go:build unix

// flake-unify runs where Nix does: Linux and macOS.

package cli

import (
	"os"
	"syscall"
)

// execFull replaces this process by full: signals, exit status and
// terminal stay the user's, and nothing of this process lingers.
func execFull(full string, args []string) error {
	return syscall.Exec(full, append([]string{FullName}, args...), os.Environ())
}
