package verify

import (
	"fmt"
	"io"
	"strings"
)

// Noise bounds: run-to-run differences of one evaluation stay well inside
// them (what the evaluator allocates varies least, the peak RSS a little
// with the collector's timing), so a change beyond them is a real one.
const (
	allocNoise = 0.05
	rssNoise   = 0.10
)

// Verdict says what the change did to one attribute's memory.
type Verdict string

const (
	Saves Verdict = "saves"      // less memory after, beyond noise
	Same  Verdict = "same"       // within noise
	Costs Verdict = "costs more" // more memory after, beyond noise
)

// Verdict judges memory by the evaluator's allocation when Nix reports
// it on both sides, else by the peak RSS.
func (a AttrCost) Verdict() Verdict {
	r, noise := ratio(a.After.Allocated, a.Before.Allocated), allocNoise
	if a.Before.Allocated == 0 || a.After.Allocated == 0 {
		r, noise = ratio(a.After.PeakRSS, a.Before.PeakRSS), rssNoise
	}
	switch {
	case r < 1-noise:
		return Saves
	case r > 1+noise:
		return Costs
	}
	return Same
}

func ratio(after, before int64) float64 {
	if before == 0 {
		return 1
	}
	return float64(after) / float64(before)
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// change is "445 MiB → 97 MiB (−78%)".
func change(before, after int64, unit func(int64) string) string {
	s := unit(before) + " → " + unit(after)
	if before > 0 {
		pct := (float64(after)/float64(before) - 1) * 100
		switch {
		case pct <= -0.5:
			s += fmt.Sprintf(" (−%.0f%%)", -pct)
		case pct >= 0.5:
			s += fmt.Sprintf(" (+%.0f%%)", pct)
		default:
			s += " (±0%)"
		}
	}
	return s
}

// WriteText writes the report for people.
func (m *Measurement) WriteText(w io.Writer) error {
	b := &strings.Builder{}
	runs := 0
	if len(m.Attrs) > 0 {
		runs = m.Attrs[0].Before.Runs
	}
	of := fmt.Sprintf("median of %d runs", runs)
	if runs == 1 {
		of = "one run"
	}
	fmt.Fprintf(b, "Measured (nix eval in scratch copies, before → after, %s):\n", of)
	for _, a := range m.Attrs {
		fmt.Fprintf(b, "  %s: peak memory %s", a.Attr, change(a.Before.PeakRSS, a.After.PeakRSS, mib))
		if a.Before.Allocated > 0 && a.After.Allocated > 0 {
			fmt.Fprintf(b, ", allocated %s", change(a.Before.Allocated, a.After.Allocated, mib))
		}
		fmt.Fprintf(b, ", time %.2fs → %.2fs\n", a.Before.Wall.Seconds(), a.After.Wall.Seconds())
		switch a.Verdict() {
		case Saves:
			b.WriteString("    less evaluation memory after unifying\n")
		case Same:
			b.WriteString("    no memory saving beyond noise: a shared nixpkgs node saves evaluation only where dependencies read its\n" +
				"    legacyPackages; one that calls import nixpkgs { … } builds its own package set either way\n")
		case Costs:
			b.WriteString("    more evaluation memory after unifying\n")
		}
	}
	fmt.Fprintf(b, "  nixpkgs store paths in flake.lock: %d → %d\n", m.NixpkgsBefore, m.NixpkgsAfter)
	_, err := io.WriteString(w, b.String())
	return err
}

// MeasureJSON is the report in the JSON document of plan.
type MeasureJSON struct {
	Attrs []AttrCostJSON `json:"attrs"`
	// NixpkgsStorePaths is before and after.
	NixpkgsStorePaths [2]int `json:"nixpkgsStorePaths"`
}

// AttrCostJSON is one attribute; memory in bytes, times in seconds.
type AttrCostJSON struct {
	Attr    string   `json:"attr"`
	Runs    int      `json:"runs"`
	PeakRSS [2]int64 `json:"peakRSS"`
	// Allocated is absent when Nix did not report it.
	Allocated *[2]int64  `json:"allocated,omitempty"`
	Wall      [2]float64 `json:"wallSeconds"`
	CPU       [2]float64 `json:"cpuSeconds"`
	Verdict   Verdict    `json:"verdict"`
}

// JSON returns the report for the JSON document.
func (m *Measurement) JSON() MeasureJSON {
	j := MeasureJSON{NixpkgsStorePaths: [2]int{m.NixpkgsBefore, m.NixpkgsAfter}, Attrs: []AttrCostJSON{}}
	for _, a := range m.Attrs {
		aj := AttrCostJSON{Attr: a.Attr, Runs: a.Before.Runs,
			PeakRSS: [2]int64{a.Before.PeakRSS, a.After.PeakRSS},
			Wall:    [2]float64{a.Before.Wall.Seconds(), a.After.Wall.Seconds()},
			CPU:     [2]float64{a.Before.CPU.Seconds(), a.After.CPU.Seconds()},
			Verdict: a.Verdict()}
		if a.Before.Allocated > 0 && a.After.Allocated > 0 {
			aj.Allocated = &[2]int64{a.Before.Allocated, a.After.Allocated}
		}
		j.Attrs = append(j.Attrs, aj)
	}
	return j
}

// Markdown is the report as a Markdown table, for a pull request's
// description: one row per attribute, then the nixpkgs store paths.
func (m *Measurement) Markdown() string {
	b := &strings.Builder{}
	b.WriteString("| attribute | peak memory | allocated | time | memory |\n| --- | ---: | ---: | ---: | --- |\n")
	for _, a := range m.Attrs {
		alloc := "not reported"
		if a.Before.Allocated > 0 && a.After.Allocated > 0 {
			alloc = change(a.Before.Allocated, a.After.Allocated, mib)
		}
		verdict := map[Verdict]string{Saves: "saves", Same: "same (within noise)", Costs: "costs more"}[a.Verdict()]
		fmt.Fprintf(b, "| `%s` | %s | %s | %.2fs → %.2fs | %s |\n", strings.ReplaceAll(a.Attr, "|", "\\|"),
			change(a.Before.PeakRSS, a.After.PeakRSS, mib), alloc, a.Before.Wall.Seconds(), a.After.Wall.Seconds(), verdict)
	}
	runs := 0
	if len(m.Attrs) > 0 {
		runs = m.Attrs[0].Before.Runs
	}
	fmt.Fprintf(b, "\nnixpkgs store paths in flake.lock: %d → %d. `nix eval` in scratch copies, median of %d runs.\n",
		m.NixpkgsBefore, m.NixpkgsAfter, runs)
	return b.String()
}
