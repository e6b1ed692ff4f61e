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
	store  nixstore.Store
	lock   *lockgraph.Lock
	fetch  nixstore.Fetcher // nil: nothing is fetched
	caches map[string]nixstore.Caches
}

// newStoreFacts asks the store NIX_STORE_DIR names (else /nix/store),
// below root ("" for the real root); fetch lets an absent dependency be
// fetched with the nix on PATH.
func newStoreFacts(l *lockgraph.Lock, fetch bool, root string) *storeFacts {
	st := nixstore.FromEnv(os.Getenv)
	st.Root = root
	f := &storeFacts{store: st, lock: l, caches: map[string]nixstore.Caches{}}
	if fetch {
		f.fetch = pathNixFetcher{store: root}
	}
	return f
}

func (f *storeFacts) CachesOf(p lockgraph.Path) nixstore.Caches {
	key := p.String()
	if c, ok := f.caches[key]; ok {
		return c
	}
	c := f.store.CachesOf(context.Background(), f.lock, p, f.fetch)
	f.caches[key] = c
	return c
}

func (f *storeFacts) InStore(n *lockgraph.Node) bool { return f.store.Source(n).InStore }

func (f *storeFacts) ToFetch(l *lockgraph.Lock) (absent, unknown int, err error) {
	return f.store.ToFetch(l)
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
