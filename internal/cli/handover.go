package cli

import (
	"os"
	"path/filepath"

	"github.com/flake-unify/flake-unify/diag"
)

// FullName is the binary that carries every command, installed beside
// flake-unify by the same `go install …/cmd/...` or Nix package.
const FullName = "flake-unify-full"

// handOver runs flake-unify-full, from the directory this binary lives in,
// with the same command line, in place of this process: same arguments,
// environment, standard streams and exit status. what names the command for
// the error when there is no flake-unify-full.
func handOver(what string, args []string) error {
	self, err := os.Executable()
	if err != nil {
		return &diag.Error{What: what + " needs " + FullName + ", which flake-unify cannot look for", Why: err.Error(), Err: err, Hint: installHint}
	}
	full := filepath.Join(filepath.Dir(self), FullName)
	if fi, err := os.Stat(full); err != nil || fi.IsDir() {
		return &diag.Error{What: what + " needs " + FullName + ", which is not installed beside flake-unify",
			Why: "no " + full, Hint: installHint}
	}
	if err := execFull(full, args); err != nil {
		return &diag.Error{What: "cannot run " + full, Why: err.Error(), Err: err, Hint: installHint}
	}
	return nil // not reached: the process is flake-unify-full's now
}

const installHint = "install both binaries: go install github.com/flake-unify/flake-unify/cmd/...@latest (or use the Nix package, which has both)"
