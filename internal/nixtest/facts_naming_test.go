package nixtest_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// Node keys are handed out depth-first in byte order of input
// names; replacing a node by a follows drops it and shifts the keys of later
// nodes. Each step's whole file must equal the previous step's file with
// exactly the edits named in the test, written as Nix writes (nothing else changes: no
// refetch, no other attribute touched).
func TestFactKeysShiftAfterFollows(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		root, _ := u.Flake("root", baseE01)

		step1, _ := relock(t, nix, u, root, baseE01)
		wantEdges(t, "step 1", step1, `a: {"nixpkgs":"nixpkgs"}
b: {"nixpkgs":"nixpkgs_2"}
nixpkgs: {}
nixpkgs_2: {}
nixpkgs_3: {}
root: {"a":"a","b":"b","nixpkgs":"nixpkgs_3"}
`)
		l1 := nixtest.ParseLock(t, step1)
		for key, repo := range map[string]string{"nixpkgs": "nixpkgs", "nixpkgs_2": "nixpkgs2", "nixpkgs_3": "nixpkgs"} {
			if got := l1.OriginalURL(key); got != "file://"+u.Dir(repo) {
				t.Errorf("step 1: node %s comes from %s, want repo %s", key, got, repo)
			}
		}
		// Our oracle writer reproduces Nix's bytes for Nix's own file.
		nixtest.SameBytes(t, "DumpJSON(step 1)", l1.Bytes(), step1)

		// Step 2: a/nixpkgs follows nixpkgs. a's node goes; b's node
		// (repo nixpkgs2) becomes "nixpkgs"; the root's becomes "nixpkgs_2".
		step2, stderr := relock(t, nix, u, root, withDecls(`inputs.a.inputs.nixpkgs.follows = "nixpkgs";`))
		want2 := l1.Clone().
			SetInput("a", "nixpkgs", []string{"nixpkgs"}).
			DeleteNode("nixpkgs").
			RenameNode("nixpkgs_2", "nixpkgs").
			RenameNode("nixpkgs_3", "nixpkgs_2")
		nixtest.SameBytes(t, "step 2 lock", step2, want2.Bytes())
		wantContains(t, "step 2 message", stderr, "Updated input 'a/nixpkgs'", "follows 'nixpkgs'")

		// Step 3: b/nixpkgs follows too; one nixpkgs node is left.
		step3, _ := relock(t, nix, u, root, withDecls(
			`inputs.a.inputs.nixpkgs.follows = "nixpkgs";`,
			`inputs.b.inputs.nixpkgs.follows = "nixpkgs";`))
		want3 := want2.Clone().
			SetInput("b", "nixpkgs", []string{"nixpkgs"}).
			DeleteNode("nixpkgs").
			RenameNode("nixpkgs_2", "nixpkgs")
		nixtest.SameBytes(t, "step 3 lock", step3, want3.Bytes())
		wantEdges(t, "step 3", step3, `a: {"nixpkgs":["nixpkgs"]}
b: {"nixpkgs":["nixpkgs"]}
nixpkgs: {}
root: {"a":"a","b":"b","nixpkgs":"nixpkgs"}
`)
	})
}

// Naming edge cases — suffixes skip literal keys, byte order
// puts upper case first and '-' before '_', and "root" is always taken.
func TestFactNamingEdgeCases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, flake, edges string
		origin             map[string]string // node key → repo it must come from
	}{{
		name: "literal nixpkgs_2 input gets nixpkgs_2_2",
		flake: `{
  inputs.a.url = "{{a}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  inputs.nixpkgs_2.url = "{{nixpkgs2}}";
  outputs = { self, ... }: { }; }`,
		edges: `a: {"nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs_2: {}
nixpkgs_2_2: {}
root: {"a":"a","nixpkgs":"nixpkgs_2","nixpkgs_2":"nixpkgs_2_2"}
`,
		origin: map[string]string{"nixpkgs": "nixpkgs", "nixpkgs_2": "nixpkgs", "nixpkgs_2_2": "nixpkgs2"},
	}, {
		name: "upper case Z is named before a",
		flake: `{
  inputs.Z.url = "{{b}}";
  inputs.a.url = "{{a}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`,
		edges: `Z: {"nixpkgs":"nixpkgs"}
a: {"nixpkgs":"nixpkgs_2"}
nixpkgs: {}
nixpkgs_2: {}
nixpkgs_3: {}
root: {"Z":"Z","a":"a","nixpkgs":"nixpkgs_3"}
`,
		origin: map[string]string{"nixpkgs": "nixpkgs2", "nixpkgs_2": "nixpkgs", "nixpkgs_3": "nixpkgs"},
	}, {
		name: "input named root becomes root_2",
		flake: `{
  inputs.root.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`,
		edges: `root: {"root":"root_2"}
root_2: {}
`,
	}, {
		name: "dash sorts before underscore",
		flake: `{
  inputs.nixpkgs-unstable.url = "{{nixpkgs}}";
  inputs.nixpkgs_x.url = "{{nixpkgs2}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  inputs.a.url = "{{a}}";
  outputs = { self, ... }: { }; }`,
		edges: `a: {"nixpkgs":"nixpkgs"}
nixpkgs: {}
nixpkgs-unstable: {}
nixpkgs_2: {}
nixpkgs_x: {}
root: {"a":"a","nixpkgs":"nixpkgs_2","nixpkgs-unstable":"nixpkgs-unstable","nixpkgs_x":"nixpkgs_x"}
`,
	}, {
		// The case above cannot show the order of '-' and '_' in the naming
		// itself; here two parents differing only in '-'/'_' compete for
		// "nixpkgs": p-q (a, repo nixpkgs) is visited first.
		name: "dash before underscore decides who gets the plain key",
		flake: `{
  inputs.p_q.url = "{{b}}";
  inputs.p-q.url = "{{a}}";
  outputs = { self, ... }: { }; }`,
		edges: `nixpkgs: {}
nixpkgs_2: {}
p-q: {"nixpkgs":"nixpkgs"}
p_q: {"nixpkgs":"nixpkgs_2"}
root: {"p-q":"p-q","p_q":"p_q"}
`,
		origin: map[string]string{"nixpkgs": "nixpkgs", "nixpkgs_2": "nixpkgs2"},
	}}
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		for i, tc := range cases {
			dir, _ := u.Flake("r"+string(rune('0'+i)), tc.flake)
			lock := nix.Lock(t, dir)
			wantEdges(t, tc.name, lock, tc.edges)
			l := nixtest.ParseLock(t, lock)
			for key, repo := range tc.origin {
				if got := l.OriginalURL(key); got != "file://"+u.Dir(repo) {
					t.Errorf("%s: node %s comes from %s, want repo %s", tc.name, key, got, repo)
				}
			}
		}
	})
}
