package evalbench_test

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/evalbench"
	"github.com/flake-unify/flake-unify/internal/nixtest"
)

var (
	nixFlag  = flag.String("evalbench.nix", "oldest", "which available Nix BenchmarkEval measures: oldest or newest")
	depsFlag = flag.String("evalbench.deps", "1,5,10,25", "comma-separated dependency counts BenchmarkEval generates")
)

// BenchmarkEval prints the table of the README's "The saving, measured":
// per style and dependency count, `nix eval` of the root before and after
// `flake-unify apply`, with the nixpkgs nodes and store paths of the lock.
//
//	go test -run '^$' -bench Eval -benchtime 3x ./internal/evalbench
//
// An iteration is one whole `nix eval` process; peak-RSS-MiB, alloc-MiB
// (what the evaluator allocated, from Nix's statistics), eval-s (wall) and
// cpu-s (user + system) are medians over the iterations; the "after"
// runs also report RSS-after/before and alloc-after/before, the saving.
func BenchmarkEval(b *testing.B) {
	nix := benchNix(b)
	counts := benchDeps(b)
	for _, style := range evalbench.Styles {
		b.Run(style.String(), func(b *testing.B) {
			for _, n := range counts {
				b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
					w := evalbench.New(b, nix, style, n)
					want := map[string]string{"root": w.RootTag()}
					for i := 1; i <= n; i++ {
						want[evalbench.DepName(i)] = w.DepTag(i)
					}
					var before evalbench.Summary
					b.Run("before", func(b *testing.B) { before = benchEval(b, w, want) })
					w.Apply(b, toolBinary(b))
					for name := range want {
						want[name] = w.RootTag()
					}
					b.Run("after", func(b *testing.B) {
						after := benchEval(b, w, want)
						if before.PeakRSS > 0 && before.Allocated > 0 {
							b.ReportMetric(float64(after.PeakRSS)/float64(before.PeakRSS), "RSS-after/before")
							b.ReportMetric(float64(after.Allocated)/float64(before.Allocated), "alloc-after/before")
						}
					})
				})
			}
		})
	}
}

// benchEval checks the first evaluation's report (which also warms the
// store up), then measures whole evaluations and returns their medians.
func benchEval(b *testing.B, w *evalbench.World, revisions map[string]string) evalbench.Summary {
	copies := w.Copies(b)
	checkReport(b, w.Eval(b).Report, revisions)
	load := loadAverage()
	var samples []evalbench.Sample
	for b.Loop() {
		samples = append(samples, w.Eval(b))
	}
	s := evalbench.Summarize(samples)
	b.ReportMetric(0, "ns/op") // eval-s is the wall time, without the checks
	b.ReportMetric(evalbench.MiB(s.PeakRSS), "peak-RSS-MiB")
	b.ReportMetric(evalbench.MiB(s.Allocated), "alloc-MiB")
	b.ReportMetric(s.Wall.Seconds(), "eval-s")
	b.ReportMetric(s.CPU.Seconds(), "cpu-s")
	b.ReportMetric(float64(copies.Nodes), "nixpkgs-nodes")
	b.ReportMetric(float64(copies.StorePaths), "store-paths")
	b.Logf("%s, %d packages per nixpkgs instantiation, load average %s → %s",
		w.Nix, evalbench.Packages, load, loadAverage())
	return s
}

func benchNix(b *testing.B) *nixtest.Nix {
	switch *nixFlag {
	case "oldest":
		return nixtest.Default(b)
	case "newest":
		return nixtest.Newest(b)
	}
	b.Fatalf("-evalbench.nix=%q: want oldest or newest", *nixFlag)
	return nil
}

func benchDeps(b *testing.B) []int {
	var out []int
	for _, f := range strings.Split(*depsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("-evalbench.deps=%q: %q is not a positive count", *depsFlag, f)
		}
		out = append(out, n)
	}
	return out
}

// loadAverage is the one-minute load average, for the log: the wall
// times mean little without it.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return fmt.Sprintf("%q", data)
}
