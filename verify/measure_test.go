package verify

import (
	"strings"
	"testing"
	"time"
)

// The verdict follows the allocation when both sides report it, else the
// peak RSS, with the noise bounds; the text says each case in words.
func TestMeasureVerdictAndText(t *testing.T) {
	const MiB = 1 << 20
	cost := func(rss, alloc int64) Cost {
		return Cost{Runs: 3, PeakRSS: rss * MiB, Allocated: alloc * MiB, Wall: time.Second}
	}
	for _, tc := range []struct {
		before, after Cost
		want          Verdict
		text          string
	}{
		{cost(400, 300), cost(100, 80), Saves, "peak memory 400 MiB → 100 MiB (−75%), allocated 300 MiB → 80 MiB (−73%)"},
		{cost(100, 100), cost(100, 97), Same, "no memory saving beyond noise"},
		{cost(100, 100), cost(80, 97), Same, "peak memory 100 MiB → 80 MiB (−20%)"},     // allocation decides, RSS is noisier
		{cost(100, 0), cost(80, 0), Saves, "peak memory 100 MiB → 80 MiB (−20%), time"}, // no allocation reported: RSS decides
		{cost(100, 0), cost(95, 0), Same, "(−5%), time"},
		{cost(100, 100), cost(130, 120), Costs, "more evaluation memory"},
		{cost(100, 100), cost(100, 100), Same, "(±0%)"},
	} {
		a := AttrCost{Attr: "x", Before: tc.before, After: tc.after}
		if got := a.Verdict(); got != tc.want {
			t.Errorf("%+v → %+v: verdict %q, want %q", tc.before, tc.after, got, tc.want)
		}
		var b strings.Builder
		m := &Measurement{Attrs: []AttrCost{a}, NixpkgsBefore: 4, NixpkgsAfter: 1}
		if err := m.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.text) || !strings.Contains(b.String(), "nixpkgs store paths in flake.lock: 4 → 1\n") {
			t.Errorf("%+v → %+v: text lacks %q:\n%s", tc.before, tc.after, tc.text, b.String())
		}
		j := m.JSON()
		if j.Attrs[0].Verdict != tc.want || (j.Attrs[0].Allocated == nil) != (tc.before.Allocated == 0) {
			t.Errorf("JSON %+v", j.Attrs[0])
		}
	}
}

func TestMeasureMarkdown(t *testing.T) {
	const MiB = 1 << 20
	m := &Measurement{NixpkgsBefore: 26, NixpkgsAfter: 1, Attrs: []AttrCost{
		{Attr: "report", Before: Cost{Runs: 3, PeakRSS: 445 * MiB, Allocated: 588 * MiB, Wall: 2570 * time.Millisecond},
			After: Cost{Runs: 3, PeakRSS: 97 * MiB, Allocated: 61 * MiB, Wall: 550 * time.Millisecond}},
		{Attr: "a|b", Before: Cost{Runs: 3, PeakRSS: 100 * MiB, Wall: time.Second},
			After: Cost{Runs: 3, PeakRSS: 99 * MiB, Wall: time.Second}},
	}}
	want := "| attribute | peak memory | allocated | time | memory |\n| --- | ---: | ---: | ---: | --- |\n" +
		"| `report` | 445 MiB → 97 MiB (−78%) | 588 MiB → 61 MiB (−90%) | 2.57s → 0.55s | saves |\n" +
		"| `a\\|b` | 100 MiB → 99 MiB (−1%) | not reported | 1.00s → 1.00s | same (within noise) |\n" +
		"\nnixpkgs store paths in flake.lock: 26 → 1. `nix eval` in scratch copies, median of 3 runs.\n"
	if got := m.Markdown(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
