package evalbench_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/evalbench"
	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// The claims the README makes about the saving, measured on both sides with
// three dependencies: unifying drops the peak RSS of `nix eval` clearly
// when dependencies read legacyPackages, and not by the same factor when
// they call `import nixpkgs {}`; the copies in the lock go 4 → 1 either way.
// What the evaluator allocated is checked too: it does not depend on when
// the garbage collector ran, so its margins can be tighter.
func TestUnifyingSavesMemoryOnlyForLegacyPackages(t *testing.T) {
	const deps, runs = 3, 3
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		rss, alloc := map[evalbench.Style]float64{}, map[evalbench.Style]float64{}
		for _, style := range evalbench.Styles {
			before, after := beforeAfter(t, nix, style, deps, runs)
			rss[style] = float64(after.PeakRSS) / float64(before.PeakRSS)
			alloc[style] = float64(after.Allocated) / float64(before.Allocated)
			t.Logf("%s %s, %d dependencies: before %v; after %v; after/before: RSS %.2f, allocated %.2f",
				nix, style, deps, before, after, rss[style], alloc[style])
		}
		legacy, imp := evalbench.LegacyPackages, evalbench.ImportNixpkgs
		// Four package sets become one: RSS must fall by far more than
		// run-to-run noise, though Nix's own baseline stays; allocation
		// falls towards a quarter.
		if rss[legacy] > 0.8 || alloc[legacy] > 0.5 {
			t.Errorf("legacyPackages: after/before = RSS %.2f, allocated %.2f; want ≤ 0.8 and ≤ 0.5 (a clear drop)", rss[legacy], alloc[legacy])
		}
		// Every dependency still instantiates its own set: at most noise.
		if rss[imp] < 0.9 || alloc[imp] < 0.95 {
			t.Errorf("import nixpkgs {}: after/before = RSS %.2f, allocated %.2f; want ≥ 0.9 and ≥ 0.95 (no real drop)", rss[imp], alloc[imp])
		}
		if rss[imp]-rss[legacy] < 0.15 {
			t.Errorf("RSS after/before of legacyPackages %.2f and import %.2f are too close to tell the styles apart", rss[legacy], rss[imp])
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
