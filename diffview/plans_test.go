package diffview

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/unify"
)

// TestMyersAgreesWithGoDiffOnPlans: for the lock of every corpus plan
// (default policy and one target per branch, --lock-only), the line diff
// keeps the lines go-diff keeps, on the very sequences Unified hands it:
// the lines between the common head and tail that occur in both files.
// These are the diffs plan prints, where a re-keyed lock differs from the
// old one in a structured way (keys renamed, nodes dropped, edges turned
// into follows).
func TestMyersAgreesWithGoDiffOnPlans(t *testing.T) {
	plans := 0
	for i, c := range corpus.Locks(t) {
		if testing.Short() && i%8 != 0 {
			continue
		}
		for _, opt := range []unify.Options{{LockOnly: true}, {LockOnly: true, PerBranch: true}} {
			p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: c.Data}, opt)
			if err != nil || !p.LockChanged() {
				continue
			}
			plans++
			ka, kb := kept(splitLines(string(p.Files.Lock)), splitLines(string(p.NewLock)))
			agreeWithGoDiff(t, c.Name, ka, kb)
		}
	}
	if plans == 0 {
		t.Fatal("no corpus plan changes its lock")
	}
	if testing.Verbose() {
		t.Logf("%d plans", plans)
	}
}

// kept is what compare gives the line diff: the classes of the lines of a
// and b after their common head and tail, without those that occur in
// only one of them.
func kept(a, b []string) (ka, kb []int32) {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ca, cb := classify(a[pre:len(a)-suf], b[pre:len(b)-suf])
	inA, inB := map[int32]bool{}, map[int32]bool{}
	for _, c := range ca {
		inA[c] = true
	}
	for _, c := range cb {
		inB[c] = true
	}
	for _, c := range ca {
		if inB[c] {
			ka = append(ka, c)
		}
	}
	for _, c := range cb {
		if inA[c] {
			kb = append(kb, c)
		}
	}
	return ka, kb
}

// largestPlan is the lock before and after the plan of the largest corpus
// lock (default policy, --lock-only).
func largestPlan(tb testing.TB) (old, new []byte) {
	for _, c := range corpus.Locks(tb) {
		if c.Name != "input-output-hk__cardano-world" {
			continue
		}
		p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: c.Data}, unify.Options{LockOnly: true})
		if err != nil {
			tb.Fatal(err)
		}
		return c.Data, p.NewLock
	}
	tb.Fatal("corpus has no input-output-hk__cardano-world")
	return nil, nil
}
