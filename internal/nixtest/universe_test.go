package nixtest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// A universe locks, the lock is accepted as up to date, and neither a re-lock
// nor `nix flake update` (nothing new upstream) changes a byte.
func TestUniverseLocksAndRelocksByteIdentically(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		root, _ := u.Flake("root", `{
  inputs.a.url = "{{a}}";
  inputs.b.url = "{{b}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`)
		first := nix.Lock(t, root)
		u.Commit(root)
		if got, want := nixtest.Edges(t, first), `a: {"nixpkgs":"nixpkgs"}
b: {"nixpkgs":"nixpkgs_2"}
nixpkgs: {}
nixpkgs_2: {}
nixpkgs_3: {}
root: {"a":"a","b":"b","nixpkgs":"nixpkgs_3"}
`; got != want {
			t.Fatalf("edges:\n%s\nwant:\n%s", got, want)
		}
		if err := nix.UpToDate(t, root); err != nil {
			t.Fatalf("fresh lock not up to date: %v", err)
		}
		nixtest.SameBytes(t, "re-lock", nix.Lock(t, root), first)
		nixtest.SameBytes(t, "flake update", nix.Update(t, root), first)
		if st := u.Git(root, "status", "--porcelain"); st != "" {
			t.Errorf("Nix left the tree dirty: %s", st)
		}
	})
}

// Fixed git identity and dates make revisions depend on content only: the
// same flake in two universes has the same rev, and the same narHash.
func TestUniverseRevisionsAreReproducible(t *testing.T) {
	t.Parallel()
	nix := nixtest.Default(t)
	lockOf := func() *nixtest.LockDoc {
		u := nixtest.NewUniverse(t)
		u.Nixpkgs("nixpkgs")
		root, _ := u.Flake("root", `{ inputs.nixpkgs.url = "{{nixpkgs}}"; outputs = { self, nixpkgs }: { }; }`)
		return nixtest.ParseLock(t, nix.Lock(t, root))
	}
	l1, l2 := lockOf(), lockOf()
	for _, f := range []string{"rev", "narHash", "lastModified"} {
		v1 := l1.Node("nixpkgs")["locked"].(map[string]any)[f]
		v2 := l2.Node("nixpkgs")["locked"].(map[string]any)[f]
		if v1 != v2 || v1 == nil {
			t.Errorf("locked.%s differs between universes: %v vs %v", f, v1, v2)
		}
	}
	if lm := l1.Node("nixpkgs")["locked"].(map[string]any)["lastModified"]; lm.(interface{ String() string }).String() != "1640995200" {
		t.Errorf("lastModified = %v, want 1640995200 (2022-01-01, BaseTime)", lm)
	}
}

