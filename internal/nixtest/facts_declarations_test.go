package nixtest_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// Which follows declarations Nix accepts, per version: the rules flake-unify's planner must respect when it writes
// declarations into flake.nix.
func TestFactDeclarationEdgeCases(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		lock := func(name, text string) (dir string, err error) {
			dir, _ = u.Flake(name, text)
			_, _, err = nix.Run(t, dir, "flake", "lock")
			return dir, err
		}

		// A follows to a non-existent input is an error; nothing written.
		dir, err := lock("nope", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "nope";
  outputs = { self, ... }: { }; }`)
		wantFails(t, "6d follows to a missing input", err, "input 'a/nixpkgs' follows a non-existent input 'nope'")
		if u.Exists(dir, "flake.lock") {
			t.Errorf("6d: a lock was written")
		}

		// An override of an input a does not have changes nothing
		// (a warning from 2.11 on).
		dir, err = lock("override-missing", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nope.follows = "nixpkgs";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`)
		if err != nil {
			t.Errorf("6e: %v", err)
		} else {
			wantEdges(t, "6e override of a missing input", u.ReadFile(dir, "flake.lock"), `a: {"nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs_2: {}
root: {"a":"a","nixpkgs":"nixpkgs_2"}
`)
		}

		// A follows cycle is an error from 2.19 on; older Nix writes it.
		_, err = lock("cycle", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "b/nixpkgs";
  inputs.b.url = "{{b}}";
  inputs.b.inputs.nixpkgs.follows = "a/nixpkgs";
  outputs = { self, ... }: { }; }`)
		if nix.AtLeast(2, 19) {
			wantFails(t, "6g cycle", err, "follow cycle detected")
		} else if err != nil {
			t.Errorf("6g cycle: Nix %s refused it: %v", nix.Version, err)
		}

		// url and follows on one input: follows wins silently before
		// 2.30, an error from 2.30 on.
		dir, err = lock("url-and-follows", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs = { url = "{{nixpkgs2}}"; follows = "nixpkgs"; };
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`)
		if nix.AtLeast(2, 30) {
			wantFails(t, "9m url and follows", err, "flake input has both a flake reference and a follows attribute")
		} else if err != nil {
			t.Errorf("9m url and follows: %v", err)
		} else {
			wantEdges(t, "9m url and follows", u.ReadFile(dir, "flake.lock"), `a: {"nixpkgs":["nixpkgs"]}
nixpkgs: {}
root: {"a":"a","nixpkgs":"nixpkgs"}
`)
		}

		// A follows target passing through another follows (x → d) is
		// accepted from 2.18 on; before, only literal edge paths are.
		_, err = lock("through-follows", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "x/c/nixpkgs";
  inputs.d.url = "{{d}}";
  inputs.x.follows = "d";
  outputs = { self, ... }: { }; }`)
		if nix.AtLeast(2, 18) {
			if err != nil {
				t.Errorf("13 follows through a follows: %v", err)
			}
		} else {
			wantFails(t, "13 follows through a follows", err, "follows a non-existent input 'x/c/nixpkgs'")
		}
		dir, err = lock("literal-path", `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "d/c/nixpkgs";
  inputs.d.url = "{{d}}";
  outputs = { self, ... }: { }; }`)
		if err != nil {
			t.Errorf("13 literal path: %v", err)
		} else {
			wantEdges(t, "13 literal path", u.ReadFile(dir, "flake.lock"), `a: {"nixpkgs":["d","c","nixpkgs"]}
c: {"nixpkgs":"nixpkgs"}
d: {"c":"c"}
nixpkgs: {}
root: {"a":"a","d":"d"}
`)
		}
	})
}
