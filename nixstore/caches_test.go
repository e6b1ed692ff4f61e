package nixstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/nixstore/prefetch"
)

const (
	cachedFlake = `{
  description = "publishes its builds to its own cache";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  nixConfig = {
    extra-substituters = [ "https://cached.cachix.org" ];
    extra-trusted-public-keys = [ "cached.cachix.org-1:AAAA=" ];
  };
  outputs = { self, nixpkgs }: { marker = "cached"; };
}
`
	plainFlake = `{
  inputs.nixpkgs.url = "{{nixpkgs}}";
  nixConfig.bash-prompt = "plain> ";
  outputs = { self, nixpkgs }: { };
}
`
	// In a subdirectory (?dir=sub): its caches are in sub/flake.nix, and
	// the top-level flake.nix of the same repository says something else.
	subFlake = `{
  inputs.nixpkgs.url = "{{nixpkgs}}";
  nixConfig.substituters = "https://cache.nixos.org/ https://sub.example.org/cache";
  outputs = { self, nixpkgs }: { };
}
`
	topOfSub = `{
  nixConfig.extra-substituters = [ "https://wrong.example.org" ];
  outputs = { self }: { };
}
`
	officialOnly = `{
  inputs.nixpkgs.url = "{{nixpkgs}}";
  nixConfig.extra-substituters = [ "https://cache.nixos.org" ];
  outputs = { self, nixpkgs }: { };
}
`
)

// cacheUniverse locks a root with four dependencies: one declaring its
// own cache, one without, one in a subdirectory, one naming only NixOS's
// cache.
func cacheUniverse(t *testing.T, nix *nixtest.Nix) (u *nixtest.Universe, root string, l *lockgraph.Lock) {
	t.Helper()
	u = nixtest.NewUniverse(t)
	u.Flake("nixpkgs", nixtest.LeafNixpkgs)
	u.Flake("cached", cachedFlake)
	u.Flake("plain", plainFlake)
	mono, _ := u.Flake("mono", topOfSub)
	u.WriteFile(mono, "sub/flake.nix", subFlake)
	u.Commit(mono)
	u.Flake("official", officialOnly)
	root, _ = u.Flake("root", `{
  inputs.cached.url = "{{cached}}";
  inputs.plain.url = "{{plain}}";
  inputs.sub.url = "{{mono}}?dir=sub";
  inputs.official.url = "{{official}}";
  outputs = { self, ... }: { };
}
`)
	lock := nix.Lock(t, root)
	u.Commit(root)
	return u, root, parseLock(t, "flake.lock", lock)
}

// chroot is the universe's chroot store for nix (its NIX_CONFIG store).
func chroot(t *testing.T, nix *nixtest.Nix, root string) string {
	for _, l := range strings.Split(nix.Config(root), "\n") {
		if s, ok := strings.CutPrefix(l, "store = "); ok {
			return s
		}
	}
	t.Fatal("nixtest config names no store")
	return ""
}

// withStore is the universe's environment with another chroot store and
// fetcher cache.
func withStore(nix *nixtest.Nix, root, store string) []string {
	env := nix.Env(root)
	for i, e := range env {
		if c, ok := strings.CutPrefix(e, "NIX_CONFIG="); ok {
			var keep []string
			for _, l := range strings.Split(c, "\n") {
				if !strings.HasPrefix(l, "store =") {
					keep = append(keep, l)
				}
			}
			env[i] = "NIX_CONFIG=" + strings.Join(append(keep, "store = "+store), "\n")
		}
	}
	return append(env, "XDG_CACHE_HOME="+filepath.Join(store, "..", "cache"))
}

