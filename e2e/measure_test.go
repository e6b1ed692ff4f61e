package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/evalbench"
	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// measureDoc is the "measure" part of `plan --json --measure`.
type measureDoc struct {
	Measure struct {
		Attrs []struct {
			Attr      string    `json:"attr"`
			Runs      int       `json:"runs"`
			PeakRSS   [2]int64  `json:"peakRSS"`
			Allocated *[2]int64 `json:"allocated"`
			Verdict   string    `json:"verdict"`
		} `json:"attrs"`
		NixpkgsStorePaths [2]int `json:"nixpkgsStorePaths"`
	} `json:"measure"`
}

// plan --measure on the evaluation benchmark's worlds (three dependencies,
// each locking its own revision of a nixpkgs stand-in with a costly
// package set): where dependencies read legacyPackages, unifying shares
// one package set and the measured memory falls clearly; where they call
// import nixpkgs { }, every dependency builds its own set either way and
// the report says there is no saving beyond noise. The lock's nixpkgs
// store paths go 4 → 1 in both. Shapes (ratios, verdicts) are asserted,
// never times. The user's files are not touched.
func TestMeasureShowsTheSaving(t *testing.T) {
	const deps = 3
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		for _, style := range evalbench.Styles {
			t.Run(style.String(), func(t *testing.T) {
				w := evalbench.New(t, nix, style, deps)
				lock, flake := readFile(t, w.Root, "flake.lock"), readFile(t, w.Root, "flake.nix")
				out := runMeasure(t, w, nix, "--json", "--measure-runs", "3")
				var doc measureDoc
				if err := json.Unmarshal(out, &doc); err != nil {
					t.Fatalf("plan --json: %v\n%s", err, out)
				}
				m := doc.Measure
				if len(m.Attrs) != 1 || m.Attrs[0].Attr != "report" || m.Attrs[0].Runs != 3 || m.Attrs[0].Allocated == nil {
					t.Fatalf("measure: %+v\n%s", m, out)
				}
				a := m.Attrs[0]
				rss := float64(a.PeakRSS[1]) / float64(a.PeakRSS[0])
				alloc := float64(a.Allocated[1]) / float64(a.Allocated[0])
				t.Logf("%s %s: peak RSS %d → %d (%.2f), allocated %d → %d (%.2f), verdict %s",
					nix, style, a.PeakRSS[0], a.PeakRSS[1], rss, a.Allocated[0], a.Allocated[1], alloc, a.Verdict)
				if m.NixpkgsStorePaths != [2]int{deps + 1, 1} {
					t.Errorf("nixpkgs store paths %v, want [%d 1]", m.NixpkgsStorePaths, deps+1)
				}
				switch style {
				case evalbench.LegacyPackages:
					if alloc > 0.5 || rss > 0.8 || a.Verdict != "saves" {
						t.Errorf("legacyPackages: after/before allocated %.2f, RSS %.2f, verdict %q; want ≤ 0.5, ≤ 0.8, saves", alloc, rss, a.Verdict)
					}
				case evalbench.ImportNixpkgs:
					if alloc < 0.95 || alloc > 1.05 || a.Verdict != "same" {
						t.Errorf("import nixpkgs {}: after/before allocated %.2f, verdict %q; want within 5%% and same", alloc, a.Verdict)
					}
				}
				if !bytes.Equal(readFile(t, w.Root, "flake.lock"), lock) || !bytes.Equal(readFile(t, w.Root, "flake.nix"), flake) {
					t.Error("plan --measure changed the user's files")
				}
				if style == evalbench.ImportNixpkgs && nix == nixtest.Default(t) {
					text := string(runMeasure(t, w, nix, "--measure-runs", "1"))
					t.Logf("plan --measure:\n%s", text)
					for _, want := range []string{"Measured (nix eval in scratch copies, before → after, one run):\n  report: peak memory ",
						"no memory saving beyond noise", fmt.Sprintf("nixpkgs store paths in flake.lock: %d → 1\n", deps+1)} {
						if !strings.Contains(text, want) {
							t.Errorf("plan --measure text lacks %q:\n%s", want, text)
						}
					}
				}
			})
		}
	})
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runMeasure runs `flake-unify plan --measure report` on the world with
// nix first on PATH and the universe's Nix environment.
func runMeasure(t *testing.T, w *evalbench.World, nix *nixtest.Nix, args ...string) []byte {
	t.Helper()
	bin, err := toolBinary()
	if err != nil {
		t.Fatal(err)
	}
	all := append([]string{"plan", "-C", w.Root, "--measure", "report",
		"--nix-version", fmt.Sprintf("%d.%d", nix.Major, nix.Minor)}, args...)
	cmd := exec.Command(bin, all...)
	env := nix.Env(filepath.Dir(w.Root))
	for i, e := range env {
		if p, ok := strings.CutPrefix(e, "PATH="); ok {
			env[i] = "PATH=" + filepath.Dir(nix.Path) + string(os.PathListSeparator) + p
		}
	}
	cmd.Env = append(env, "NO_COLOR=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	t.Logf("flake-unify %s: %v\n%s", strings.Join(all, " "), err, stderr.String())
	if err != nil {
		t.Fatalf("flake-unify %s: %v\n%s", strings.Join(all, " "), err, stderr.String())
	}
	return out
}
