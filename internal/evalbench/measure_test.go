package evalbench_test

import (
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/evalbench"
)

// Each measure gets its own median, so one slow run under load moves the
// times but not the memory, and an even count reports a measured value.
func TestSummarize(t *testing.T) {
	const MiB = 1 << 20
	s := func(rss int64, wall, cpu time.Duration) evalbench.Sample {
		return evalbench.Sample{PeakRSS: rss * MiB, Allocated: (rss - 50) * MiB, Wall: wall, CPU: cpu}
	}
	for _, tc := range []struct {
		name    string
		samples []evalbench.Sample
		want    evalbench.Summary
	}{
		{"none", nil, evalbench.Summary{}},
		{"one", []evalbench.Sample{s(90, time.Second, 800*time.Millisecond)},
			evalbench.Summary{Runs: 1, PeakRSS: 90 * MiB, Allocated: 40 * MiB, Wall: time.Second, CPU: 800 * time.Millisecond}},
		{"odd, measures independent", []evalbench.Sample{
			s(91, 9*time.Second, 300*time.Millisecond),
			s(90, 1*time.Second, 500*time.Millisecond),
			s(95, 2*time.Second, 400*time.Millisecond),
		}, evalbench.Summary{Runs: 3, PeakRSS: 91 * MiB, Allocated: 41 * MiB, Wall: 2 * time.Second, CPU: 400 * time.Millisecond}},
		{"even takes the upper median", []evalbench.Sample{
			s(100, 4*time.Second, 4*time.Second),
			s(101, 3*time.Second, 1*time.Second),
			s(102, 2*time.Second, 2*time.Second),
			s(103, 1*time.Second, 3*time.Second),
		}, evalbench.Summary{Runs: 4, PeakRSS: 102 * MiB, Allocated: 52 * MiB, Wall: 3 * time.Second, CPU: 3 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := evalbench.Summarize(tc.samples); got != tc.want {
				t.Errorf("Summarize = %+v, want %+v", got, tc.want)
			}
		})
	}
}
