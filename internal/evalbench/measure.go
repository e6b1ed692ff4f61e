package evalbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// Sample is one `nix eval` of a world's report.
type Sample struct {
	PeakRSS int64         // bytes: the child's ru_maxrss
	Wall    time.Duration // start to exit
	CPU     time.Duration // user + system of the child
	// Allocated is what the evaluator allocated in all (Nix's own
	// statistics, gc.totalBytes): unlike RSS it does not depend on when the
	// garbage collector ran, and unlike times not on the machine's load.
	Allocated int64
	Report    Report
}

// Report is what the root flake's report evaluates to: per input ("root"
// for the root's own nixpkgs, DepName(i) for the dependencies) the revision
// of the package set it saw and its number of attributes.
type Report map[string]struct {
	Revision string `json:"revision"`
	Packages int    `json:"packages"`
}

// evalArgs evaluates without the evaluation cache (on a clean tree a
// second run would read the answer from the cache) and without
// touching the lock.
var evalArgs = []string{"eval", "--json", "--no-update-lock-file", "--option", "eval-cache", "false", ".#report"}

// Eval runs `nix eval` on the root once and measures it. It goes around
// nixtest.Nix.Run to get at the process state; the environment is the
// universe's all the same.
func (w *World) Eval(tb testing.TB) Sample {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), nixtest.CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.Nix.Path, evalArgs...)
	cmd.Dir = w.Root
	stats := filepath.Join(tb.TempDir(), "stats.json")
	cmd.Env = append(w.Nix.Env(w.u.Root), "NIX_SHOW_STATS=1", "NIX_SHOW_STATS_PATH="+stats)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		tb.Fatalf("evalbench: %s %v: %v\n%s", w.Nix, evalArgs, err, errb.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		tb.Fatalf("evalbench: no rusage for %s on this platform", w.Nix)
	}
	s := Sample{
		PeakRSS: maxrssBytes(ru.Maxrss),
		Wall:    wall,
		CPU:     cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
	}
	if err := json.Unmarshal(out.Bytes(), &s.Report); err != nil {
		tb.Fatalf("evalbench: %s eval output: %v\n%s", w.Nix, err, out.String())
	}
	s.Allocated = allocated(tb, w.Nix, stats)
	return s
}

// maxrssBytes converts ru_maxrss, which Linux counts in KiB and macOS in
// bytes.
func maxrssBytes(maxrss int64) int64 {
	if runtime.GOOS == "darwin" {
		return maxrss
	}
	return maxrss * 1024
}

// allocated reads gc.totalBytes from the statistics file Nix wrote.
func allocated(tb testing.TB, nix *nixtest.Nix, path string) int64 {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("evalbench: %s wrote no evaluation statistics: %v", nix, err)
	}
	var st struct {
		GC struct {
			TotalBytes *int64 `json:"totalBytes"`
		} `json:"gc"`
	}
	if err := json.Unmarshal(data, &st); err != nil || st.GC.TotalBytes == nil {
		tb.Fatalf("evalbench: %s evaluation statistics without gc.totalBytes (%v):\n%s", nix, err, data)
	}
	return *st.GC.TotalBytes
}

// Summary is the median of several samples, per measure: peak RSS and
// allocation vary little between runs, times vary with the machine's load.
type Summary struct {
	Runs      int
	PeakRSS   int64
	Allocated int64
	Wall      time.Duration
	CPU       time.Duration
}

// Summarize returns the per-measure medians of samples (the upper median
// of an even count, so a summary is always a measured value).
func Summarize(samples []Sample) Summary {
	if len(samples) == 0 {
		return Summary{}
	}
	var rss, alloc []int64
	var wall, cpu []time.Duration
	for _, s := range samples {
		rss, alloc = append(rss, s.PeakRSS), append(alloc, s.Allocated)
		wall, cpu = append(wall, s.Wall), append(cpu, s.CPU)
	}
	return Summary{Runs: len(samples), PeakRSS: median(rss), Allocated: median(alloc), Wall: median(wall), CPU: median(cpu)}
}

func median[T int64 | time.Duration](xs []T) T {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// MiB is b in mebibytes.
func MiB(b int64) float64 { return float64(b) / (1 << 20) }

func (s Summary) String() string {
	return fmt.Sprintf("peak RSS %.0f MiB, allocated %.0f MiB, wall %.2fs, CPU %.2fs (median of %d)",
		MiB(s.PeakRSS), MiB(s.Allocated), s.Wall.Seconds(), s.CPU.Seconds(), s.Runs)
}
