package cli

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/unify"
)

// storeFacts asks about each dependency once, and answers every input
// path below it as nixstore.Store.CachesOf answers that path: over every
// input path of every corpus lock, against an empty store (where each
// answer names the dependency's own source) and asked in walk order, so
// that an answer kept for one dependency is offered to the paths of
// others.
func TestStoreFactsCachesOfIsTheStores(t *testing.T) {
	t.Setenv("NIX_STORE_DIR", t.TempDir())
	for _, c := range corpus.Locks(t) {
		l, err := lockgraph.Parse(c.Name, c.Data)
		if err != nil || l.Check() != nil {
			continue
		}
		f := newStoreFacts(l, false, "")
		err = l.Walk(func(p lockgraph.Path, _ *lockgraph.Node, _ *lockgraph.Input) error {
			want := f.store.CachesOf(context.Background(), l, p, nil)
			if got := f.CachesOf(p); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s: %+v, want %+v", c.Name, p, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The answers gathered ahead on another goroutine are the ones asked when
// needed: over the corpus locks, against a store holding every other
// source, a plan from facts that prefetch is the plan from facts that do
// not (targets chosen by presence, kept copies, downloads). The planner
// re-keys the spent lock in place meanwhile (run with -race).
func TestStoreFactsAheadAsAsked(t *testing.T) {
	store := t.TempDir()
	t.Setenv("NIX_STORE_DIR", "/nix/store")
	n, present := 0, 0
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		parse := func() *lockgraph.Lock {
			l, err := lockgraph.Parse(c.Name, c.Data)
			if err == nil {
				err = l.Check()
			}
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		l := parse()
		st := nixstore.FromEnv(os.Getenv)
		st.Root = store
		i := 0
		for _, nd := range l.Nodes {
			p, err := st.SourcePath(nd.Locked.Str("narHash"))
			if i++; err != nil || i%2 == 0 {
				continue
			}
			if err := os.MkdirAll(st.Real(p), 0o755); err != nil {
				t.Fatal(err)
			}
			present++
		}
		plan := func(ahead bool) *unify.Plan {
			files := unify.Files{LockName: "flake.lock", Lock: c.Data, Parsed: parse()}
			f := newStoreFacts(files.Parsed, false, store)
			if ahead {
				f.prefetch()
			}
			files.Spend()
			p, err := unify.Make(files, unify.Options{LockOnly: true, All: true, Store: f})
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			p.Options.Store, p.Files = nil, unify.Files{}
			return p
		}
		if got, want := plan(true), plan(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: with answers gathered ahead:\n%+v\nasked when needed:\n%+v", c.Name, got, want)
		}
		n++
	}
	if n < 100 || present == 0 {
		t.Fatalf("%d plans, %d sources present", n, present)
	}
}
