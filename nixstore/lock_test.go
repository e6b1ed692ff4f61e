package nixstore_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
)

func parseLock(t testing.TB, name string, data []byte) *lockgraph.Lock {
	t.Helper()
	l, err := lockgraph.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A lock's narHash counts only as Nix reads it: SRI SHA-256. Other
// spellings of the same digest, and other hash types, make Nix stop, so
// Source gives no store path for them and says why in Nix's terms. The
// refusals are Nix's own, checked here on a real lock.
func TestLockHashSpellingsAsNixReadsThem(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		u.Flake("dep", `{ outputs = { self }: { }; }`)
		root, _ := u.Flake("root", `{ inputs.dep.url = "{{dep}}"; outputs = { self, dep }: { }; }`)
		orig := nix.Lock(t, root)
		u.Commit(root)
		l := parseLock(t, "flake.lock", orig)
		sri := l.Nodes["dep"].Locked.Str("narHash")
		b16 := strings.TrimSpace(nix.MustRun(t, root, "hash", "to-base16", sri))
		sha512 := strings.TrimSpace(nix.MustRun(t, root, "hash", "path", "--type", "sha512", root))
		st := nixstore.Store{Dir: "/nix/store"}
		for _, tc := range []struct {
			narHash string
			nixSays string // in Nix's error; "" = Nix accepts the lock
			want    string // in Source.Why; "" = a store path
		}{
			{sri, "", ""},
			{"sha256:" + b16, "is not SRI", "is not SRI"},
			{sha512, "narHash must use SHA-256", "sha512"},
			{"sha256-tooShort", "", "malformed"},
		} {
			lock := strings.Replace(string(orig), sri, tc.narHash, 1)
			u.SetLock(root, []byte(lock))
			_, stderr, err := nix.Run(t, root, "flake", "archive", "--json")
			switch {
			case tc.nixSays == "" && tc.want == "" && err != nil:
				t.Errorf("%s: Nix refused the lock: %v", tc.narHash, err)
			case tc.nixSays != "" && (err == nil || !strings.Contains(stderr, tc.nixSays)):
				t.Errorf("%s: Nix said %v (%q), want an error with %q", tc.narHash, err, stderr, tc.nixSays)
			}
			src := st.Source(parseLock(t, "flake.lock", []byte(lock)).Nodes["dep"])
			if tc.want == "" {
				if src.Path == "" || src.Why != "" {
					t.Errorf("%s: Source = %+v, want a store path", tc.narHash, src)
				}
			} else if src.Path != "" || !strings.Contains(src.Why, tc.want) {
				t.Errorf("%s: Source = %+v, want no store path and a reason with %q", tc.narHash, src, tc.want)
			}
		}
	})
}

// Every corpus node with a narHash gets a store path; the others get a
// reason, never a panic. The counts are the corpus's: all of its narHashes
// are SRI SHA-256, so each locked node without a path lacks a narHash.
func TestCorpusStorePaths(t *testing.T) {
	st := nixstore.Store{Dir: "/nix/store", Root: t.TempDir()} // an empty store: all absent
	var withHash, paths, without int
	for _, cl := range corpus.Locks(t) {
		l, err := lockgraph.Parse(cl.Name, cl.Data)
		if err != nil {
			continue // the corpus's unreadable locks (v3, v4) are the parser's business
		}
		srcs := st.Sources(l)
		for k, n := range l.Nodes {
			if k == l.Root || n.Locked == nil {
				continue
			}
			src, ok := srcs[k]
			if !ok {
				t.Fatalf("%s: node %s has no answer", cl.Name, k)
			}
			if n.Locked.Str("narHash") != "" {
				withHash++
				if src.Path == "" || !strings.HasPrefix(src.Path, "/nix/store/") || !strings.HasSuffix(src.Path, "-source") || len(src.Path) != len("/nix/store/")+32+len("-source") {
					t.Errorf("%s: node %s: %+v", cl.Name, k, src)
				}
				if src.InStore {
					t.Errorf("%s: node %s present in an empty store", cl.Name, k)
				}
				paths++
			} else {
				without++
				if src.Path != "" || src.Why == "" {
					t.Errorf("%s: node %s without narHash: %+v", cl.Name, k, src)
				}
			}
		}
	}
	t.Logf("corpus: %d locked nodes with a narHash, %d store paths; %d without narHash", withHash, paths, without)
	if withHash == 0 || paths != withHash {
		t.Errorf("%d store paths for %d narHashes", paths, withHash)
	}
}

// Odd narHash values yield a reason each, and a store that cannot be read
// is "cannot tell", not "absent".
func TestSourceOddValues(t *testing.T) {
	st := nixstore.Store{Dir: "/nix/store", Root: t.TempDir()}
	for nh, want := range map[string]string{
		"":                                  "no narHash",
		"sha256":                            "names no hash type",
		"sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=": "sha1",
		"blake3-AAAA":                       "unknown hash type",
		"sha256-!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=": "malformed",
		"sha256:" + strings.Repeat("e", 52):                   "malformed", // e is not in Nix's base-32
		"sha256:" + strings.Repeat("z", 52):                   "malformed", // overflows 32 bytes
	} {
		locked := map[string]any{"type": "path", "path": "/x"}
		if nh != "" {
			locked["narHash"] = nh
		}
		n := nodeA(t, locked)
		if src := st.Source(n); src.Path != "" || !strings.Contains(src.Why, want) {
			t.Errorf("narHash %q: %+v, want no path and %q", nh, src, want)
		}
	}
	// A store root that is a file cannot be listed (ENOTDIR, as root too,
	// unlike a permission).
	notDir := filepath.Join(t.TempDir(), "file")
	must(t, os.WriteFile(notDir, nil, 0o644))
	src := nixstore.Store{Dir: "/nix/store", Root: notDir}.Source(nodeA(t, map[string]any{"type": "path", "path": "/x", "narHash": "sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY="}))
	if src.Path == "" || src.InStore || !strings.Contains(src.Why, "cannot tell") {
		t.Errorf("unreadable store: %+v", src)
	}
}

