package prbody

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
)

var update = flag.Bool("update", false, "rewrite the golden bodies in testdata/*.md")

// corpusLock returns the named corpus lock's bytes.
func corpusLock(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpus.Dir(t), "locks", name+".flake.lock"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustPlan(t testing.TB, f unify.Files, o unify.Options) *unify.Plan {
	t.Helper()
	if f.LockName == "" {
		f.LockName, f.FlakeName = "flake.lock", "flake.nix"
	}
	p, err := unify.Make(f, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGolden(t *testing.T) {
	demo := func(t *testing.T) *unify.Plan {
		return mustPlan(t, unify.Files{Lock: readFile(t, "../testdata/demo/flake.lock"), Flake: readFile(t, "../testdata/demo/flake.nix")}, unify.Options{})
	}
	lockOnly := func(lock func(t *testing.T) []byte, o unify.Options) func(t *testing.T) *unify.Plan {
		return func(t *testing.T) *unify.Plan {
			o.LockOnly = true
			return mustPlan(t, unify.Files{Lock: lock(t)}, o)
		}
	}
	fromCorpus := func(name string) func(t *testing.T) []byte {
		return func(t *testing.T) []byte { return corpusLock(t, name) }
	}
	for _, tc := range []struct {
		name string
		plan func(t *testing.T) *unify.Plan
		opt  Options
	}{
		// The example flake: both diffs, the graphs, the whole body.
		{"demo", demo, Options{Base: "main"}},
		// Too little room for the lock's diff: cut at a line, with the note.
		{"demo-cut", demo, Options{Base: "main", Limit: 3500}},
		// Too little for the graphs and the flake.nix diff too.
		{"demo-tight", demo, Options{Limit: 1200, Dir: "nix/my flake"}},
		// Input names and a branch full of markdown, HTML and backticks.
		{"hostile", lockOnly(func(t *testing.T) []byte { return readFile(t, "testdata/hostile.flake.lock") }, unify.Options{Merge: []unify.Kind{unify.KindLike}}), Options{Base: "release`s|<b>"}},
		// One target per branch, kept nodes, a warning.
		{"per-branch", lockOnly(fromCorpus("EmergentMind__nix-config"), unify.Options{PerBranch: true, Keep: []string{"stylix"}}), Options{}},
		// The largest corpus lock in 4,000 characters: the tables cut.
		{"cardano-world-4000", lockOnly(fromCorpus("input-output-hk__cardano-world"), unify.Options{}), Options{Limit: 4000}},
		// The store consulted: a copy kept for its dependency's cache,
		// unknown caches, the downloads, the measurement table.
		{"store-measure", demoWithStore, Options{Base: "main", StoreOf: "the bot runner's", Measure: demoMeasurement()}},
		// Nothing to unify.
		{"nothing", lockOnly(fromCorpus("Aylur__ags"), unify.Options{}), Options{Command: "flake-unify plan --lock-only"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.plan(t)
			body, err := Body(p, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			limit := tc.opt.Limit
			if limit == 0 {
				limit = GitHubLimit
			}
			if err := checkBody(body, limit); err != nil {
				t.Fatal(err)
			}
			got := "<!-- title: " + planview.Title(p) + " -->\n" + body
			file := filepath.Join("testdata", tc.name+".md")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := string(readFile(t, file))
			if got != want {
				t.Errorf("%s differs from the body (run go test ./prbody -run TestGolden -update and review the diff):\n%s", file, got)
			}
		})
	}
}
