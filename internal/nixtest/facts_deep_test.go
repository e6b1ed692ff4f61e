package nixtest_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// The root of the deep-follows fact: d → c → nixpkgs (repo nixpkgs2), and the root's own
// nixpkgs.
const baseE20 = `{
  inputs.d.url = "{{d}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`

const deepE20 = `{
  inputs.d.url = "{{d}}";
  inputs.d.inputs.c.inputs.nixpkgs.follows = "nixpkgs";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`

// A root-declared follows three levels deep
// (inputs.d.inputs.c.inputs.nixpkgs.follows) works only in Nix ≥ 2.30.
// Older Nix fails with `cannot find flake 'flake:c'` with or without an
// existing lock, and silently ignores the declaration when d/c also gets a
// url. Newer Nix turns exactly that edge into the follows (same rewrite as at
// depth 2), and after the declaration is removed again the lock is still
// accepted (depth ≥ 3 is never checked).
func TestFactDeepRootFollows(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()

		// Locking from scratch with the deep declaration.
		fresh, _ := u.Flake("fresh", deepE20)
		_, _, errFresh := nix.Run(t, fresh, "flake", "lock")

		root, _ := u.Flake("root", baseE20)
		base, _ := relock(t, nix, u, root, baseE20)
		wantEdges(t, "base", base, `c: {"nixpkgs":"nixpkgs"}
d: {"c":"c"}
nixpkgs: {}
nixpkgs_2: {}
root: {"d":"d","nixpkgs":"nixpkgs_2"}
`)
		u.SetFlake(root, deepE20)
		_, _, errExisting := nix.Run(t, root, "flake", "lock")

		if !nix.AtLeast(2, 30) {
			wantFails(t, "deep follows, no lock", errFresh, "cannot find flake 'flake:c'")
			wantFails(t, "deep follows, existing lock", errExisting, "cannot find flake 'flake:c'")
			nixtest.SameBytes(t, "lock after the failure", u.ReadFile(root, "flake.lock"), base)

			// The work-around that makes 2.8 accept the file changes nothing.
			withURL, _ := relock(t, nix, u, root, `{
  inputs.d.url = "{{d}}";
  inputs.d.inputs.c.url = "{{c}}";
  inputs.d.inputs.c.inputs.nixpkgs.follows = "nixpkgs";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`)
			wantEdges(t, "deep follows with d/c url (ignored)", withURL, `c: {"nixpkgs":"nixpkgs"}
d: {"c":"c"}
nixpkgs: {}
nixpkgs_2: {}
root: {"d":"d","nixpkgs":"nixpkgs_2"}
`)
			return
		}

		if errFresh != nil {
			t.Fatalf("deep follows, no lock: %v", errFresh)
		}
		wantEdges(t, "deep follows, no lock", u.ReadFile(fresh, "flake.lock"), `c: {"nixpkgs":["nixpkgs"]}
d: {"c":"c"}
nixpkgs: {}
root: {"d":"d","nixpkgs":"nixpkgs"}
`)
		if errExisting != nil {
			t.Fatalf("deep follows, existing lock: %v", errExisting)
		}
		want := nixtest.ParseLock(t, base).
			SetInput("c", "nixpkgs", []string{"nixpkgs"}).
			DeleteNode("nixpkgs").
			RenameNode("nixpkgs_2", "nixpkgs").Bytes()
		deep := u.ReadFile(root, "flake.lock")
		nixtest.SameBytes(t, "lock with the deep follows", deep, want)
		u.Commit(root)

		u.SetFlake(root, baseE20)
		if err := nix.UpToDate(t, root); err != nil {
			t.Errorf("declaration removed: lock no longer accepted: %v", err)
		}
		nixtest.SameBytes(t, "declaration removed: lock after nix flake lock", nix.Lock(t, root), deep)
	})
}
