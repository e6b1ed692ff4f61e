package nixtest_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

const noUpdateMsg = "requires lock file changes but they're not allowed due to '--no-update-lock-file'"

// A follows in the lock at depth 2 that flake.nix does not
// declare is stale: --no-update-lock-file fails, and `nix flake lock` refetches
// b and reverts the file to what it was, byte for byte. This is why
// flake-unify must patch flake.nix, not only flake.lock.
func TestFactUndeclaredDepth2FollowsIsReverted(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		root, _ := u.Flake("root", baseE01)
		orig, _ := relock(t, nix, u, root, baseE01)

		// What `inputs.b.inputs.nixpkgs.follows = "nixpkgs"` would produce,
		// written without touching flake.nix.
		u.SetLock(root, nixtest.ParseLock(t, orig).
			SetInput("b", "nixpkgs", []string{"nixpkgs"}).
			DeleteNode("nixpkgs_2").Bytes())

		wantFails(t, "flake lock --no-update-lock-file", nix.UpToDate(t, root), noUpdateMsg)
		_, _, err := nix.Run(t, root, "flake", "metadata", "--no-update-lock-file")
		wantFails(t, "flake metadata --no-update-lock-file", err, noUpdateMsg)

		_, stderr, err := nix.Run(t, root, "flake", "lock", "--debug")
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, "debug trace", stderr, "creating new input 'b/nixpkgs'")
		nixtest.SameBytes(t, "reverted lock", u.ReadFile(root, "flake.lock"), orig)
	})
}

// An undeclared follows at depth 3 is never checked — it
// survives `nix flake lock` (even with its non-canonical node keys) and
// --no-update-lock-file — but `nix flake update` recreates the lock and
// reverts it.
func TestFactUndeclaredDepth3FollowsIsKeptUntilUpdate(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		text := `{
  inputs.d.url = "{{d}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`
		root, _ := u.Flake("root", text)
		orig, _ := relock(t, nix, u, root, text)
		wantEdges(t, "generated", orig, `c: {"nixpkgs":"nixpkgs"}
d: {"c":"c"}
nixpkgs: {}
nixpkgs_2: {}
root: {"d":"d","nixpkgs":"nixpkgs_2"}
`)
		edited := nixtest.ParseLock(t, orig).
			SetInput("c", "nixpkgs", []string{"nixpkgs"}).
			DeleteNode("nixpkgs").Bytes()
		u.SetLock(root, edited)

		if err := nix.UpToDate(t, root); err != nil {
			t.Errorf("depth-3 undeclared follows: --no-update-lock-file failed: %v", err)
		}
		nix.Lock(t, root)
		nixtest.SameBytes(t, "after nix flake lock (kept, keys stay non-canonical)", u.ReadFile(root, "flake.lock"), edited)

		nixtest.SameBytes(t, "after nix flake update (reverted)", nix.Update(t, root), orig)
	})
}

// A follows declared in flake.nix but missing from the
// lock is added without fetching a ("keeping existing input 'a'"); changing
// only the spelling of an input's URL changes its original and relocks it.
func TestFactDeclaredFollowsIsAddedWithoutRefetch(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		text := `{
  inputs.a.url = "{{a}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`
		root, _ := u.Flake("root", text)
		orig, _ := relock(t, nix, u, root, text)

		u.SetFlake(root, `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "nixpkgs";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`)
		wantFails(t, "declared follows missing from lock", nix.UpToDate(t, root), noUpdateMsg)
		_, stderr, err := nix.Run(t, root, "flake", "lock", "--debug")
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, "debug trace", stderr, "keeping existing input 'a'", "input 'a/nixpkgs' follows 'nixpkgs'")
		want := nixtest.ParseLock(t, orig).
			SetInput("a", "nixpkgs", []string{"nixpkgs"}).
			DeleteNode("nixpkgs").
			RenameNode("nixpkgs_2", "nixpkgs")
		nixtest.SameBytes(t, "lock with the follows", u.ReadFile(root, "flake.lock"), want.Bytes())
		u.Commit(root)

		u.SetFlake(root, `{
  inputs.a.url = "{{a}}?ref=master";
  inputs.a.inputs.nixpkgs.follows = "nixpkgs";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`)
		wantFails(t, "original spelled differently", nix.UpToDate(t, root), noUpdateMsg)
		_, stderr, err = nix.Run(t, root, "flake", "lock", "--debug")
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, "debug trace", stderr, "creating new input 'a'")
		l := nixtest.ParseLock(t, u.ReadFile(root, "flake.lock"))
		if got := l.Node("a")["original"].(map[string]any)["ref"]; got != "master" {
			t.Errorf("a's original.ref = %v, want master", got)
		}
	})
}

// Nix never shares one node between two string edges; a
// hand-shared node makes the lock stale and is un-shared on the next write.
func TestFactSharedNodeIsUnshared(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		text := `{
  inputs.a.url = "{{a}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`
		root, _ := u.Flake("root", text)
		canon, _ := relock(t, nix, u, root, text)
		wantEdges(t, "canonical", canon, `a: {"nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs_2: {}
root: {"a":"a","nixpkgs":"nixpkgs_2"}
`)
		// Both edges point at the same repo and revision, so sharing one
		// node changes nothing but the graph's shape.
		u.SetLock(root, nixtest.ParseLock(t, canon).
			SetInput("a", "nixpkgs", "nixpkgs_2").
			DeleteNode("nixpkgs").Bytes())
		wantFails(t, "shared node", nix.UpToDate(t, root), noUpdateMsg)
		nixtest.SameBytes(t, "un-shared lock", nix.Lock(t, root), canon)
	})
}
