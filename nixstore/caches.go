package nixstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// Known says how much is known about a dependency's binary caches.
type Known int

const (
	// Unknown: its flake.nix could not be read, or its nixConfig is
	// computed; Caches.Why says which. Never read as "none".
	Unknown Known = iota
	// None: its flake.nix declares no binary cache of its own.
	None
	// Declared: its flake.nix names at least one binary cache of its own.
	Declared
)

func (k Known) String() string {
	switch k {
	case None:
		return "none"
	case Declared:
		return "declared"
	}
	return "unknown"
}

// OfficialCache is the binary cache of NixOS's Hydra. It holds nixpkgs'
// own builds, whichever nixpkgs a flake follows, so a dependency that
// names it has no cache of its own to lose by it.
const OfficialCache = "https://cache.nixos.org"

// Declaration is one value of a nixConfig setting, where it is written.
type Declaration struct {
	Value   string
	Setting string   // e.g. extra-substituters
	File    string   // the flake.nix, at its store path (and dir)
	Pos     diag.Pos // in File
}

// At is "file:line:col".
func (d Declaration) At() string { return d.File + ":" + d.Pos.String() }

// Official reports whether d names NixOS's own cache.
func (d Declaration) Official() bool {
	return strings.TrimRight(d.Value, "/") == OfficialCache
}

// Caches is what a dependency's flake.nix says about binary caches.
type Caches struct {
	Known Known
	// Caches are the substituters and extra-substituters it declares,
	// NixOS's own cache included (see Own).
	Caches []Declaration
	// Keys are the trusted-public-keys and extra-trusted-public-keys
	// beside them.
	Keys []Declaration
	// File is the flake.nix that was read ("" when none could be).
	File string
	// Why says why Known is Unknown, or is a note (not a flake; a
	// computed setting beside the declared caches); "" otherwise.
	Why string
	// Absent: unknown only because the source is not in the store and
	// nothing was asked to fetch it (a fetch would tell).
	Absent bool
}

// Own are the declared caches other than NixOS's own.
func (c Caches) Own() []Declaration {
	var out []Declaration
	for _, d := range c.Caches {
		if !d.Official() {
			out = append(out, d)
		}
	}
	return out
}

// Reason is the sentence a plan shows for keeping the dependency's own
// nixpkgs, "" unless caches are declared: its published binaries were
// built against its own nixpkgs, and a different nixpkgs changes every
// derivation's hash, so the cache would miss.
func (c Caches) Reason() string {
	own := c.Own()
	if c.Known != Declared || len(own) == 0 {
		return ""
	}
	urls := make([]string, len(own))
	for i, d := range own {
		urls[i] = d.Value
	}
	return "binaries from " + words.Join(urls) + " are built with its own nixpkgs; following yours means building them locally"
}

// Fetcher puts a locked source into the store. prefetch.Nix is the one
// that runs Nix; a caller without Nix passes nil and gets Unknown for
// what is absent.
type Fetcher interface {
	Fetch(ctx context.Context, ref string) error
}

// Caches reads the binary caches declared by the flake locked in node n:
// the flake.nix in its store path (below its dir, if any). When the
// source is absent and fetch is not nil, fetch is asked to put it there
// first. Whatever cannot be read is Unknown, with the reason.
func (s Store) Caches(ctx context.Context, n *lockgraph.Node, fetch Fetcher) Caches {
	if n.NotFlake {
		return Caches{Known: None, Why: "not a flake (flake = false): it has no nixConfig"}
	}
	return s.CachesFrom(ctx, n, s.Source(n), fetch)
}

