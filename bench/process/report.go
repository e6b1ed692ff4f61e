package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

func printRows(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| command | flake-unify | yardstick | median ratio (IQR) | CPU flake-unify / yardstick |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		q1, med, q3 := quartiles(r.ratios)
		fmt.Fprintf(w, "| `%s` | %s | %s %s | %.2f (%.2f–%.2f) | %s / %s |\n", r.name,
			ms(medianOf(r.a, wallOf)), r.yard, ms(medianOf(r.b, wallOf)), med, q1, q3,
			ms(medianOf(r.a, cpuOf)), ms(medianOf(r.b, cpuOf)))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| command | minor faults flake-unify / yardstick | init: packages, ms, KB, allocs (flake-unify / yardstick) | allocations per run |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Fprintf(w, "| `%s` | %d / %d | %s / %s | %d, %.2f MB |\n", r.name,
			medianOf(r.a, faultsOf), medianOf(r.b, faultsOf), r.initA, r.initB, r.mallocs, float64(r.alloced)/1e6)
	}
}

func (t initTrace) String() string {
	return fmt.Sprintf("%d, %.2f, %.1f, %d", t.packages, t.ms, float64(t.bytes)/1024, t.allocs)
}

func wallOf(s sample) int64   { return int64(s.wall) }
func cpuOf(s sample) int64    { return int64(s.cpu) }
func faultsOf(s sample) int64 { return s.minflt }

func medianOf(ss []sample, f func(sample) int64) int64 {
	v := make([]int64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// quartiles of v (sorted copy): the lower quartile, the median, the upper.
func quartiles(v []float64) (q1, med, q3 float64) {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	return s[n/4], s[n/2], s[(3*n)/4]
}

func ms(ns int64) string {
	return fmt.Sprintf("%.2f ms", float64(time.Duration(ns))/float64(time.Millisecond))
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(data)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
