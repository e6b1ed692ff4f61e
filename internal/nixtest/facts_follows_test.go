package nixtest_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// A follows declared in a dependency's own flake.nix is
// relative to that dependency and recorded prefixed with its input path.
// And follows = "" is the empty path: the input is the root flake.
func TestFactFollowsForms(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		u.Flake("dd", `{ description = "d, declaring a follows for its own input c";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  inputs.c.url = "{{c}}";
  inputs.c.inputs.nixpkgs.follows = "nixpkgs";
  outputs = { self, ... }: { }; }`)
		rel, _ := u.Flake("rel", `{
  inputs.d.url = "{{dd}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`)
		wantEdges(t, "6a dependency-declared follows", nix.Lock(t, rel), `c: {"nixpkgs":["d","nixpkgs"]}
d: {"c":"c","nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs_2: {}
root: {"d":"d","nixpkgs":"nixpkgs_2"}
`)

		empty, _ := u.Flake("empty", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "";
  outputs = { self, a }: { x = a.inputs.nixpkgs.marker or "no-marker"; marker = "I am root"; }; }`)
		wantEdges(t, "6f empty follows", nix.Lock(t, empty), `a: {"nixpkgs":[]}
root: {"a":"a"}
`)
		u.Commit(empty)
		if got := nix.Eval(t, empty, "x"); got != "I am root" {
			t.Errorf("6f: a's nixpkgs evaluated to %q, want the root flake's marker", got)
		}
	})
}

// Follows copied from a dependency's own flake.lock are
// re-rooted: d's ["nixpkgs"] becomes ["d","nixpkgs"] in the root lock.
func TestFactFollowsFromDependencyLockAreReRooted(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		u.Flake("e", `{ inputs.nixpkgs.url = "{{nixpkgs2}}"; outputs = { self, nixpkgs }: { }; }`)
		u.Flake("ce", `{ inputs.e.url = "{{e}}"; outputs = { self, e }: { }; }`)
		d, _ := u.Flake("dd", `{
  inputs.c.url = "{{ce}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`)
		// d's own lock: c/e/nixpkgs follows d's nixpkgs, written by hand
		// (depth 3 inside d, so nothing declares or checks it).
		dl := nixtest.ParseLock(t, nix.Lock(t, d))
		wantEdges(t, "d's generated lock", dl.Bytes(), `c: {"e":"e"}
e: {"nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs_2: {}
root: {"c":"c","nixpkgs":"nixpkgs_2"}
`)
		u.SetLock(d, dl.SetInput("e", "nixpkgs", []string{"nixpkgs"}).DeleteNode("nixpkgs").Bytes())

		root, _ := u.Flake("root", `{ inputs.d.url = "{{dd}}"; outputs = { self, ... }: { }; }`)
		wantEdges(t, "root lock", nix.Lock(t, root), `c: {"e":"e"}
d: {"c":"c","nixpkgs":"nixpkgs"}
e: {"nixpkgs":["d","nixpkgs"]}
nixpkgs: {}
root: {"d":"d"}
`)
	})
}

// A flake.nix override beats an existing follows of the
// lock that points elsewhere: the edge goes back to the declared target.
func TestFactDeclaredTargetWins(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		text := withDecls(`inputs.a.inputs.nixpkgs.follows = "nixpkgs";`)
		root, _ := u.Flake("root", text)
		canon, _ := relock(t, nix, u, root, text)
		u.SetLock(root, nixtest.ParseLock(t, canon).SetInput("a", "nixpkgs", []string{"b", "nixpkgs"}).Bytes())
		_, stderr, err := nix.Run(t, root, "flake", "lock")
		if err != nil {
			t.Fatal(err)
		}
		wantContains(t, "message", stderr, "Updated input 'a/nixpkgs'", "follows 'nixpkgs'")
		nixtest.SameBytes(t, "lock", u.ReadFile(root, "flake.lock"), canon)
	})
}
