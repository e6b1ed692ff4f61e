package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// benchCase is one flake-unify command and the yardstick it is held against.
type benchCase struct {
	name     string
	args     []string
	yard     string
	yardBin  string
	yardArgs []string
	// exit is the status flake-unify answers with: check fails (1) on a
	// lock that is not unified, which is the answer it is measured giving.
	exit int
}

// sample is one finished process as the parent saw it.
type sample struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	minflt int64
}

// row is what one case measured.
type row struct {
	name, yard       string
	a, b             []sample
	ratios           []float64
	initA, initB     initTrace
	mallocs, alloced uint64
}

// env is the caller's environment without GODEBUG, so that only the runs
// meant to trace initialisation do.
func env(extra ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") && !strings.HasPrefix(kv, "FLAKE_UNIFY_MEMSTATS=") {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

// runOnce runs bin to completion, stdout and stderr to /dev/null unless
// stderr is given, and insists on exit status want.
func runOnce(bin string, args, env []string, stderr *bytes.Buffer, want int) (sample, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	if stderr != nil {
		cmd.Stderr = stderr
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == want && want != 0 {
		err = nil
	} else if err == nil && want != 0 {
		err = fmt.Errorf("exit status 0, want %d", want)
	}
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %w", filepath.Base(bin), strings.Join(args, " "), err)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	s := sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru != nil {
		s.minflt = ru.Minflt
	}
	return s, nil
}

func measure(c benchCase, bins binaries, pairs, warmup int) (row, error) {
	r := row{name: c.name, yard: c.yard}
	plain := env()
	for i := 0; i < warmup+pairs; i++ {
		a, err := runOnce(bins.flakeUnify, c.args, plain, nil, c.exit)
		if err != nil {
			return r, err
		}
		b, err := runOnce(c.yardBin, c.yardArgs, plain, nil, 0)
		if err != nil {
			return r, err
		}
		if i < warmup {
			continue
		}
		r.a, r.b = append(r.a, a), append(r.b, b)
		r.ratios = append(r.ratios, float64(a.wall)/float64(b.wall))
	}
	var err error
	if r.initA, err = traceInit(bins.flakeUnify, c.args, c.exit); err != nil {
		return r, err
	}
	if r.initB, err = traceInit(c.yardBin, c.yardArgs, 0); err != nil {
		return r, err
	}
	r.mallocs, r.alloced, err = memStats(bins.memStats, c.args, c.exit)
	return r, err
}

// traceInit runs bin five times with GODEBUG=inittrace=1 and returns the
// run with the median total initialisation time.
func traceInit(bin string, args []string, want int) (initTrace, error) {
	var runs []initTrace
	for range 5 {
		var stderr bytes.Buffer
		if _, err := runOnce(bin, args, env("GODEBUG=inittrace=1"), &stderr, want); err != nil {
			return initTrace{}, err
		}
		t, err := parseInitTrace(stderr.String())
		if err != nil {
			return initTrace{}, err
		}
		runs = append(runs, t)
	}
	slices.SortFunc(runs, func(x, y initTrace) int { return cmpFloat(x.ms, y.ms) })
	return runs[len(runs)/2], nil
}

// memStats runs the yardstick-tagged build, which writes runtime.MemStats'
// Mallocs and TotalAlloc just before exit to $FLAKE_UNIFY_MEMSTATS. They
// are the same in every run up to the odd runtime-internal allocation; the
// median of three is reported.
func memStats(bin string, args []string, want int) (mallocs, bytes uint64, err error) {
	f, err := os.CreateTemp("", "memstats-")
	if err != nil {
		return 0, 0, err
	}
	f.Close()
	defer os.Remove(f.Name())
	var ms, bs []uint64
	for range 3 {
		if _, err := runOnce(bin, args, env("FLAKE_UNIFY_MEMSTATS="+f.Name()), nil, want); err != nil {
			return 0, 0, err
		}
		data, err := os.ReadFile(f.Name())
		if err != nil {
			return 0, 0, err
		}
		var m, b uint64
		if _, err := fmt.Sscanf(string(data), "mallocs %d\ntotalalloc %d\n", &m, &b); err != nil {
			return 0, 0, fmt.Errorf("memstats %q: %w", data, err)
		}
		ms, bs = append(ms, m), append(bs, b)
	}
	slices.Sort(ms)
	slices.Sort(bs)
	return ms[1], bs[1], nil
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
