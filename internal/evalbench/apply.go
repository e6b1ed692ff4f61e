package evalbench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// Apply unifies the world with the flake-unify binary at bin, as a user
// would (`flake-unify apply --no-commit`, for the Nix being measured),
// commits the result, and fails unless Nix accepts the new lock as up to
// date for the patched flake.nix.
func (w *World) Apply(tb testing.TB, bin string) {
	tb.Helper()
	cmd := exec.Command(bin, "apply", "--no-commit", "-C", w.Root,
		"--nix-version", fmt.Sprintf("%d.%d", w.Nix.Major, w.Nix.Minor))
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("evalbench: flake-unify apply: %v\n%s", err, out)
	}
	w.u.Commit(w.Root)
	if err := w.Nix.UpToDate(tb, w.Root); err != nil {
		tb.Fatalf("evalbench: %s does not accept the unified lock: %v", w.Nix, err)
	}
}

// Copies is what the world's flake.lock holds of nixpkgs.
type Copies struct {
	Nodes      int // distinct nixpkgs nodes: one evaluation each
	StorePaths int // distinct locked narHashes: one source copy each in the store
}

// Copies counts the nixpkgs of the current flake.lock, by flake-unify's
// own classifier.
func (w *World) Copies(tb testing.TB) Copies {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(w.Root, "flake.lock"))
	if err != nil {
		tb.Fatal(err)
	}
	l, err := lockgraph.Parse("flake.lock", data)
	if err == nil {
		err = l.Check()
	}
	if err != nil {
		tb.Fatalf("evalbench: %v", err)
	}
	copies, err := l.Copies(lockgraph.Classifier{})
	if err != nil {
		tb.Fatalf("evalbench: %v", err)
	}
	var n Copies
	hashes := map[string]bool{}
	for _, c := range copies {
		if c.Source.Class != lockgraph.Nixpkgs {
			continue
		}
		n.Nodes++
		if h := c.Node.Locked.Str("narHash"); !hashes[h] {
			hashes[h] = true
			n.StorePaths++
		}
	}
	return n
}
