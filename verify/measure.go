package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

// Measuring is the other use of the scratch copy: instead of choosing a
// target, it evaluates attributes of the user's flake as it is (before)
// and as the plan would leave it (after), and reports what the
// evaluation cost on each side. Nothing of the user's is written.

// Side is one state of the flake: its flake.nix (nil: as it is) and
// flake.lock.
type Side struct {
	Flake, Lock []byte
}

// MeasureConfig is what to evaluate and how.
type MeasureConfig struct {
	Nix   string   // the nix executable
	Attrs []string // flake output attributes, e.g. packages.x86_64-linux.default
	// Runs is how many measured evaluations each side gets (after one
	// unmeasured evaluation that copies the flake into the store); the
	// medians are reported.
	Runs    int
	Timeout time.Duration // per evaluation
	Env     []string      // nil: this process's environment
	// Classifier tells nixpkgs nodes apart, for the store paths counted.
	Classifier lockgraph.Classifier
	// Progress, if set, gets one line per evaluation side.
	Progress interface{ Write([]byte) (int, error) }
}

// Cost is the median cost of evaluating one attribute.
type Cost struct {
	Runs    int
	PeakRSS int64 // bytes, the evaluating process's maximum resident set
	// Allocated is what the evaluator allocated (Nix's own statistics,
	// gc.totalBytes; 0 when this Nix does not report it). Unlike the
	// peak RSS it does not depend on when the collector ran.
	Allocated int64
	Wall, CPU time.Duration
}

// AttrCost is one attribute's cost before and after.
type AttrCost struct {
	Attr          string
	Before, After Cost
}

// Measurement is the whole report.
type Measurement struct {
	Attrs []AttrCost
	// NixpkgsPaths counts the distinct nixpkgs store paths each lock
	// holds: the sources an evaluation may read (and a machine may have
	// to download), by the locked narHash.
	NixpkgsBefore, NixpkgsAfter int
}

// Measure evaluates cfg.Attrs of the flake in dir in a scratch copy,
// first as before, then as after.
func Measure(ctx context.Context, dir string, before, after Side, cfg MeasureConfig) (_ *Measurement, err error) {
	defer func() {
		// Whatever step the cancellation hit, the caller sees it as such.
		if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("measure: %w (%v)", ctx.Err(), err)
		}
	}()
	if len(cfg.Attrs) == 0 {
		return nil, errors.New("measure: no attribute to evaluate")
	}
	if cfg.Runs < 1 {
		cfg.Runs = 1
	}
	m := &Measurement{}
	if m.NixpkgsBefore, err = nixpkgsPaths(before.Lock, cfg.Classifier); err != nil {
		return nil, err
	}
	if m.NixpkgsAfter, err = nixpkgsPaths(after.Lock, cfg.Classifier); err != nil {
		return nil, err
	}
	s, err := newScratch(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer s.remove()
	costs := map[string]*AttrCost{}
	for _, a := range cfg.Attrs {
		m.Attrs = append(m.Attrs, AttrCost{Attr: a})
	}
	for i := range m.Attrs {
		costs[m.Attrs[i].Attr] = &m.Attrs[i]
	}
	for _, side := range []struct {
		name string
		s    Side
	}{{"before", before}, {"after", after}} {
		if err := s.prepare(ctx, side.s.Flake, side.s.Lock); err != nil {
			return nil, err
		}
		for _, a := range cfg.Attrs {
			if cfg.Progress != nil {
				fmt.Fprintf(cfg.Progress, "measure %s: nix eval .#%s (%d runs)\n", side.name, a, cfg.Runs+1)
			}
			c, err := evalCost(ctx, s.dir, a, cfg)
			if err != nil {
				return nil, fmt.Errorf("measure %s: %w", side.name, err)
			}
			if side.name == "before" {
				costs[a].Before = c
			} else {
				costs[a].After = c
			}
		}
	}
	return m, nil
}

// evalCost evaluates attr once unmeasured, then cfg.Runs times.
func evalCost(ctx context.Context, dir, attr string, cfg MeasureConfig) (Cost, error) {
	var rss, alloc []int64
	var wall, cpu []time.Duration
	for i := 0; i <= cfg.Runs; i++ {
		r, err := evalOnce(ctx, dir, attr, cfg)
		if err != nil {
			return Cost{}, err
		}
		if i == 0 {
			continue // the first run also copies the flake into the store
		}
		rss, alloc = append(rss, r.PeakRSS), append(alloc, r.Allocated)
		wall, cpu = append(wall, r.Wall), append(cpu, r.CPU)
	}
	return Cost{Runs: cfg.Runs, PeakRSS: median(rss), Allocated: median(alloc), Wall: median(wall), CPU: median(cpu)}, nil
}

// median is the middle value (the upper one of an even count, so that it
// is always a measured value).
func median[T int64 | time.Duration](xs []T) T {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// evalArgs evaluate without the evaluation cache (a second run would
// read the answer from it) and without writing the lock.
func evalArgs(attr string) []string {
	return []string{"--extra-experimental-features", "nix-command flakes", "eval", "--json",
		"--no-update-lock-file", "--option", "eval-cache", "false", ".#" + attr}
}

// evalOnce runs one nix eval and measures it.
func evalOnce(ctx context.Context, dir, attr string, cfg MeasureConfig) (Cost, error) {
	stats, err := os.CreateTemp("", "flake-unify-stats-*.json")
	if err != nil {
		return Cost{}, err
	}
	stats.Close()
	defer os.Remove(stats.Name())
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, cfg.Nix, evalArgs(attr)...)
	cmd.Dir = dir
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	cmd.Env = append(append([]string{}, env...), "NIX_SHOW_STATS=1", "NIX_SHOW_STATS_PATH="+stats.Name())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			return Cost{}, fmt.Errorf("nix eval .#%s: %w", attr, ctx.Err())
		}
		return Cost{}, fmt.Errorf("nix eval .#%s: %v: %s", attr, err, lastLines(stderr.String(), 5))
	}
	c := Cost{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		c.PeakRSS = int64(ru.Maxrss)
		if runtime.GOOS != "darwin" { // Linux counts ru_maxrss in KiB
			c.PeakRSS *= 1024
		}
	}
	c.Allocated = allocated(stats.Name())
	return c, nil
}

// allocated reads gc.totalBytes from Nix's statistics file, 0 when absent.
func allocated(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var st struct {
		GC struct {
			TotalBytes int64 `json:"totalBytes"`
		} `json:"gc"`
	}
	if json.Unmarshal(data, &st) != nil {
		return 0
	}
	return st.GC.TotalBytes
}

func lastLines(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// nixpkgsPaths counts the distinct store paths of the nixpkgs copies in
// a lock (nodes without a store path count once each).
func nixpkgsPaths(lock []byte, c lockgraph.Classifier) (int, error) {
	l, err := lockgraph.Parse("flake.lock", lock)
	if err != nil {
		return 0, err
	}
	if err := l.Check(); err != nil {
		return 0, err
	}
	copies, err := l.Copies(c)
	if err != nil {
		return 0, err
	}
	st := nixstore.Store{Dir: nixstore.DefaultDir}
	seen := map[string]bool{}
	for _, cp := range copies {
		if cp.Source.Class != lockgraph.Nixpkgs {
			continue
		}
		p, err := st.SourcePath(cp.Node.Locked.Str("narHash"))
		if err != nil {
			p = "node:" + cp.Key
		}
		seen[p] = true
	}
	return len(seen), nil
}
