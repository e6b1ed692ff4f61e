package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// storeSeeds are the random universes whose store paths are checked: the
// generator varies depth, flake = false sources, indirect references and
// follows, so the seeds cover every kind of node the other tests lock.
var storeSeeds = []int64{1, 2, 3, 4, 5, 6}

// For every input of generated universes, the store path flake-unify
// computes from the lock (graph --store) is the path Nix reports for it in
// `nix flake archive --json`, in a fresh store: first nothing is in it
// (inStore false everywhere), then Nix fetches every input and all of them
// are in it. Once in a chroot store at /nix/store, once in a store whose
// directory is moved with NIX_STORE_DIR (a path's hash depends on it).
func TestStorePathsAreNixs(t *testing.T) {
	seedList := storeSeeds
	if testing.Short() {
		seedList = seedList[:2]
	}
	for _, seed := range seedList {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			t.Parallel()
			nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
				w := build(t, nix, generate(seed))
				l, err := lockgraph.Parse("flake.lock", w.origLock)
				if err != nil {
					t.Fatal(err)
				}
				for _, moved := range []bool{false, true} {
					st := freshStore(t, w, moved)
					before := graphStore(t, w, st)
					for k, n := range before {
						if k == l.Root {
							continue
						}
						if n.InStore == nil || *n.InStore {
							t.Errorf("%s: node %s in a fresh store: %+v", st, k, n)
						}
					}
					out, err := st.nix(t, w, "flake", "archive", "--json")
					if err != nil {
						t.Fatal(err)
					}
					var arch archived
					if err := json.Unmarshal([]byte(out), &arch); err != nil {
						t.Fatalf("nix flake archive --json: %v\n%s", err, out)
					}
					after := graphStore(t, w, st)
					seen := map[string]bool{}
					compareArchive(t, l, l.Root, "", arch, after, seen)
					for k := range after {
						if k != l.Root && !seen[k] {
							t.Errorf("%s: node %s is in the graph but not in Nix's archive", st, k)
						}
					}
					if len(seen) < 2 {
						t.Errorf("%s: only %d inputs compared", st, len(seen))
					}
				}
			})
		})
	}
}

// archived is `nix flake archive --json`: a source's store path and its
// inputs by name (follows are not listed; their targets are, where they
// are locked).
type archived struct {
	Path   string              `json:"path"`
	Inputs map[string]archived `json:"inputs"`
}

// compareArchive walks Nix's archive beside the lock from node key.
func compareArchive(t *testing.T, l *lockgraph.Lock, key, path string, a archived, graph map[string]graphNode, seen map[string]bool) {
	t.Helper()
	n := l.Nodes[key]
	for name, sub := range a.Inputs {
		p := strings.TrimPrefix(path+"/"+name, "/")
		var to string
		for _, in := range n.Inputs {
			if in.Name == name && !in.IsFollows {
				to = in.Node
			}
		}
		if to == "" {
			t.Errorf("Nix archived input %s, which the lock does not lock there", p)
			continue
		}
		g := graph[to]
		if g.StorePath != sub.Path {
			t.Errorf("input %s (node %s): storePath %q, Nix archived it at %q", p, to, g.StorePath, sub.Path)
		}
		if g.InStore == nil || !*g.InStore {
			t.Errorf("input %s (node %s): not in the store after Nix fetched it: %+v", p, to, g)
		}
		seen[to] = true
		compareArchive(t, l, to, p, sub, graph, seen)
	}
}

// store is one Nix store a test fetches into.
type store struct {
	root  string // chroot store: the directory Nix's store = setting names
	dir   string // NIX_STORE_DIR, when moved
	state string
	cache string // Nix's fetcher cache names store paths: one per store
}

func (s store) String() string {
	if s.dir != "" {
		return "NIX_STORE_DIR store"
	}
	return "chroot store"
}

// freshStore is an empty store in the universe.
func freshStore(t *testing.T, w *world, moved bool) store {
	base := t.TempDir()
	// Nix makes store paths read-only; let TempDir's removal through
	// (cleanups run last-in first-out, so this one runs first).
	t.Cleanup(func() {
		_ = filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	s := store{cache: filepath.Join(base, "cache")}
	if moved {
		s.dir, s.state = filepath.Join(base, "store"), filepath.Join(base, "state")
	} else {
		s.root = filepath.Join(base, "root")
	}
	return s
}

// env is the universe's environment for Nix, with this store instead of
// the universe's.
func (s store) env(w *world) []string {
	env := w.nix.Env(w.u.Root)
	for i, e := range env {
		c, ok := strings.CutPrefix(e, "NIX_CONFIG=")
		if !ok {
			continue
		}
		var lines []string
		for _, l := range strings.Split(c, "\n") {
			if !strings.HasPrefix(l, "store =") {
				lines = append(lines, l)
			}
		}
		if s.root != "" {
			lines = append(lines, "store = "+s.root)
		}
		env[i] = "NIX_CONFIG=" + strings.Join(lines, "\n")
	}
	env = append(env, "XDG_CACHE_HOME="+s.cache)
	if s.dir != "" {
		env = append(env, "NIX_STORE_DIR="+s.dir, "NIX_STATE_DIR="+s.state, "NIX_LOG_DIR="+filepath.Join(s.state, "log"))
	}
	return env
}

func (s store) nix(t *testing.T, w *world, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(w.nix.Path, args...)
	cmd.Dir, cmd.Env = w.root, s.env(w)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s (%s): %v\n%s", w.nix, strings.Join(args, " "), s, err, stderr.String())
	}
	return stdout.String(), nil
}

// graphNode is a node of `flake-unify graph --format json --store`.
type graphNode struct {
	StorePath string `json:"storePath"`
	InStore   *bool  `json:"inStore"`
	StoreWhy  string `json:"storeWhy"`
}

// graphStore runs `flake-unify graph --format json --store` on the root
// for store s: as a user of that store would, with its NIX_STORE_DIR, or
// with --store-root for the chroot.
func graphStore(t *testing.T, w *world, s store) map[string]graphNode {
	t.Helper()
	bin, err := toolBinary()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"graph", "--format", "json", "--store", "-C", w.root}
	if s.root != "" {
		args = append(args, "--store-root", s.root)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + filepath.Dir(bin)} // no Nix: the answer comes from the lock and the disk
	if s.dir != "" {
		cmd.Env = append(cmd.Env, "NIX_STORE_DIR="+s.dir)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("flake-unify %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var g struct {
		Nodes map[string]graphNode `json:"nodes"`
	}
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("graph --format json: %v\n%s", err, out)
	}
	return g.Nodes
}
