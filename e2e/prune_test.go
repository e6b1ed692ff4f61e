package e2e

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// Stale follows, judged by real Nix: the root overrides an input its
// dependency no longer has (inputs.a.inputs.gone.follows), so Nix warns
// about "an override for a non-existent input" on every lock. After
// `apply --prune` the declaration is gone, Nix says nothing of it, and
// given the new flake.nix Nix writes exactly the lock flake-unify wrote.
func TestPruneStaleFollows(t *testing.T) {
	s := spec{Releases: std,
		Deps: []flakeSpec{
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, np("nixpkgs", "main", stable)),
		},
		Root: withOverrides(root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)), override{"a/gone", "nixpkgs"}),
	}
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		w := build(t, nix, &s)
		// Nix reads the overrides when it resolves the inputs afresh (2.8
		// only then), so ask for that, into a scratch lock file.
		// Nix 2.8 has no --output-lock-file: a copy of the root is
		// relocked instead.
		runs := 0
		fresh := func() string {
			runs++
			scratch := filepath.Join(filepath.Dir(w.root), fmt.Sprintf("scratch-%d", runs))
			if out, err := exec.Command("cp", "-a", w.root, scratch).CombinedOutput(); err != nil {
				t.Fatalf("cp: %v\n%s", err, out)
			}
			_, stderr, err := nix.Run(t, scratch, "flake", "lock", "--recreate-lock-file")
			if err != nil {
				t.Fatalf("nix flake lock --recreate-lock-file: %v\n%s", err, stderr)
			}
			return stderr
		}
		// Nix 2.8 has no such warning at all (its binary lacks the
		// message); newer Nix must show it here, or the universe proves
		// nothing.
		warns := nix.AtLeast(2, 30)
		if stderr := fresh(); warns && !strings.Contains(stderr, "non-existent input") {
			t.Fatalf("the universe does not show the warning; nix flake lock said:\n%s\nflake.nix:\n%s", stderr, w.rootText)
		}

		var tl tool
		out, err := tl.run(w, append([]string{"apply", "--no-commit", "--prune", "-C", w.root}, tl.versionArgs(w)...)...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "inputs.a.inputs.gone.follows") || !strings.Contains(out, "removed") {
			t.Errorf("apply --prune does not report the removal:\n%s", out)
		}
		nixText := string(w.read("flake.nix"))
		if strings.Contains(nixText, "gone") {
			t.Errorf("flake.nix still names the stale override:\n%s", nixText)
		}
		ours := w.read("flake.lock")
		if stderr := fresh(); strings.Contains(stderr, "non-existent input") {
			t.Errorf("after apply --prune Nix still warns:\n%s", stderr)
		}
		_, stderr, err := nix.Run(t, w.root, "flake", "lock")
		if err != nil {
			t.Fatalf("nix flake lock after apply: %v\n%s", err, stderr)
		}
		if strings.Contains(stderr, "non-existent input") {
			t.Errorf("after apply --prune nix flake lock still warns:\n%s", stderr)
		}
		if theirs := w.read("flake.lock"); !bytes.Equal(ours, theirs) {
			t.Errorf("Nix relocked to other bytes:\n--- ours\n%s\n--- Nix\n%s", ours, theirs)
		}
		if _, stderr, err := nix.Run(t, w.root, "flake", "lock", "--no-update-lock-file"); err != nil {
			t.Errorf("Nix refuses the lock as it is: %v\n%s", err, stderr)
		}
		// Idempotent: nothing left to prune or redirect.
		out, err = tl.run(w, append([]string{"apply", "--no-commit", "--prune", "-C", w.root}, tl.versionArgs(w)...)...)
		if err != nil || !strings.Contains(out, "nothing to do") {
			t.Errorf("second apply --prune: %v\n%s", err, out)
		}
	})
}
