package evalbench_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/evalbench"
	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// Unifying a world leaves one nixpkgs node and one store path, Nix accepts
// the lock, and every dependency then evaluates the root's revision and
// forces its whole package set, in both dependency styles and on every Nix.
// How much memory that saves is measured, not asserted: BenchmarkEval
// reports it, after/before ratios included.
func TestUnifyingLeavesOneNixpkgs(t *testing.T) {
	const deps, runs = 3, 1
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		for _, style := range evalbench.Styles {
			before, after := beforeAfter(t, nix, style, deps, runs)
			t.Logf("%s %s, %d dependencies: before %v; after %v", nix, style, deps, before, after)
		}
	})
}

// beforeAfter generates a world, measures it, unifies it with the binary,
// and measures again; on the way it checks that the lock went from deps+1
// nixpkgs nodes and store paths to one, that every package set was forced
// whole, and that after unification every dependency saw the root's
// revision.
func beforeAfter(t *testing.T, nix *nixtest.Nix, style evalbench.Style, deps, runs int) (before, after evalbench.Summary) {
	t.Helper()
	w := evalbench.New(t, nix, style, deps)
	if got, want := w.Copies(t), (evalbench.Copies{Nodes: deps + 1, StorePaths: deps + 1}); got != want {
		t.Fatalf("%s before: lock holds %+v, want %+v", style, got, want)
	}
	want := map[string]string{"root": w.RootTag()}
	for i := 1; i <= deps; i++ {
		want[evalbench.DepName(i)] = w.DepTag(i)
	}
	before = measure(t, w, runs, want)

	w.Apply(t, toolBinary(t))
	if got, want := w.Copies(t), (evalbench.Copies{Nodes: 1, StorePaths: 1}); got != want {
		t.Fatalf("%s after: lock holds %+v, want %+v", style, got, want)
	}
	for name := range want {
		want[name] = w.RootTag()
	}
	after = measure(t, w, runs, want)
	return before, after
}

// measure evaluates once to warm up (the first run copies the root's
// source into the store) and then runs times, checking each report.
func measure(t *testing.T, w *evalbench.World, runs int, revisions map[string]string) evalbench.Summary {
	t.Helper()
	w.Eval(t)
	var samples []evalbench.Sample
	for range runs {
		s := w.Eval(t)
		checkReport(t, s.Report, revisions)
		samples = append(samples, s)
	}
	return evalbench.Summarize(samples)
}

// checkReport compares each input's revision with want and its package
// count with the stand-in's: the set the evaluation forced is the whole one.
func checkReport(t testing.TB, got evalbench.Report, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("report has %d entries, want %d: %v", len(got), len(want), got)
	}
	for name, tag := range want {
		g, ok := got[name]
		if !ok {
			t.Fatalf("report lacks %s: %v", name, got)
		}
		if g.Revision != tag {
			t.Errorf("%s evaluated nixpkgs revision %q, want %q", name, g.Revision, tag)
		}
		if g.Packages != evalbench.Packages+1 { // + the revision attribute
			t.Errorf("%s package set has %d attributes, want %d", name, g.Packages, evalbench.Packages+1)
		}
	}
}
