package evalbench_test

import (
	"strconv"
	"testing"

	"github.com/flake-unify/flake-unify/internal/evalbench"
	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// The honest claims of spec appendix B.6, measured on both sides with
// three dependencies: unifying drops the peak RSS of `nix eval` clearly
// when dependencies read legacyPackages, and not by the same factor when
// they call `import nixpkgs {}`; the copies in the lock go 4 → 1 either way.
func TestUnifyingSavesMemoryOnlyForLegacyPackages(t *testing.T) {
	const deps, runs = 3, 3
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		ratio := map[evalbench.Style]float64{}
		for _, style := range evalbench.Styles {
			before, after := beforeAfter(t, nix, style, deps, runs)
			ratio[style] = float64(after.PeakRSS) / float64(before.PeakRSS)
			t.Logf("%s %s, %d dependencies: before %v; after %v; after/before %.2f",
				nix, style, deps, before, after, ratio[style])
		}
		// Four package sets become one: the RSS must fall by far more than
		// run-to-run noise, though Nix's own baseline stays.
		if r := ratio[evalbench.LegacyPackages]; r > 0.8 {
			t.Errorf("legacyPackages: peak RSS after/before = %.2f, want ≤ 0.8 (a clear drop)", r)
		}
		// Every dependency still instantiates its own set: at most noise.
		if r := ratio[evalbench.ImportNixpkgs]; r < 0.9 {
			t.Errorf("import nixpkgs {}: peak RSS after/before = %.2f, want ≥ 0.9 (no real drop)", r)
		}
		if l, i := ratio[evalbench.LegacyPackages], ratio[evalbench.ImportNixpkgs]; i-l < 0.15 {
			t.Errorf("after/before ratios legacyPackages %.2f and import %.2f are too close to tell the styles apart", l, i)
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

// checkReport compares each input's revision with want and its weight with
// the sum of the lengths of every string of the stand-in package set,
// computed here from the stand-in's format: a smaller weight would mean
// the evaluation skipped packages and the memory figures measure less.
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
		if w := weight(tag); g.Weight != w {
			t.Errorf("%s weight %d, want %d", name, g.Weight, w)
		}
	}
}

// weight of a package set: "<system>-<tag>-package-<i>-<8 hex>" for every
// i, plus the revision attribute itself.
func weight(tag string) int64 {
	n := int64(len(tag))
	for i := range evalbench.Packages {
		n += int64(len(evalbench.System) + 1 + len(tag) + len("-package-") + len(strconv.Itoa(i)) + 1 + 8)
	}
	return n
}