// The registry makes `nixpkgs/<branch>` resolve to a branch of a local
// stand-in; a dependency's committed flake.lock pins an older release than
// the root gets, three levels deep; evaluation sees the right revisions.
func TestUniverseRegistryBranchesAndPinnedDependencies(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		np := u.Nixpkgs("nixpkgs")
		u.Registry("nixpkgs", np.URL)
		oldRev := np.Release("nixos-23.11", nixtest.Date(2023, 12, 1))

		// leaf ← mid ← top, each with its own nixpkgs, locked while only the
		// old release exists, lock committed.
		leaf, _ := u.Flake("leaf", `{
  inputs.nixpkgs.url = "nixpkgs/nixos-23.11";
  outputs = { self, nixpkgs }: { marker = nixpkgs.lib.marker; };
}`)
		nix.Lock(t, leaf)
		u.Commit(leaf)
		mid, _ := u.Flake("mid", `{
  inputs.leaf.url = "{{leaf}}";
  outputs = { self, leaf }: { };
}`)
		nix.Lock(t, mid)
		u.Commit(mid)
		top, _ := u.Flake("top", `{
  inputs.mid.url = "{{mid}}";
  inputs.nixpkgs.url = "nixpkgs/nixos-23.11";
  outputs = { self, mid, ... }: { };
}`)
		nix.Lock(t, top)
		u.Commit(top)

		// Upstream moves on; the root gets the new release, the pinned
		// dependency chain keeps the old one.
		newRev := np.Release("nixos-23.11", nixtest.Date(2024, 3, 1))
		root, _ := u.Flake("root", `{
  inputs.top.url = "{{top}}";
  inputs.nixpkgs.url = "nixpkgs/nixos-23.11";
  outputs = { self, top, nixpkgs }: {
    rootMarker = nixpkgs.lib.marker;
    leafMarker = top.inputs.mid.inputs.leaf.marker;
  };
}`)
		l := nixtest.ParseLock(t, nix.Lock(t, root))
		u.Commit(root)
		// Key naming is depth-first in byte order: the root's own nixpkgs
		// (before "top") is named first.
		if got, want := l.Edges(), `leaf: {"nixpkgs":"nixpkgs_2"}
mid: {"leaf":"leaf"}
nixpkgs: {}
nixpkgs_2: {}
nixpkgs_3: {}
root: {"nixpkgs":"nixpkgs","top":"top"}
top: {"mid":"mid","nixpkgs":"nixpkgs_3"}
`; got != want {
			t.Fatalf("edges:\n%s\nwant:\n%s", got, want)
		}
		rev := func(key string) any { return l.Node(key)["locked"].(map[string]any)["rev"] }
		for key, want := range map[string]string{"nixpkgs": newRev, "nixpkgs_2": oldRev, "nixpkgs_3": oldRev} {
			if rev(key) != want {
				t.Errorf("%s locked rev %v, want %s", key, rev(key), want)
			}
		}
		orig := l.Node("nixpkgs")["original"].(map[string]any)
		if orig["type"] != "indirect" || orig["id"] != "nixpkgs" || orig["ref"] != "nixos-23.11" {
			t.Errorf("root nixpkgs original = %v, want indirect nixpkgs/nixos-23.11", orig)
		}
		if got := nix.Eval(t, root, "rootMarker"); got != "nixpkgs/nixos-23.11@2024-03-01" {
			t.Errorf("rootMarker = %q", got)
		}
		if got := nix.Eval(t, root, "leafMarker"); got != "nixpkgs/nixos-23.11@2023-12-01" {
			t.Errorf("leafMarker = %q", got)
		}
		if err := nix.UpToDate(t, root); err != nil {
			t.Errorf("not up to date: %v", err)
		}
	})
}

// Run gives every universe and version its own store, home and registry, and
// nothing of the caller's environment leaks in.
func TestRunIsHermetic(t *testing.T) {
	t.Setenv("NIX_PATH", "nixpkgs=/nonexistent")
	t.Setenv("NIX_CONFIG", "this-is = not a setting")
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		dir, _ := u.Flake("x", `{ outputs = { self }: { }; }`)
		out := nix.MustRun(t, dir, "show-config")
		store := filepath.Join(u.Root, ".nix", nix.Version, "store")
		if !strings.Contains(out, "store = "+store+"\n") && !strings.Contains(out, "store = local://"+store+"\n") {
			t.Errorf("show-config has no store = %s", store)
		}
		for _, want := range []string{
			"flake-registry = " + u.RegistryFile(),
			"warn-dirty = false",
		} {
			if !strings.Contains(out, want+"\n") {
				t.Errorf("show-config lacks %q", want)
			}
		}
		if strings.Contains(out, "this-is") {
			t.Errorf("caller's NIX_CONFIG leaked into the run")
		}
		env := strings.Join(nix.Env(u.Root), "\n")
		if strings.Contains(env, "NIX_PATH") {
			t.Errorf("caller's NIX_PATH leaked into the environment")
		}
		nix.MustRun(t, dir, "flake", "metadata")
		if _, err := os.Stat(filepath.Join(u.Root, ".nix", nix.Version, "store", "nix", "store")); err != nil {
			t.Errorf("the universe's own store was not used: %v", err)
		}
	})
}

// Placeholders are expanded in flake.nix and an unknown name is caught.
func TestExpand(t *testing.T) {
	u := nixtest.NewUniverse(t)
	_, url := u.Flake("dep", `{ outputs = { self }: { }; }`)
	dir, _ := u.Flake("user", `{ inputs.dep.url = "{{dep}}"; outputs = { self, dep }: { }; }`)
	got := u.ReadFile(dir, "flake.nix")
	if !bytes.Contains(got, []byte(`"`+url+`"`)) || !strings.HasPrefix(url, "git+file://"+u.Root) {
		t.Errorf("flake.nix = %s", got)
	}
}
