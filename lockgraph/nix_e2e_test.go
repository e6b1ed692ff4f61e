package lockgraph_test

// End-to-end: real Nix is the judge. Each test builds a universe of local git
// flakes, lets Nix write the base lock, then adds follows declarations to the
// root flake.nix and lets Nix re-lock. The same declarations applied with
// SetFollows + Canonical + Encode to the base lock must give Nix's bytes,
// for every available Nix version.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/lockgraph"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// override is one root declaration inputs.<path…>.follows = "<target>".
type override struct{ path, target string }

func (o override) decl() string {
	return "inputs." + strings.ReplaceAll(o.path, "/", ".inputs.") + ".follows = " + `"` + o.target + `";`
}

// rewrite is flake-unify's side: base lock + overrides → new lock bytes.
func rewrite(t *testing.T, base []byte, overrides []override) []byte {
	t.Helper()
	l, err := lockgraph.Parse("flake.lock", base)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range overrides {
		if err := l.SetFollows(lockgraph.ParsePath(o.path), lockgraph.ParsePath(o.target)); err != nil {
			t.Fatalf("SetFollows(%s, %q): %v", o.path, o.target, err)
		}
	}
	c, err := l.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// judge resets root to the base flake.nix text plus the declarations of
// overrides and the base lock, lets Nix lock, and returns what Nix wrote.
func judge(t *testing.T, nix *nixtest.Nix, u *nixtest.Universe, root, text string, base []byte, overrides []override) []byte {
	t.Helper()
	var decls []string
	for _, o := range overrides {
		decls = append(decls, o.decl())
	}
	u.WriteFile(root, "flake.nix", strings.Replace(text, "outputs =", strings.Join(append(decls, "outputs ="), "\n  "), 1))
	u.SetLock(root, base)
	return nix.Lock(t, root)
}

// checkSet compares both sides for one override set, and that Nix accepts
// its own result as up to date (so it accepts ours, which is the same bytes).
func checkSet(t *testing.T, nix *nixtest.Nix, u *nixtest.Universe, root, text string, base []byte, overrides []override) {
	t.Helper()
	want := judge(t, nix, u, root, text, base, overrides)
	if len(overrides) > 0 && bytes.Equal(want, base) {
		t.Errorf("%s: Nix left the lock unchanged; the set tests nothing", describe(overrides))
	}
	got := rewrite(t, base, overrides)
	nixtest.SameBytes(t, "lock for "+describe(overrides), got, want)
	u.Commit(root)
	if err := nix.UpToDate(t, root); err != nil {
		t.Errorf("%s: Nix does not accept its own result: %v", describe(overrides), err)
	}
}

func describe(overrides []override) string {
	if len(overrides) == 0 {
		return "no overrides"
	}
	var s []string
	for _, o := range overrides {
		s = append(s, o.path+"="+o.target)
	}
	return strings.Join(s, " ")
}

// roundTrip checks that a lock Nix wrote is its own canonical form for us.
func roundTrip(t *testing.T, lock []byte) {
	t.Helper()
	nixtest.SameBytes(t, "Canonical+Encode of Nix's lock", rewrite(t, lock, nil), lock)
}

const e01Root = `{
  inputs.a.url = "{{a}}";
  inputs.b.url = "{{b}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`

// One follows, then two; keys shift as Nix shifts them.
func TestNixE2EKeysShift(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		root, _ := u.Flake("root", e01Root)
		base := nix.Lock(t, root)
		u.Commit(root)
		roundTrip(t, base)
		for _, set := range [][]override{
			{{"a/nixpkgs", "nixpkgs"}},
			{{"a/nixpkgs", "nixpkgs"}, {"b/nixpkgs", "nixpkgs"}},
			{{"b/nixpkgs", "a/nixpkgs"}},
		} {
			checkSet(t, nix, u, root, e01Root, base, set)
		}
	})
}

const e18Root = `{
  inputs.a.url = "{{a}}";
  inputs.b.url = "{{b}}";
  inputs.d.url = "{{d18}}";
  inputs.Zed.url = "{{Zed}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  inputs.nixpkgs_2.url = "{{nixpkgs2}}";
  outputs = { self, ... }: { };
}`

// Seven override sets on a 15-node lock — empty follows, a non-nixpkgs
// follows, upper-case input names, a literal nixpkgs_2 input, and a
// dependency (d) that declares its own follows.
func TestNixE2EOverrideSets(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		u.Flake("d18", `{ description = "d";
  inputs.c.url = "{{c}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  inputs.c.inputs.nixpkgs.follows = "nixpkgs";
  outputs = { self, ... }: { }; }`)
		u.Flake("Zed", `{ description = "Zed";
  inputs.nixpkgs-lib.url = "{{nixpkgs2}}";
  inputs.src = { url = "{{nixpkgs}}"; flake = false; };
  inputs.a.url = "{{a}}";
  outputs = { self, ... }: { }; }`)
		root, _ := u.Flake("root", e18Root)
		base := nix.Lock(t, root)
		u.Commit(root)
		if n := len(nixtest.ParseLock(t, base).Keys()); n != 15 {
			t.Errorf("base lock has %d nodes, want 15 (the shape built above)", n)
		}
		roundTrip(t, base)
		for _, set := range [][]override{
			nil,
			{{"a/nixpkgs", "nixpkgs"}},
			{{"b/nixpkgs", "nixpkgs"}},
			{{"d/nixpkgs", "nixpkgs"}},
			{{"Zed/nixpkgs-lib", "nixpkgs"}, {"Zed/src", ""}},
			{{"a/nixpkgs", "nixpkgs"}, {"b/nixpkgs", "nixpkgs"}, {"d/nixpkgs", "nixpkgs"}, {"Zed/nixpkgs-lib", "nixpkgs"}, {"Zed/a", "a"}},
			{{"b/nixpkgs", "nixpkgs_2"}},
		} {
			checkSet(t, nix, u, root, e18Root, base, set)
		}
	})
}

