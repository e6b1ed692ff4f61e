package planview

import (
	"bytes"
	"testing"

	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/unify"
)

// TestDiffFrom: the diff from a lock prepared ahead is Diff's, for every
// corpus plan that changes its lock; another lock prepared is not used
// (the diff is still of the plan's own old lock).
func TestDiffFrom(t *testing.T) {
	var other []byte // the lock of the previous plan
	plans := 0
	for _, c := range corpus.Locks(t) {
		p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: c.Data}, unify.Options{LockOnly: true})
		if err != nil || !p.LockChanged() {
			continue
		}
		plans++
		want := Diff(p)
		if got := DiffFrom(p, diffview.Prepare(p.Files.Lock)); !bytes.Equal(got, want) {
			t.Fatalf("%s: diff from the prepared lock:\n%s\nDiff:\n%s", c.Name, got, want)
		}
		if other != nil {
			if got := DiffFrom(p, diffview.Prepare(other)); !bytes.Equal(got, want) {
				t.Fatalf("%s: diff from another lock prepared:\n%s\nDiff:\n%s", c.Name, got, want)
			}
		}
		other = p.Files.Lock
	}
	if plans < 2 {
		t.Fatalf("%d corpus plans change their lock", plans)
	}
}
