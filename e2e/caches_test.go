package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// The cache-aware policy on real Nix: a publishes binaries to a cache of
// its own (nixConfig.extra-substituters in its flake.nix), b does not.
// Locking the root made Nix fetch both sources into the universe's store,
// where the tool reads their flake.nix.
func cachesSpec() spec {
	a := leaf("a", 0, true, np("nixpkgs", "main", unstable))
	a.Caches = []string{"https://a.cachix.org"}
	return spec{Releases: std,
		Deps: []flakeSpec{a, leaf("b", 0, true, np("nixpkgs", "main", unstable))},
		Root: root(np("nixpkgs", "main", unstable), dep("a"), dep("b")),
	}
}

// chrootStore is the directory of the universe's chroot store (the
// store = setting nixtest gives Nix).
func chrootStore(t *testing.T, w *world) string {
	t.Helper()
	for _, l := range strings.Split(w.nix.Config(w.u.Root), "\n") {
		if v, ok := strings.CutPrefix(l, "store = "); ok {
			return v
		}
	}
	t.Fatal("nixtest gives Nix no chroot store")
	return ""
}

// cachesPlan is what plan --json says about caches.
type cachesPlan struct {
	Redirects []struct {
		Path   string `json:"path"`
		Caches *struct {
			Known string   `json:"known"`
			URLs  []string `json:"urls"`
			Why   string   `json:"why"`
		} `json:"caches"`
	} `json:"redirects"`
	Kept []struct {
		Paths  []string `json:"paths"`
		Reason string   `json:"reason"`
		Why    string   `json:"why"`
	} `json:"kept"`
	Summary struct {
		Downloads *struct{ Absent, Unknown int } `json:"downloads"`
	} `json:"summary"`
}

// planCaches runs plan --json with args and env added to this process's.
func planCaches(t *testing.T, w *world, env []string, args ...string) cachesPlan {
	t.Helper()
	return planCachesEnv(t, w, append(os.Environ(), env...), args...)
}

// planCachesEnv runs plan --json with args in environment env.
func planCachesEnv(t *testing.T, w *world, env []string, args ...string) cachesPlan {
	t.Helper()
	bin, err := toolBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(append([]string{"plan", "--json", "-C", w.root}, tool{}.versionArgs(w)...), args...)...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("flake-unify plan %v: %v\n%s", args, err, stderr.String())
	}
	var p cachesPlan
	if err := json.Unmarshal(stdout.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// Default policy: a's nixpkgs is kept, its reason names the cache; b's is
// redirected, its caches known to be none. With an empty store, or with
// caches = fetch and no Nix to fetch with, both are redirected and their
// caches are unknown, with the reason: never a guess.
func TestCachesKeepDeclared(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		s := cachesSpec()
		w := build(t, nix, &s)
		p := planCaches(t, w, nil, "--store-root", chrootStore(t, w))
		kept := false
		for _, k := range p.Kept {
			if strings.Join(k.Paths, ",") == "a/nixpkgs" {
				kept = true
				if k.Reason != "binary-cache" || !strings.Contains(k.Why, "https://a.cachix.org") {
					t.Errorf("a/nixpkgs kept as %s: %s; want binary-cache naming https://a.cachix.org", k.Reason, k.Why)
				}
			}
		}
		if !kept {
			t.Errorf("a/nixpkgs is not kept: %+v", p)
		}
		if len(p.Redirects) != 1 || p.Redirects[0].Path != "b/nixpkgs" || p.Redirects[0].Caches == nil || p.Redirects[0].Caches.Known != "none" {
			t.Errorf("want b/nixpkgs alone redirected, its caches none; got %+v", p.Redirects)
		}

		empty := t.TempDir()
		noNix := "PATH=" + t.TempDir()
		for _, args := range [][]string{{"--store-root", empty}, {"--store-root", empty, "--caches", "fetch"}} {
			p := planCaches(t, w, []string{noNix}, args...)
			if len(p.Redirects) != 2 {
				t.Errorf("%v: want a/nixpkgs and b/nixpkgs redirected, got %+v (kept %+v)", args, p.Redirects, p.Kept)
			}
			for _, r := range p.Redirects {
				if r.Caches == nil || r.Caches.Known != "unknown" || r.Caches.Why == "" {
					t.Errorf("%v: %s: caches %+v, want unknown with a reason", args, r.Path, r.Caches)
					continue
				}
				want := "is not in the store, and nothing was fetched"
				if len(args) > 2 {
					want = "no nix on PATH"
				}
				if !strings.Contains(r.Caches.Why, want) {
					t.Errorf("%v: %s: caches unknown because %q, want it to say %q", args, r.Path, r.Caches.Why, want)
				}
			}
		}
	})
}

// With merge cached, both are redirected, and Nix judges the result (a)–(e)
// as for any other policy.
func TestCachesMergeJudged(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		s := cachesSpec()
		s.Opts.Merge = []string{"cached"}
		w := build(t, nix, &s)
		s.Opts.StoreRoot = chrootStore(t, w)
		v := w.judge(subject())
		for _, p := range v.problems {
			t.Error(p)
		}
		var p planJSON
		if err := json.Unmarshal([]byte(w.planOut), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Kept) != 0 {
			t.Errorf("merge cached kept %+v", p.Kept)
		}
		if !strings.Contains(w.planOut, `"urls": [`) {
			t.Errorf("plan --json does not name a's cache on its redirect:\n%s", w.planOut)
		}
	})
}

// caches = fetch with Nix at hand: the tool fetches the absent sources of
// the dependencies (nix flake prefetch of the locked reference) into an
// empty chroot store, reads them, and decides as if they had been there:
// a's nixpkgs kept for its cache, b's redirected.
func TestCachesFetchWithNix(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		s := cachesSpec()
		w := build(t, nix, &s)
		// Nix's own configuration names the universe's store, which holds
		// the sources already: the fetch must go to the one --store-root
		// names, an empty one.
		st := freshStore(t, w, false)
		env := w.nix.Env(w.u.Root)
		for i, e := range env {
			if p, ok := strings.CutPrefix(e, "PATH="); ok {
				env[i] = "PATH=" + filepath.Dir(nix.Path) + string(os.PathListSeparator) + p
			}
		}
		p := planCachesEnv(t, w, env, "--store-root", st.root, "--caches", "fetch")
		if len(p.Kept) != 1 || p.Kept[0].Reason != "binary-cache" || !strings.Contains(p.Kept[0].Why, "https://a.cachix.org") {
			t.Errorf("kept %+v, want a/nixpkgs for https://a.cachix.org", p.Kept)
		}
		if len(p.Redirects) != 1 || p.Redirects[0].Path != "b/nixpkgs" || p.Redirects[0].Caches == nil || p.Redirects[0].Caches.Known != "none" {
			t.Errorf("want b/nixpkgs alone redirected, its caches none; got %+v", p.Redirects)
		}
		// The sources it fetched are now in that store: without fetching,
		// the same answer.
		again := planCachesEnv(t, w, env, "--store-root", st.root)
		if len(again.Kept) != 1 || again.Kept[0].Reason != "binary-cache" {
			t.Errorf("after the fetch, without caches = fetch: kept %+v", again.Kept)
		}
		// What is left to download is counted after the fetches: what a
		// plan of the same store says.
		if d, d2 := p.Summary.Downloads, again.Summary.Downloads; d == nil || d2 == nil || *d != *d2 {
			t.Errorf("downloads after fetching %+v, a plan of the same store says %+v", d, d2)
		}
	})
}