func TestCachesOfRealDependencies(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u, root, l := cacheUniverse(t, nix)
		ctx := context.Background()
		node := func(name string) *lockgraph.Node { return l.Nodes[name] }

		// Nix itself reads the settings: evaluated as the top-level flake,
		// the cached dependency asks for them (and is refused, untrusted).
		_, stderr, err := nix.Run(t, u.Dir("cached"), "eval", "--option", "eval-cache", "false", ".#marker")
		for _, setting := range []string{"extra-substituters", "extra-trusted-public-keys"} {
			if err != nil || !strings.Contains(stderr, "ignoring untrusted flake configuration setting '"+setting+"'") {
				t.Errorf("nix eval on the cached dependency does not mention %s: %v\n%s", setting, err, stderr)
			}
		}

		st := nixstore.Store{Dir: "/nix/store", Root: chroot(t, nix, u.Root)}
		cached := st.Caches(ctx, node("cached"), nil)
		if cached.Known != nixstore.Declared || len(cached.Caches) != 1 || len(cached.Keys) != 1 {
			t.Fatalf("cached: %+v", cached)
		}
		c := cached.Caches[0]
		want := st.Source(node("cached")).Path + "/flake.nix:5:28"
		if c.Value != "https://cached.cachix.org" || c.Setting != "extra-substituters" || c.At() != want {
			t.Errorf("cached: %+v at %s, want https://cached.cachix.org (extra-substituters) at %s", c, c.At(), want)
		}
		if k := cached.Keys[0]; k.Value != "cached.cachix.org-1:AAAA=" || k.Setting != "extra-trusted-public-keys" {
			t.Errorf("cached key: %+v", k)
		}
		if r := cached.Reason(); r != "binaries from https://cached.cachix.org are built with its own nixpkgs; following yours means building them locally" {
			t.Errorf("reason: %q", r)
		}

		// Asked by the input a planner would redirect: the dependency above it.
		if got := st.CachesOf(ctx, l, lockgraph.Path{"cached", "nixpkgs"}, nil); got.Known != nixstore.Declared || got.Reason() != cached.Reason() {
			t.Errorf("CachesOf(cached/nixpkgs): %+v", got)
		}
		if got := st.CachesOf(ctx, l, lockgraph.Path{"plain", "nixpkgs"}, nil); got.Known != nixstore.None {
			t.Errorf("CachesOf(plain/nixpkgs): %+v", got)
		}
		if got := st.CachesOf(ctx, l, lockgraph.Path{"nope", "nixpkgs"}, nil); got.Known != nixstore.Unknown || !strings.Contains(got.Why, "not in the lock") {
			t.Errorf("CachesOf(nope/nixpkgs): %+v", got)
		}
		if got := st.CachesOf(ctx, l, lockgraph.Path{"cached"}, nil); got.Known != nixstore.None || !strings.Contains(got.Why, "root input") {
			t.Errorf("CachesOf(cached): %+v", got)
		}

		if plain := st.Caches(ctx, node("plain"), nil); plain.Known != nixstore.None || len(plain.Caches) != 0 || plain.Reason() != "" {
			t.Errorf("plain: %+v", plain)
		}

		sub := st.Caches(ctx, node("sub"), nil)
		if sub.Known != nixstore.Declared || !strings.HasSuffix(sub.File, "-source/sub/flake.nix") || len(sub.Own()) != 1 ||
			sub.Own()[0].Value != "https://sub.example.org/cache" || len(sub.Caches) != 2 {
			t.Errorf("sub: %+v", sub)
		}
		if r := sub.Reason(); !strings.Contains(r, "https://sub.example.org/cache") || strings.Contains(r, "cache.nixos.org") {
			t.Errorf("sub reason: %q", r)
		}

		if off := st.Caches(ctx, node("official"), nil); off.Known != nixstore.None || len(off.Caches) != 1 || off.Reason() != "" {
			t.Errorf("official only: %+v", off)
		}

		// A dir that leads out of the source is no flake.nix to read.
		escaping := strings.Replace(string(mustRead(t, filepath.Join(root, "flake.lock"))), `"dir": "sub"`, `"dir": "../../etc"`, -1)
		if got := st.Caches(ctx, parseLock(t, "flake.lock", []byte(escaping)).Nodes["sub"], nil); got.Known != nixstore.Unknown || !strings.Contains(got.Why, "leads out of its source") {
			t.Errorf("sub with dir ../../etc: %+v", got)
		}

		// A store that lacks the sources, and no Nix: unknown, with why.
		empty := nixstore.Store{Dir: "/nix/store", Root: filepath.Join(t.TempDir(), "empty")}
		for _, name := range []string{"cached", "plain", "sub"} {
			got := empty.Caches(ctx, node(name), nil)
			if got.Known != nixstore.Unknown || !strings.Contains(got.Why, "is not in the store") || got.Reason() != "" {
				t.Errorf("%s, source absent, no fetcher: %+v", name, got)
			}
		}

		// With Nix asked to fetch, the answer is known again.
		fresh := filepath.Join(t.TempDir(), "root")
		t.Cleanup(func() { makeWritable(filepath.Dir(fresh)) })
		fetched := nixstore.Store{Dir: "/nix/store", Root: fresh}
		fetcher := prefetch.Nix{Nix: nix.Path, Env: withStore(nix, u.Root, fresh)}
		if got := fetched.Caches(ctx, node("cached"), fetcher); got.Known != nixstore.Declared || got.Caches[0].At() != want {
			t.Errorf("cached, fetched by Nix: %+v", got)
		}
		if got := fetched.Caches(ctx, node("sub"), fetcher); got.Known != nixstore.Declared {
			t.Errorf("sub, fetched by Nix: %+v", got)
		}
		if got := fetched.Caches(ctx, node("plain"), fetcher); got.Known != nixstore.None {
			t.Errorf("plain, fetched by Nix: %+v", got)
		}
		// No Nix to fetch with: unknown, never a guess.
		noNix := nixstore.Store{Dir: "/nix/store", Root: filepath.Join(t.TempDir(), "nonix")}
		if got := noNix.Caches(ctx, node("cached"), prefetch.Nix{Nix: filepath.Join(t.TempDir(), "no", "nix")}); got.Known != nixstore.Unknown ||
			!strings.Contains(got.Why, "fetching its source failed") || len(got.Caches) != 0 {
			t.Errorf("cached, no Nix to fetch with: %+v", got)
		}
		// A fetch that fails (the repository is gone) stays unknown.
		if err := os.RemoveAll(filepath.Join(u.Dir("official"), ".git")); err != nil {
			t.Fatal(err)
		}
		if got := fetched.Caches(ctx, node("official"), fetcher); got.Known != nixstore.Unknown || !strings.Contains(got.Why, "fetching its source failed") {
			t.Errorf("official, fetch fails: %+v", got)
		}
	})
}