const e20Root = `{
  inputs.d.url = "{{d}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`

// A 3-level root declaration; only Nix ≥ 2.30 accepts it (older Nix
// refuses it, pinned in internal/nixtest's facts).
func TestNixE2EDeepRootFollows(t *testing.T) {
	t.Parallel()
	// Only the versions that accept the declaration run: a subtest per
	// version that skips would be a skipped test in CI, where both a Nix
	// before 2.30 and a current one are installed.
	ran := false
	for _, nix := range nixtest.Versions(t) {
		if !nix.AtLeast(2, 30) {
			continue
		}
		ran = true
		t.Run(nix.String(), func(t *testing.T) {
			t.Parallel()
			u := nixtest.NewUniverse(t)
			u.SpecLeaves()
			root, _ := u.Flake("root", e20Root)
			base := nix.Lock(t, root)
			u.Commit(root)
			roundTrip(t, base)
			checkSet(t, nix, u, root, e20Root, base, []override{{"d/c/nixpkgs", "nixpkgs"}})
		})
	}
	if !ran {
		testenv.Missing(t, "no Nix ≥ 2.30: only it declares follows deeper than 2 levels")
	}
}

const pinnedRoot = `{
  inputs.top.url = "{{top}}";
  inputs.nixpkgs.url = "nixpkgs/nixos-24.05";
  outputs = { self, ... }: { };
}`

// A realistic shape: dependencies four levels deep, each with its own
// committed flake.lock pinning an older nixpkgs release through the registry
// (nixpkgs/nixos-23.11), the root on a newer channel. Depth-2 overrides in
// every Nix; depth 3 and 4 in Nix ≥ 2.30.
func TestNixE2EPinnedDependencies(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		np := u.Nixpkgs("nixpkgs")
		u.Registry("nixpkgs", np.URL)
		np.Release("nixos-23.11", nixtest.Date(2023, 12, 1))
		np.Release("nixos-24.05", nixtest.Date(2024, 6, 1))
		lockCommit := func(name, text string) {
			dir, _ := u.Flake(name, text)
			nix.Lock(t, dir)
			u.Commit(dir)
		}
		lockCommit("leaf", `{
  inputs.nixpkgs.url = "nixpkgs/nixos-23.11";
  outputs = { self, nixpkgs }: { }; }`)
		lockCommit("mid", `{
  inputs.leaf.url = "{{leaf}}";
  inputs.nixpkgs.url = "nixpkgs/nixos-23.11";
  outputs = { self, ... }: { }; }`)
		lockCommit("top", `{
  inputs.mid.url = "{{mid}}";
  inputs.nixpkgs.url = "nixpkgs/nixos-23.11";
  outputs = { self, ... }: { }; }`)
		// Upstream moves on after the dependencies were locked.
		np.Release("nixos-23.11", nixtest.Date(2024, 1, 15))
		np.Release("nixos-24.05", nixtest.Date(2024, 7, 1))

		root, _ := u.Flake("root", pinnedRoot)
		base := nix.Lock(t, root)
		u.Commit(root)
		l := nixtest.ParseLock(t, base)
		if got, want := l.Edges(), `leaf: {"nixpkgs":"nixpkgs_2"}
mid: {"leaf":"leaf","nixpkgs":"nixpkgs_3"}
nixpkgs: {}
nixpkgs_2: {}
nixpkgs_3: {}
nixpkgs_4: {}
root: {"nixpkgs":"nixpkgs","top":"top"}
top: {"mid":"mid","nixpkgs":"nixpkgs_4"}
`; got != want {
			t.Fatalf("base edges:\n%s\nwant:\n%s", got, want)
		}
		// The dependencies keep the revision their own locks pinned.
		for key, date := range map[string]string{"nixpkgs": "1719792000", "nixpkgs_2": "1701388800", "nixpkgs_3": "1701388800", "nixpkgs_4": "1701388800"} {
			if got := fmt.Sprint(l.Node(key)["locked"].(map[string]any)["lastModified"]); got != date {
				t.Errorf("%s: lastModified %s, want %s", key, got, date)
			}
		}
		roundTrip(t, base)
		checkSet(t, nix, u, root, pinnedRoot, base, []override{{"top/nixpkgs", "nixpkgs"}})
		if !nix.AtLeast(2, 30) {
			return
		}
		checkSet(t, nix, u, root, pinnedRoot, base, []override{
			{"top/nixpkgs", "nixpkgs"}, {"top/mid/nixpkgs", "nixpkgs"}, {"top/mid/leaf/nixpkgs", "nixpkgs"},
		})
		checkSet(t, nix, u, root, pinnedRoot, base, []override{{"top/mid/leaf/nixpkgs", "top/nixpkgs"}})
	})
}
