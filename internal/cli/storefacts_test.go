package cli

import (
	"context"
	"reflect"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
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
