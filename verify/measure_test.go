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
