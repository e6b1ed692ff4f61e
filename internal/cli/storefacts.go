package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"

	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/nixstore/prefetch"
)

// storeFacts answer the planner's questions about this machine's Nix
// store (unify.Store) for the lock l as read: a stat per source and a
// read of a dependency's flake.nix, each asked once; with fetch, an
// absent dependency is first fetched with Nix.
type storeFacts struct {
	store nixstore.Store
	lock  *lockgraph.Lock
	fetch nixstore.Fetcher // nil: nothing is fetched
	// caches by key of the dependency (in lock): the inputs below one
	// dependency ask the same question. (Held by pointer: an answer is
	// large, and the map grows as dependencies are met.)
	caches map[string]*nixstore.Caches
	// sources by narHash: a plan asks about the lock before and after,
	// which share nearly every source (a store path costs two SHA-256
	// and a stat).
	sources map[string]nixstore.Source
}

// newStoreFacts asks the store NIX_STORE_DIR names (else /nix/store),
// below root ("" for the real root); fetch lets an absent dependency be
// fetched with the nix on PATH.
func newStoreFacts(l *lockgraph.Lock, fetch bool, root string) *storeFacts {
	st := nixstore.FromEnv(os.Getenv)
	st.Root = root
	// Sized once: a plan asks about nearly every source.
	f := &storeFacts{store: st, lock: l, caches: map[string]*nixstore.Caches{}, sources: make(map[string]nixstore.Source, len(l.Nodes))}
	if fetch {
		f.fetch = pathNixFetcher{store: root}
	}
	return f
}

func (f *storeFacts) CachesOf(p lockgraph.Path) nixstore.Caches {
	// The answer is the one for the dependency above p (as
	// nixstore.Store.CachesOf says), asked once per dependency; a path
	// that has none answers for itself.
	if len(p) < 2 {
		return f.store.CachesOf(context.Background(), f.lock, p, f.fetch)
	}
	key, err := f.lock.Resolve(p[:len(p)-1])
	if err != nil || key == f.lock.Root {
		return f.store.CachesOf(context.Background(), f.lock, p, f.fetch)
	}
	if c, ok := f.caches[key]; ok {
		return *c
	}
	n := f.lock.Nodes[key]
	var c nixstore.Caches
	if f.fetch == nil {
		c = f.store.CachesFrom(context.Background(), n, f.source(n), nil)
	} else {
		// A fetch may put the source in the store: what was learnt of
		// it before must not stand for what is there after.
		c = f.store.Caches(context.Background(), n, f.fetch)
	}
	f.caches[key] = &c
	return c
}

func (f *storeFacts) InStore(n *lockgraph.Node) bool { return f.source(n).InStore }

func (f *storeFacts) ToFetch(l *lockgraph.Lock) (absent, unknown int, err error) {
	return nixstore.ToFetchFrom(l, f.source)
}

// source is the store's answer for n, asked once per narHash. A node
// without one is answered each time (the answer says why, cheaply).
func (f *storeFacts) source(n *lockgraph.Node) nixstore.Source {
	nh := n.Locked.Str("narHash")
	if nh == "" {
		return f.store.Source(n)
	}
	if s, ok := f.sources[nh]; ok {
		return s
	}
	s := f.store.Source(n)
	f.sources[nh] = s
	return s
}

// pathNixFetcher fetches with the nix on PATH, into the chroot store at
// store when one is named (--store-root); without nix, the fetch fails
// and the dependency's caches stay unknown, with that said.
type pathNixFetcher struct{ store string }

func (f pathNixFetcher) Fetch(ctx context.Context, ref string) error {
	nix, err := exec.LookPath("nix")
	if err != nil {
		return errors.New("no nix on PATH to fetch it with")
	}
	return prefetch.Nix{Nix: nix, Store: f.store}.Fetch(ctx, ref)
}
