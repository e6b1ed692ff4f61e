// Command process measures flake-unify as a user meets it — one whole
// process per run — against yardsticks that do the least any Go program
// must: bench/lockread (read flake.lock with encoding/json, count nixpkgs
// nodes) for `check` and `plan`, bench/empty for `--help`.
//
// Runs are paired (A B A B …) after a warm-up, and the time figure is the
// median of the pairwise ratios: a pair shares the machine's load of the
// moment, so the ratio moves far less than either time when other work
// runs. Beside it, figures that hardly depend on load: minor page faults
// of the child (getrusage), package initialisation (GODEBUG=inittrace=1,
// summed) and the allocations of a whole run (runtime.MemStats read just
// before exit in a build with the `yardstick` tag; the shipped binary has
// no such hook).
//
// Every run reads the same files, writes to /dev/null and starts from
// nothing a user's run would not start from.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

func main() {
	repo := flag.String("repo", "..", "the flake-unify repository (its go.mod's directory)")
	lock := flag.String("lock", "", "the flake.lock to measure on (default: the corpus's largest, input-output-hk__cardano-world)")
	pairs := flag.Int("pairs", 41, "paired runs per command")
	warmup := flag.Int("warmup", 5, "unmeasured pairs first")
	flag.Parse()
	if err := run(*repo, *lock, *pairs, *warmup); err != nil {
		fmt.Fprintln(os.Stderr, "bench-process:", err)
		os.Exit(1)
	}
}

func run(repo, lock string, pairs, warmup int) error {
	if lock == "" {
		c, err := corpusDir(repo)
		if err != nil {
			return err
		}
		lock = filepath.Join(c, "locks", "input-output-hk__cardano-world.flake.lock")
	}
	tmp, err := os.MkdirTemp("", "bench-process-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bins, err := build(repo, tmp)
	if err != nil {
		return err
	}
	flake := filepath.Join(tmp, "flake")
	if err := copyLock(lock, flake); err != nil {
		return err
	}
	lockFile := filepath.Join(flake, "flake.lock")
	cases := []benchCase{
		// The lock is not unified: check's answer is exit 1.
		{name: "check --max 1000", args: []string{"check", "-C", flake, "--max", "1000"},
			yard: "lockread", yardBin: bins.lockread, yardArgs: []string{lockFile}, exit: 1},
		{name: "plan --lock-only", args: []string{"plan", "-C", flake, "--lock-only"},
			yard: "lockread", yardBin: bins.lockread, yardArgs: []string{lockFile}},
		{name: "--help", args: []string{"--help"},
			yard: "empty", yardBin: bins.empty},
	}
	fi, err := os.Stat(bins.flakeUnify)
	if err != nil {
		return err
	}
	fmt.Printf("bench-process %s: %s, %d pairs after %d warm-up pairs\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), filepath.Base(lock), pairs, warmup)
	fmt.Printf("machine: %s, %s, %d cores, %s; load average %s\n", runtime.GOARCH, cpuModel(), runtime.NumCPU(), runtime.Version(), loadAvg())
	fmt.Printf("flake-unify binary: %.1f MB\n\n", float64(fi.Size())/1e6)
	var rows []row
	for _, c := range cases {
		r, err := measure(c, bins, pairs, warmup)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		rows = append(rows, r)
	}
	printRows(os.Stdout, rows)
	fmt.Printf("\nload average after: %s\n", loadAvg())
	return nil
}
