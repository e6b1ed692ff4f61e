package diffview

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/unify"
)

// TestPreparedAgrees: a diff from a prepared old file is the diff from
// scratch, byte for byte: on random files, on the lock diffs of corpus
// plans and on the golden locks. So is a second diff of one Old, with
// another new file (it starts from scratch).
func TestPreparedAgrees(t *testing.T) {
	check := func(name string, old, new []byte) {
		t.Helper()
		o := prepare(old, maxClasses)
		// The second new file: new with its halves swapped.
		half := bytes.IndexByte(new[len(new)/2:], '\n') + 1 + len(new)/2
		for i, new := range [][]byte{new, slices.Concat(new[half:], new[:half])} {
			want := Unified("a/f", "b/f", old, new)
			if got := o.Unified("a/f", "b/f", new); !bytes.Equal(got, want) {
				t.Fatalf("%s: diff %d from the prepared file:\n%s\nfrom scratch:\n%s", name, i+1, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	for i := range 2000 {
		old, new := randomPair(r, []int{1, 3, 20}[i%3])
		check("random", old, new)
	}
	for _, name := range []string{"hydra", "deploy-rs"} {
		check(name, readTestdata(t, "locks/"+name+".old.lock"), readTestdata(t, "locks/"+name+".new.lock"))
	}
	plans := 0
	for i, c := range corpus.Locks(t) {
		if testing.Short() && i%8 != 0 {
			continue
		}
		p, err := unify.Make(unify.Files{LockName: "flake.lock", Lock: c.Data}, unify.Options{LockOnly: true})
		if err != nil || !p.LockChanged() {
			continue
		}
		plans++
		check(c.Name, c.Data, p.NewLock)
	}
	if plans == 0 {
		t.Fatal("no corpus plan changes its lock")
	}
}

// TestPreparedLimit: the limit on distinct lines counts what it counts
// without preparing (the lines between the common head and tail), though
// a prepared file has every line numbered: when the prepared numbers
// would pass it, or the old file alone has more distinct lines than it,
// the diff starts from scratch and marks the lines the limit makes it
// mark.
func TestPreparedLimit(t *testing.T) {
	// A head of ten distinct lines, then a middle of four distinct lines
	// that changes and gains a fifth.
	head := "h0\nh1\nh2\nh3\nh4\nh5\nh6\nh7\nh8\nh9\n"
	old := []byte(head + "a\nb\nc\nd\n")
	new := []byte(head + "b\na\nd\nc\ne\n")
	flags := func(s *script) []bool { return slices.Concat(s.ca, s.cb) }
	for limit := 1; limit <= 20; limit++ {
		want := compare(old, new, nil, limit)
		o := prepare(old, limit)
		got := compare(old, new, o.take(), limit)
		if !slices.Equal(flags(got), flags(want)) {
			t.Errorf("limit %d: changed lines %v from the prepared file, %v from scratch", limit, flags(got), flags(want))
		}
	}
	// The limit is where it matters: below the middle's five lines the
	// middle is reported replaced, at it the diff is minimal; at 14 the
	// prepared old file fits, and the new file's fifth line passes it.
	if all, minimal := compare(old, new, nil, 4), compare(old, new, nil, 5); slices.Equal(flags(all), flags(minimal)) {
		t.Fatal("the limit changes nothing here: the test proves nothing")
	}
	// Old alone passes a limit of 14 distinct lines: nothing is prepared.
	if o := prepare(old, 13); o.take() != nil {
		t.Error("a file with more distinct lines than the limit was prepared")
	}
	if o := prepare(old, 14); o.take() == nil {
		t.Error("a file within the limit was not prepared")
	}
}

// TestPrepareWhen: a small file is not worth a goroutine; a large one is
// prepared when a second core may take it, for one diff: the numbers it
// holds are then the new file's too, and a second diff (perhaps at the
// same time) starts from scratch.
func TestPrepareWhen(t *testing.T) {
	if o := Prepare([]byte("a\nb\n")); o.ready != nil {
		t.Error("a two-line file was prepared on a goroutine")
	}
	old, _ := largestPlan(t)
	o := Prepare(old)
	if (o.ready != nil) != (runtime.GOMAXPROCS(0) > 1) {
		t.Errorf("a lock of %d bytes prepared: %v, with GOMAXPROCS %d", len(old), o.ready != nil, runtime.GOMAXPROCS(0))
	}
	if !bytes.Equal(o.Bytes(), old) {
		t.Error("Bytes is not the prepared file")
	}
	if o := prepare(old, maxClasses); o.take() == nil || o.take() != nil {
		t.Error("a prepared file did not serve its first diff, or served a second")
	}
}
