package unify

// Real Nix is the judge (both versions, internal/nixtest): for a universe of
// local git flakes, Nix writes the base lock; the plan's flake.nix, given to
// Nix with the ORIGINAL lock, must make Nix write exactly the plan's lock;
// Nix must accept that lock as up to date; and planning again must find
// nothing to do.

import (
	"regexp"
	"slices"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// The spec leaves nixpkgs and nixpkgs2 are local git repositories: they
// count as nixpkgs only through --match.
var leafNixpkgs = lockgraph.Classifier{Match: regexp.MustCompile(`/nixpkgs2?$`)}

func versionOf(nix *nixtest.Nix) func() NixVersion {
	return func() NixVersion { return NixVersion{Major: nix.Major, Minor: nix.Minor, Source: "test"} }
}

// judgeNix plans root's flake and checks the plan against Nix; it returns
// the plan.
func judgeNix(t *testing.T, nix *nixtest.Nix, u *nixtest.Universe, root string, opt Options) *Plan {
	t.Helper()
	base := nix.Lock(t, root)
	u.Commit(root)
	text := u.ReadFile(root, "flake.nix")
	opt.Classifier = leafNixpkgs
	opt.Nix = versionOf(nix)
	files := Files{LockName: "flake.lock", Lock: base, FlakeName: "flake.nix", Flake: text}
	p, err := Make(files, opt)
	if err != nil {
		t.Fatal(err)
	}
	if p.Nothing() {
		return p
	}
	// Nix, given the patched flake.nix and the original lock, writes our bytes.
	u.WriteFile(root, "flake.nix", string(p.NewFlake))
	u.SetLock(root, base)
	got := nix.Lock(t, root)
	nixtest.SameBytes(t, "lock Nix writes for the patched flake.nix", got, p.NewLock)
	u.Commit(root)
	if err := nix.UpToDate(t, root); err != nil {
		t.Errorf("Nix does not accept the plan's lock as up to date: %v", err)
	}
	again := files
	again.Lock, again.Flake = p.NewLock, p.NewFlake
	p2, err := Make(again, opt)
	if err != nil {
		t.Fatalf("re-plan: %v", err)
	}
	if !p2.Nothing() {
		t.Errorf("re-plan has something to do: %v", redirectLines(p2))
	}
	return p
}

func redirected(p *Plan) []string {
	var out []string
	for _, r := range p.Redirects {
		out = append(out, r.Path.String()+"->"+r.Target.String())
	}
	slices.Sort(out)
	return out
}

// TestNixTwoDependencies: a and b with nixpkgs of their own; both follow
// the root's.
func TestNixTwoDependencies(t *testing.T) {
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
		p := judgeNix(t, nix, u, root, Options{})
		if got, want := redirected(p), []string{"a/nixpkgs->nixpkgs", "b/nixpkgs->nixpkgs"}; !slices.Equal(got, want) {
			t.Errorf("redirects %q, want %q", got, want)
		}
		if s := p.Summary; s.CopiesBefore != 3 || s.CopiesAfter != 1 {
			t.Errorf("copies %d → %d, want 3 → 1", s.CopiesBefore, s.CopiesAfter)
		}
	})
}

// A depth-3 path (d/c/nixpkgs): a nested declaration on Nix ≥ 2.30; on
// older Nix reported, nothing changed.
func TestNixDepth3(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		root, _ := u.Flake("root", `{
  inputs.d.url = "{{d}}";
  inputs.a.url = "{{a}}";
  inputs.nixpkgs.url = "{{nixpkgs2}}";
  outputs = { self, ... }: { };
}`)
		p := judgeNix(t, nix, u, root, Options{})
		if nix.AtLeast(2, 30) {
			if got, want := redirected(p), []string{"a/nixpkgs->nixpkgs", "d/c/nixpkgs->nixpkgs"}; !slices.Equal(got, want) {
				t.Errorf("redirects %q, want %q", got, want)
			}
			return
		}
		if got, want := redirected(p), []string{"a/nixpkgs->nixpkgs"}; !slices.Equal(got, want) {
			t.Errorf("redirects %q, want %q", got, want)
		}
		if len(p.Kept) != 1 || p.Kept[0].Reason != KeepDepth || !p.Kept[0].Paths[0].Equal(lockgraph.Path{"d", "c", "nixpkgs"}) {
			t.Errorf("kept %+v, want d/c/nixpkgs for depth", p.Kept)
		}
	})
}

// The root's nixpkgs follows a dependency's; the common node lives
// there, and the dependency's other nixpkgs follows the root's input name
// without a cycle.
func TestNixRootFollowsDependency(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.SpecLeaves()
		u.Flake("hs", `{ description = "hs";
  inputs.nixpkgs.url = "{{nixpkgs2}}";
  inputs.nixpkgs-unstable.url = "{{nixpkgs}}";
  outputs = { self, ... }: { }; }`)
		root, _ := u.Flake("root", `{
  inputs.a.url = "{{a}}";
  inputs.hs.url = "{{hs}}";
  inputs.nixpkgs.follows = "hs/nixpkgs-unstable";
  outputs = { self, ... }: { };
}`)
		p := judgeNix(t, nix, u, root, Options{})
		if got, want := redirected(p), []string{"a/nixpkgs->nixpkgs", "hs/nixpkgs->nixpkgs"}; !slices.Equal(got, want) {
			t.Errorf("redirects %q, want %q", got, want)
		}
	})
}
