package unify

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

// dirStore answers the planner from a real nixstore.Store in a directory
// of the test's own, as the CLI does from the machine's store.
type dirStore struct {
	s nixstore.Store
	l *lockgraph.Lock
}

func newDirStore(t *testing.T, lock []byte) dirStore {
	t.Helper()
	l, err := lockgraph.Parse("flake.lock", lock)
	if err != nil {
		t.Fatal(err)
	}
	return dirStore{s: nixstore.Store{Dir: "/nix/store", Root: t.TempDir()}, l: l}
}

func (d dirStore) CachesOf(p lockgraph.Path) nixstore.Caches {
	return d.s.CachesOf(context.Background(), d.l, p, nil)
}
func (d dirStore) InStore(n *lockgraph.Node) bool { return d.s.Source(n).InStore }
func (d dirStore) ToFetch(l *lockgraph.Lock) (int, int, error) {
	return d.s.ToFetch(l)
}

// put makes node key's source present, with flakeNix as its flake.nix
// when not empty.
func (d dirStore) put(t *testing.T, key, flakeNix string) {
	t.Helper()
	p, err := d.s.SourcePath(d.l.Nodes[key].Locked.Str("narHash"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(d.s.Real(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if flakeNix != "" {
		if err := os.WriteFile(filepath.Join(d.s.Real(p), "flake.nix"), []byte(flakeNix), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// distinctHashes gives every node of lock a narHash of its own (lockOf
// derives them from the day, and equal days would share a source).
func distinctHashes(t *testing.T, lock []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(lock, &doc); err != nil {
		t.Fatal(err)
	}
	for k, n := range doc["nodes"].(map[string]any) {
		if locked, ok := n.(map[string]any)["locked"].(map[string]any); ok {
			sum := sha256.Sum256([]byte(k))
			locked["narHash"] = "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
		}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const cachedFlake = `{
  nixConfig.extra-substituters = [ "https://a.cachix.org" "https://cache.nixos.org" ];
  outputs = { self, nixpkgs }: { };
}
`

// A dependency whose flake.nix declares a cache of its own keeps its
// nixpkgs, with the cache named; one that declares only NixOS's cache,
// or none, is redirected; one absent from the store is redirected with
// its caches unknown; merge cached redirects all.
func TestCachesDecideKeep(t *testing.T) {
	lock := distinctHashes(t, lockOf(map[string]string{"a": "a", "b": "b", "c": "c", "nixpkgs": "nixpkgs"}, map[string]node{
		"a":         {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2"}},
		"b":         {src: "b", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_3"}},
		"c":         {src: "c", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_4"}},
		"nixpkgs":   {src: "np:nixos-unstable", day: 9},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 3},
		"nixpkgs_3": {src: "np:nixos-unstable", day: 4},
		"nixpkgs_4": {src: "np:nixos-unstable", day: 5},
	}))
	st := newDirStore(t, lock)
	st.put(t, "a", cachedFlake)
	st.put(t, "b", `{ nixConfig.substituters = [ "https://cache.nixos.org/" ]; outputs = _: { }; }`)
	files := Files{LockName: "flake.lock", Lock: lock}

	p, err := Make(files, Options{LockOnly: true, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Kept) != 1 || p.Kept[0].Reason != KeepCache || p.Kept[0].Paths[0].String() != "a/nixpkgs" {
		t.Fatalf("kept %+v, want a/nixpkgs for its cache", p.Kept)
	}
	why := p.Kept[0].Why
	for _, want := range []string{"a: binaries from https://a.cachix.org are built with its own nixpkgs", "/flake.nix:2:36", "--merge cached"} {
		if !strings.Contains(why, want) {
			t.Errorf("reason %q does not say %q", why, want)
		}
	}
	if strings.Contains(why, "cache.nixos.org") {
		t.Errorf("reason %q names NixOS's own cache", why)
	}
	got := map[string]nixstore.Known{}
	for _, r := range p.Redirects {
		got[r.Path.String()] = r.Caches.Known
	}
	if got["b/nixpkgs"] != nixstore.None || got["c/nixpkgs"] != nixstore.Unknown || len(got) != 2 {
		t.Errorf("redirects' caches %v, want b/nixpkgs none, c/nixpkgs unknown", got)
	}
	for _, r := range p.Redirects {
		if r.Path.String() == "c/nixpkgs" && (!r.Caches.Absent || r.CachesOf.String() != "c") {
			t.Errorf("c/nixpkgs: caches %+v of %s, want absent, of c", r.Caches, r.CachesOf)
		}
	}
	// What the result reaches: c, nixpkgs and a's own nixpkgs are absent.
	if d := p.Summary.Downloads; d == nil || d.Absent != 3 || d.Unknown != 0 {
		t.Errorf("downloads %+v, want 3 absent (c, nixpkgs, a's nixpkgs)", d)
	}

	p, err = Make(files, Options{LockOnly: true, Store: st, Merge: []Kind{KindCached}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Kept) != 0 || len(p.Redirects) != 3 {
		t.Fatalf("merge cached: kept %+v, %d redirects; want none kept, 3 redirects", p.Kept, len(p.Redirects))
	}

	// Without a store nothing is asked: the plan of before.
	p, err = Make(files, Options{LockOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Kept) != 0 || p.Summary.Downloads != nil || p.Redirects[0].Caches.Known != nixstore.Unknown || p.Redirects[0].Caches.Why != "" {
		t.Errorf("without a store: kept %+v, downloads %+v, caches %+v", p.Kept, p.Summary.Downloads, p.Redirects[0].Caches)
	}
}

// Among copies the strategy ranks equal (the same date, no root input),
// the one already in the store is the target: no download.
func TestZeroDownloadPreference(t *testing.T) {
	lock := distinctHashes(t, lockOf(map[string]string{"a": "a", "b": "b"}, map[string]node{
		"a":         {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs"}},
		"b":         {src: "b", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2"}},
		"nixpkgs":   {src: "np:nixos-unstable", day: 5},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 5},
	}))
	files := Files{LockName: "flake.lock", Lock: lock}
	for _, strategy := range []Strategy{Root, Newest, MostUsed} {
		target := func(st Store) string {
			t.Helper()
			p, err := Make(files, Options{LockOnly: true, Strategy: strategy, Store: st})
			if err != nil {
				t.Fatal(err)
			}
			return p.Target().Spelling.String()
		}
		if got := target(nil); got != "a/nixpkgs" {
			t.Fatalf("%s without a store: target %s, want a/nixpkgs (the first)", strategy, got)
		}
		for _, present := range []string{"nixpkgs", "nixpkgs_2"} {
			st := newDirStore(t, lock)
			st.put(t, present, "")
			want := map[string]string{"nixpkgs": "a/nixpkgs", "nixpkgs_2": "b/nixpkgs"}[present]
			if got := target(st); got != want {
				t.Errorf("%s, %s in the store: target %s, want %s", strategy, present, got, want)
			}
		}
	}
	// Not a tie: the newer copy wins although the older one is present.
	lock = distinctHashes(t, lockOf(map[string]string{"a": "a", "b": "b"}, map[string]node{
		"a":         {src: "a", day: 1, in: map[string]string{"nixpkgs": "nixpkgs"}},
		"b":         {src: "b", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2"}},
		"nixpkgs":   {src: "np:nixos-unstable", day: 5},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 6},
	}))
	st := newDirStore(t, lock)
	st.put(t, "nixpkgs", "")
	p, err := Make(Files{LockName: "flake.lock", Lock: lock}, Options{LockOnly: true, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Target().Spelling.String(); got != "b/nixpkgs" {
		t.Errorf("target %s, want b/nixpkgs (newer; presence only breaks ties)", got)
	}
	if d := p.Summary.Downloads; d == nil || d.Absent != 3 {
		t.Errorf("downloads %+v, want 3 (a, b, b's nixpkgs)", d)
	}
}

// Over the corpus, with an empty store: the default policy never keeps a
// copy for its caches (nothing can be read, so nothing is known), every
// redirect's caches are unknown with a reason, and nothing crashes.
func TestCorpusEmptyStore(t *testing.T) {
	root := t.TempDir()
	planned := 0
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		l, err := lockgraph.Parse(c.Name, c.Data)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		st := dirStore{s: nixstore.Store{Dir: "/nix/store", Root: root}, l: l}
		p, err := Make(Files{LockName: c.Name, Lock: c.Data}, Options{LockOnly: true, Store: st})
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		planned++
		for _, k := range p.Kept {
			if k.Reason == KeepCache {
				t.Errorf("%s: %s kept for caches with an empty store: %s", c.Name, k.Paths[0], k.Why)
			}
		}
		for _, r := range p.Redirects {
			if r.Caches.Known != nixstore.Unknown || r.Caches.Why == "" {
				t.Errorf("%s: %s: caches %+v, want unknown with a reason", c.Name, r.Path, r.Caches)
			}
		}
		// A root without inputs needs nothing; any other, something.
		if d := p.Summary.Downloads; d == nil || (d.Absent == 0 && d.Unknown == 0) != (len(l.RootNode().Inputs) == 0) {
			t.Errorf("%s: downloads %+v with an empty store", c.Name, d)
		}
	}
	if planned < 100 {
		t.Errorf("only %d corpus locks planned", planned)
	}
}

// The rule is about nixpkgs: another input's copies are redirected whatever
// the dependency's caches, and the store is not asked about them.
func TestCachesOnlyForNixpkgs(t *testing.T) {
	lock := distinctHashes(t, lockOf(map[string]string{"a": "a", "flake-utils": "flake-utils"}, map[string]node{
		"a":             {src: "a", day: 1, in: map[string]string{"flake-utils": "flake-utils_2"}},
		"flake-utils":   {src: "flake-utils", day: 4},
		"flake-utils_2": {src: "flake-utils", day: 2},
	}))
	st := newDirStore(t, lock)
	st.put(t, "a", cachedFlake)
	p, err := Make(Files{LockName: "flake.lock", Lock: lock}, Options{LockOnly: true, Store: st, Inputs: []string{"flake-utils"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Kept) != 0 || len(p.Redirects) != 1 || p.Redirects[0].CachesAsked() {
		t.Errorf("kept %+v, redirects %+v; want a/flake-utils redirected, its caches not asked", p.Kept, p.Redirects)
	}
}

// A copy reached by several paths whose dependencies the store cannot
// tell about is reported for the first dependency met (its string edge's),
// not a later one.
func TestCachesUnknownFirst(t *testing.T) {
	lock := distinctHashes(t, lockOf(map[string]string{"c": "c", "d": "d", "nixpkgs": "nixpkgs"}, map[string]node{
		"c":         {src: "c", day: 1, in: map[string]string{"nixpkgs": "nixpkgs_2"}},
		"d":         {src: "d", day: 1, in: map[string]string{"nixpkgs": "->c/nixpkgs"}},
		"nixpkgs":   {src: "np:nixos-unstable", day: 9},
		"nixpkgs_2": {src: "np:nixos-unstable", day: 3},
	}))
	st := newDirStore(t, lock)
	p, err := Make(Files{LockName: "flake.lock", Lock: lock}, Options{LockOnly: true, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Redirects) != 1 || len(p.Redirects[0].Paths) != 2 {
		t.Fatalf("redirects %+v, want c/nixpkgs, reached by two paths", p.Redirects)
	}
	if r := p.Redirects[0]; r.Caches.Known != nixstore.Unknown || !r.Caches.Absent || r.CachesOf.String() != "c" {
		t.Errorf("caches %+v of %s, want unknown (absent) of c", r.Caches, r.CachesOf)
	}
}