// CachesFrom is Caches for a caller that has asked Source(n) already (a
// planner asks about most sources anyway): src is that answer.
func (s Store) CachesFrom(ctx context.Context, n *lockgraph.Node, src Source, fetch Fetcher) Caches {
	if n.NotFlake {
		return Caches{Known: None, Why: "not a flake (flake = false): it has no nixConfig"}
	}
	if src.Path == "" || src.Why != "" {
		return Caches{Why: src.Why}
	}
	if !src.InStore {
		if fetch == nil {
			return Caches{Why: "its source " + src.Path + " is not in the store, and nothing was fetched", Absent: true}
		}
		if err := fetch.Fetch(ctx, LockedRef(n)); err != nil {
			return Caches{Why: "fetching its source failed: " + err.Error()}
		}
		if ok, err := s.Has(src.Path); !ok || err != nil {
			return Caches{Why: fmt.Sprintf("its source %s is still not in the store after fetching (%v)", src.Path, err)}
		}
	}
	file := path.Join(src.Path, n.Locked.Str("dir"), "flake.nix")
	if !strings.HasPrefix(file, src.Path+"/") {
		// A dir such as ../.. would leave the source: not a flake Nix reads.
		return Caches{Why: fmt.Sprintf("its dir %q leads out of its source", n.Locked.Str("dir"))}
	}
	data, err := os.ReadFile(s.Real(file))
	if errors.Is(err, fs.ErrNotExist) {
		return Caches{File: file, Why: "its source has no " + strings.TrimPrefix(file, src.Path+"/")}
	}
	if err != nil {
		return Caches{File: file, Why: "reading its flake.nix: " + err.Error()}
	}
	f, err := flakenix.Parse(file, data)
	if err != nil {
		return Caches{File: file, Why: "its flake.nix cannot be read: " + err.Error()}
	}
	return readCaches(file, f.NixConfig())
}

// Settings that name binary caches, and the keys that trust them.
var (
	cacheSettings = []string{"substituters", "extra-substituters"}
	keySettings   = []string{"trusted-public-keys", "extra-trusted-public-keys"}
)

func readCaches(file string, nc flakenix.NixConfig) Caches {
	c := Caches{File: file}
	if nc.Computed {
		c.Why = "its nixConfig (" + file + ":" + nc.Pos.String() + ") is computed"
		return c
	}
	var computed []string
	collect := func(names []string, into *[]Declaration) {
		for _, name := range names {
			st, ok := nc.Setting(name)
			if !ok {
				continue
			}
			if st.Computed {
				computed = append(computed, name+" ("+file+":"+st.Pos.String()+")")
				continue
			}
			for _, w := range st.Words() {
				*into = append(*into, Declaration{Value: w.Text, Setting: name, File: file, Pos: w.Pos})
			}
		}
	}
	collect(cacheSettings, &c.Caches)
	collect(keySettings, &c.Keys)
	switch {
	case len(c.Own()) > 0:
		c.Known = Declared
		if len(computed) > 0 {
			c.Why = "besides these, computed: " + strings.Join(computed, ", ")
		}
	case len(computed) > 0:
		c.Why = "computed: " + strings.Join(computed, ", ")
	default:
		c.Known = None
	}
	return c
}

// LockedRef is the flake reference of a node's locked source, narHash
// included, so that a fetch gets exactly the locked tree or fails.
func LockedRef(n *lockgraph.Node) string {
	ref := lockgraph.FlakeURL(n.Locked)
	nh := n.Locked.Str("narHash")
	if nh == "" {
		return ref
	}
	sep := "?"
	if strings.Contains(ref, "?") {
		sep = "&"
	}
	return ref + sep + "narHash=" + url.QueryEscape(nh)
}

// AllCaches answers Caches for every locked node of l, by key.
func (s Store) AllCaches(ctx context.Context, l *lockgraph.Lock, fetch Fetcher) map[string]Caches {
	out := make(map[string]Caches, len(l.Nodes))
	for k, n := range l.Nodes {
		if k != l.Root && n.Locked != nil {
			out[k] = s.Caches(ctx, n, fetch)
		}
	}
	return out
}

// CachesOf answers for the dependency whose input is at path in l: for
// home-manager/nixpkgs, the flake locked at home-manager, whose binaries
// were built against that nixpkgs. This is the question a planner asks
// before it redirects the input. A root input (a path of one name) has
// no dependency above it: the answer is None, with that said.
func (s Store) CachesOf(ctx context.Context, l *lockgraph.Lock, path lockgraph.Path, fetch Fetcher) Caches {
	if len(path) < 2 {
		return Caches{Known: None, Why: "a root input: no dependency of its own publishes binaries for it"}
	}
	dep := path[:len(path)-1]
	key, err := l.Resolve(dep)
	if err != nil {
		return Caches{Why: "its dependency " + dep.String() + " is not in the lock: " + err.Error()}
	}
	if key == l.Root {
		return Caches{Known: None, Why: "its dependency " + dep.String() + " follows the root flake itself"}
	}
	return s.Caches(ctx, l.Nodes[key], fetch)
}
