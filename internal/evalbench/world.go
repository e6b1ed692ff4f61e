package evalbench

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// Style is how the generated dependencies use their nixpkgs.
type Style int

const (
	// LegacyPackages reads nixpkgs.legacyPackages.${system}: the package
	// set is a value of the nixpkgs node, shared by every user of the node.
	LegacyPackages Style = iota
	// ImportNixpkgs calls import nixpkgs { system = …; }: every call builds
	// a package set of its own, shared node or not.
	ImportNixpkgs
)

// Styles lists both styles in the order the benchmark reports them.
var Styles = []Style{LegacyPackages, ImportNixpkgs}

func (s Style) String() string {
	switch s {
	case LegacyPackages:
		return "legacyPackages"
	case ImportNixpkgs:
		return "importNixpkgs"
	}
	return fmt.Sprintf("Style(%d)", int(s))
}

// pkgsExpr is the Nix expression for the package set of input np.
func (s Style) pkgsExpr(np string) string {
	if s == ImportNixpkgs {
		return fmt.Sprintf("import %s { system = %q; }", np, System)
	}
	return np + ".legacyPackages." + System
}

// weigh is a Nix function from a nixpkgs input to { revision, packages }:
// deepSeq forces every package of the set, so the whole set is
// instantiated, and revision says which revision it was. deepSeq walks
// without allocating, so after unification a dependency costs next to
// nothing beyond the shared set; a fold over the names (a list and a
// thunk per package, per dependency) would add 4–7 MiB per dependency
// whatever the lock, blurring what unification changes.
func (s Style) weigh() string {
	return fmt.Sprintf(`np: let pkgs = %s; in {
        revision = pkgs.revision;
        packages = builtins.deepSeq pkgs (builtins.length (builtins.attrNames pkgs));
      }`, s.pkgsExpr("np"))
}

// World is a generated root flake with Deps dependencies, each locked to its
// own revision of the stand-in, and the root's own nixpkgs at a newer one.
type World struct {
	Style Style
	Deps  int
	Nix   *nixtest.Nix
	Root  string // directory of the root flake (a git repository)

	u    *nixtest.Universe
	tags []string // tags[i] is the revision dependency i+1 locked; the last is the root's
}

// DepName is the input name of dependency i (1-based).
func DepName(i int) string { return fmt.Sprintf("dep%02d", i) }

// New generates a world and locks it with nix: a stand-in nixpkgs with
// deps+1 revisions (registry id "nixpkgs", so each copy is a real nixpkgs to
// flake-unify's classifier), dependency i locked and committed while
// revision i was the newest, and the root locked last. Dependencies share
// nothing but the registry id: as in the wild, each lock pins its own.
func New(tb testing.TB, nix *nixtest.Nix, style Style, deps int) *World {
	tb.Helper()
	if deps < 1 {
		tb.Fatalf("evalbench: %d dependencies; want at least 1", deps)
	}
	u := nixtest.NewUniverse(tb)
	w := &World{Style: style, Deps: deps, Nix: nix, u: u}
	np, npURL := u.Flake("nixpkgs", standinFlake)
	u.Registry("nixpkgs", npURL)
	release := func(i int) {
		tag := fmt.Sprintf("standin-r%02d", i)
		u.WriteFile(np, "default.nix", standinDefault(tag))
		u.CommitAt(np, nixtest.BaseTime.AddDate(0, 0, i))
		w.tags = append(w.tags, tag)
	}
	for i := 1; i <= deps; i++ {
		release(i)
		dir, _ := u.Flake(DepName(i), w.depFlake(i))
		nix.Lock(tb, dir)
		u.Commit(dir)
	}
	release(deps + 1)
	w.Root, _ = u.Flake("root", w.rootFlake())
	nix.Lock(tb, w.Root)
	u.Commit(w.Root)
	return w
}

func (w *World) depFlake(i int) string {
	return fmt.Sprintf(`{
  description = "evalbench dependency %d (%s)";
  inputs.nixpkgs.url = "nixpkgs";
  outputs = { self, nixpkgs }: {
    report = (%s) nixpkgs;
  };
}
`, i, w.Style, w.Style.weigh())
}

// rootFlake declares its inputs one per line (`inputs.depNN.url = …;`),
// the shape flake-unify patches follows declarations into.
func (w *World) rootFlake() string {
	var in, names strings.Builder
	for i := 1; i <= w.Deps; i++ {
		fmt.Fprintf(&in, "  inputs.%s.url = \"{{%[1]s}}\";\n", DepName(i))
		fmt.Fprintf(&names, " %q", DepName(i))
	}
	return fmt.Sprintf(`{
  description = "evalbench root: %d dependencies with a nixpkgs each (%s)";
  inputs.nixpkgs.url = "nixpkgs";
%s
  outputs = { self, nixpkgs, ... }@inputs:
    let
      weigh = %s;
      deps = [%s ];
    in {
      report = { root = weigh nixpkgs; }
        // builtins.listToAttrs (map (d: { name = d; value = inputs.${d}.report; }) deps);
    };
}
`, w.Deps, w.Style, in.String(), w.Style.weigh(), names.String())
}

// DepTag is the revision tag dependency i (1-based) locked; RootTag the
// root's own.
func (w *World) DepTag(i int) string { return w.tags[i-1] }

// RootTag is the revision tag of the root's own nixpkgs, the unification
// target.
func (w *World) RootTag() string { return w.tags[len(w.tags)-1] }
