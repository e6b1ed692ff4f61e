package unify

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// checked is data parsed and checked, as a caller hands it to Make.
func checked(t *testing.T, name string, data []byte) *lockgraph.Lock {
	t.Helper()
	l, err := lockgraph.Parse(name, data)
	if err == nil {
		err = l.Check()
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return l
}

// TestSpendCorpus: over every corpus lock, with nixpkgs alone and with
// --all, a plan made on a spent lock is the plan made on a copy of it;
// a lock that is not spent is left exactly as parsed (check reads it after
// Make, --verify plans from it again), and a spent one is left empty.
func TestSpendCorpus(t *testing.T) {
	n, changed := 0, 0
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		for _, all := range []bool{false, true} {
			opt := Options{LockOnly: true, All: all}
			files := Files{LockName: "flake.lock", Lock: c.Data, Parsed: checked(t, c.Name, c.Data)}
			kept, err := Make(files, opt)
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
				continue
			}
			if !reflect.DeepEqual(files.Parsed, checked(t, c.Name, c.Data)) {
				t.Errorf("%s (all %v): Make changed the caller's parsed lock", c.Name, all)
			}
			spent := files
			spent.Parsed = checked(t, c.Name, c.Data)
			held := spent.Parsed
			spent.Spend()
			if spent.Parsed != nil {
				t.Errorf("%s: Spend left Parsed set", c.Name)
			}
			p, err := Make(spent, opt)
			if err != nil {
				t.Errorf("%s: spent: %v", c.Name, err)
				continue
			}
			if held.Nodes != nil || held.Root != "" {
				t.Errorf("%s: the spent lock is not emptied: %d nodes", c.Name, len(held.Nodes))
			}
			n++
			if !kept.Nothing() {
				changed++
			}
			kept.Files, p.Files = Files{}, Files{}
			if !reflect.DeepEqual(p, kept) {
				t.Errorf("%s (all %v): the plan on the spent lock differs:\n%+v\non a copy:\n%+v", c.Name, all, p, kept)
			}
		}
	}
	t.Logf("%d plans, %d with changes", n, changed)
	if n < 200 || changed == 0 {
		t.Errorf("only %d plans, %d with changes", n, changed)
	}
}

// A spent lock is planned on once: a second Make from the same Files (or
// a copy of it) would plan on what the first left, and panics instead.
func TestSpendTwice(t *testing.T) {
	c := corpus.Locks(t)[0]
	for _, c2 := range corpus.Locks(t) {
		if c2.Version >= 5 {
			c = c2
			break
		}
	}
	files := Files{LockName: "flake.lock", Lock: c.Data, Parsed: checked(t, c.Name, c.Data)}
	files.Spend()
	again := files
	if _, err := Make(files, Options{LockOnly: true}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Its own panic, saying what went wrong (not a nil pointer met
		// in the emptied lock).
		if r, _ := recover().(string); !strings.Contains(r, "spent") {
			t.Errorf("a second Make from spent Files: panic %q, want one about the spent lock", r)
		}
	}()
	_, _ = Make(again, Options{LockOnly: true})
}