func makeWritable(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
}

// Over the corpus, on a machine without its sources and without Nix:
// every flake node's caches are unknown (with a reason), flake = false
// nodes have none, and nothing is guessed.
func TestCorpusCachesUnknownWithoutSources(t *testing.T) {
	st := nixstore.Store{Dir: "/nix/store", Root: t.TempDir()}
	ctx := context.Background()
	counts := map[nixstore.Known]int{}
	for _, cl := range corpus.Locks(t) {
		l, err := lockgraph.Parse(cl.Name, cl.Data)
		if err != nil {
			continue
		}
		for k, n := range l.Nodes {
			if k == l.Root || n.Locked == nil {
				continue
			}
			c := st.Caches(ctx, n, nil)
			counts[c.Known]++
			switch {
			case n.NotFlake:
				if c.Known != nixstore.None {
					t.Errorf("%s %s (flake = false): %+v", cl.Name, k, c)
				}
			case c.Known != nixstore.Unknown || c.Why == "" || len(c.Caches) != 0:
				t.Errorf("%s %s: %+v", cl.Name, k, c)
			}
		}
	}
	t.Logf("corpus without sources: %v", counts)
	if counts[nixstore.Unknown] == 0 {
		t.Error("no node answered")
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	must(t, err)
	return b
}