// nodeA is node "a" of a lock that locks it to locked.
func nodeA(t *testing.T, locked map[string]any) *lockgraph.Node {
	t.Helper()
	data, err := json.Marshal(map[string]any{"version": 7, "root": "root", "nodes": map[string]any{
		"root": map[string]any{"inputs": map[string]any{"a": "a"}},
		"a":    map[string]any{"locked": locked, "original": map[string]any{"type": "path", "path": "/x"}},
	}})
	must(t, err)
	return parseLock(t, "flake.lock", data).Nodes["a"]
}

// Downloads counts distinct absent paths once, and nodes whose presence
// is not known apart, so that a plan never says "0 to download" while it
// does not know.
func TestDownloads(t *testing.T) {
	const present, absent = "sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY=", "sha256-JXJWLZohkBMbEV7hSeEtDkfFFfT45EPTdng6Bt4zOzw="
	node := func(key, nh string) map[string]any {
		locked := map[string]any{"type": "path", "path": "/" + key}
		if nh != "" {
			locked["narHash"] = nh
		}
		return map[string]any{"locked": locked, "original": map[string]any{"type": "path", "path": "/" + key}}
	}
	data, err := json.Marshal(map[string]any{"version": 7, "root": "root", "nodes": map[string]any{
		"root": map[string]any{"inputs": map[string]any{"a": "a", "b": "b", "c": "c", "d": "d", "e": "e"}},
		"a":    node("a", present), "b": node("b", absent), "c": node("c", absent), "d": node("d", ""), "e": node("e", present),
	}})
	must(t, err)
	root := t.TempDir()
	st := nixstore.Store{Dir: "/nix/store", Root: root}
	p, err := st.SourcePath(present)
	must(t, err)
	must(t, os.MkdirAll(st.Real(p), 0o755))
	srcs := st.Sources(parseLock(t, "flake.lock", data))
	for _, tc := range []struct {
		keys            []string
		absent, unknown int
	}{
		{[]string{"a", "e"}, 0, 0},
		{[]string{"a", "b", "c"}, 1, 0}, // b and c are one source
		{[]string{"a", "b", "d"}, 1, 1},
		{[]string{"zzz"}, 0, 1}, // not a node: unknown, not free
		{nil, 0, 0},
	} {
		if a, u := nixstore.Downloads(srcs, tc.keys); a != tc.absent || u != tc.unknown {
			t.Errorf("Downloads(%v) = %d absent, %d unknown; want %d, %d", tc.keys, a, u, tc.absent, tc.unknown)
		}
	}
	// The whole lock: what the root reaches (a follows counts its target;
	// the unreachable node u does not count).
	data, err = json.Marshal(map[string]any{"version": 7, "root": "root", "nodes": map[string]any{
		"root": map[string]any{"inputs": map[string]any{"a": "a", "b": "b", "d": "d", "f": []string{"b"}}},
		"a":    node("a", present), "b": node("b", absent), "d": node("d", ""), "u": node("u", "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
	}})
	must(t, err)
	if a, u, err := st.ToFetch(parseLock(t, "flake.lock", data)); a != 1 || u != 1 || err != nil {
		t.Errorf("ToFetch = %d absent, %d unknown, %v; want 1, 1", a, u, err)
	}
}

// A plan asks Source about every source of a lock, before and after: the
// answer costs the store path's string and the path's bytes for the
// system call, present or absent; no decoded digest, fingerprint, file
// description or error goes on the heap.
func TestSourceAllocatesThePathOnly(t *testing.T) {
	st := nixstore.Store{Dir: t.TempDir()} // at the real root: Real(p) is p
	n := nodeA(t, map[string]any{"type": "path", "path": "/a", "narHash": "sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY="})
	p, err := st.SourcePath(n.Locked.Str("narHash"))
	must(t, err)
	for _, c := range []struct {
		present bool
		want    float64
	}{{false, 2}, {true, 2}} {
		if c.present {
			must(t, os.Mkdir(p, 0o755))
		}
		if got := st.Source(n); got.InStore != c.present || got.Why != "" || got.Path != p {
			t.Fatalf("present %v: %+v", c.present, got)
		}
		if allocs := testing.AllocsPerRun(100, func() { st.Source(n) }); allocs > c.want {
			t.Errorf("present %v: Source makes %v allocations, want at most %v", c.present, allocs, c.want)
		}
	}
}

// A store that cannot be looked into is said to be so, in os.Lstat's
// words, not read as "absent": here the store directory is a file, so
// looking below it fails with "not a directory" (which root gets too,
// unlike a permission).
func TestSourceStoreUnreadable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	must(t, os.WriteFile(dir, nil, 0o644))
	st := nixstore.Store{Dir: dir}
	n := nodeA(t, map[string]any{"type": "path", "path": "/a", "narHash": "sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY="})
	p, err := st.SourcePath(n.Locked.Str("narHash"))
	must(t, err)
	_, lerr := os.Lstat(p)
	if lerr == nil {
		t.Fatal("lstat below a file succeeded")
	}
	got := st.Source(n)
	if want := "cannot tell whether it is present: " + lerr.Error(); got.Why != want || got.InStore || got.Path != p {
		t.Errorf("Source = %+v, want Why %q", got, want)
	}
}
