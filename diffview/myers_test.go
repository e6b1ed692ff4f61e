package diffview

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// goDiffOps is the oracle: go-diff's DiffMainRunes without a time limit
// (what diffview ran before it had a diff of its own), each class encoded
// as a rune as diffview did then; an op's a and b are not compared.
func goDiffOps(a, b []int32) []op {
	toRune := func(c int32) rune {
		if c >= 0xD800 {
			c += 0x800 // no surrogates
		}
		return rune(c)
	}
	ra, rb := make([]rune, len(a)), make([]rune, len(b))
	for i, c := range a {
		ra[i] = toRune(c)
	}
	for i, c := range b {
		rb[i] = toRune(c)
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var ops []op
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		k := map[diffmatchpatch.Operation]opKind{diffmatchpatch.DiffEqual: opEqual, diffmatchpatch.DiffDelete: opDelete, diffmatchpatch.DiffInsert: opInsert}[d.Type]
		ops = append(ops, op{kind: k, n: len([]rune(d.Text))})
	}
	return ops
}

// agreeWithGoDiff checks the diff of a and b against the oracle: the same
// steps, empty ones included, and the ranges consistent with a and b.
func agreeWithGoDiff(t *testing.T, what string, a, b []int32) {
	t.Helper()
	want := goDiffOps(a, b)
	// On one goroutine; with halves of any size handed to up to three
	// more and every bisection walking backwards on one of them; with one
	// more, taken by whichever comes first; and with goroutines so
	// impatient that most lockstep walks end after a step or two.
	for _, c := range []struct {
		how string
		sh  sharing
	}{
		{"alone", sharing{cores: newCores(0)}},
		{"lockstep, halves", sharing{forkAt: 2, lockAt: 0, patience: time.Second, cores: newCores(3)}},
		{"one more", sharing{forkAt: 2, lockAt: 3, patience: time.Second, cores: newCores(1)}},
		{"impatient", sharing{forkAt: 2, lockAt: 0, patience: time.Nanosecond, cores: newCores(1)}},
	} {
		agreeWith(t, what+" ("+c.how+")", a, b, newMyers(a, b, c.sh), want)
	}
	// With a partner started before the diff, taken by its first
	// bisection (no other is started), and with one that waited too
	// little for its first step.
	for _, first := range []time.Duration{time.Second, time.Nanosecond} {
		sh := sharing{forkAt: 2, lockAt: -1, patience: time.Second, cores: newCores(1)}
		m := newMyers(a, b, sh)
		if sh.cores.take() {
			m.warm = startPartner(nil, sh.patience, first)
		}
		agreeWith(t, what+" (warm)", a, b, m, want)
	}
}

func agreeWith(t *testing.T, what string, a, b []int32, m *myers, want []op) {
	t.Helper()
	m.run()
	mine := m.out
	i, j := 0, 0
	for k, o := range mine {
		if o.a != i || o.b != j {
			t.Fatalf("%s: step %d %+v starts at a %d, b %d\na %v\nb %v", what, k, o, i, j, a, b)
		}
		switch o.kind {
		case opEqual:
			if !slices.Equal(a[i:i+o.n], b[j:j+o.n]) {
				t.Fatalf("%s: step %d %+v keeps different lines", what, k, o)
			}
			i, j = i+o.n, j+o.n
		case opDelete:
			i += o.n
		case opInsert:
			j += o.n
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("%s: the steps end at a %d, b %d of %d, %d", what, i, j, len(a), len(b))
	}
	for k := range mine {
		mine[k].a, mine[k].b = 0, 0
	}
	if !slices.Equal(mine, want) {
		t.Fatalf("%s: differs from go-diff\na %v\nb %v\nmine    %v\ngo-diff %v", what, a, b, mine, want)
	}
}

// TestMyersAgreesWithGoDiff: on random sequences with much repetition (where
// minimal diffs are many and the choice among them shows) and on pairs of
// real locks, the diff keeps the lines go-diff keeps.
func TestMyersAgreesWithGoDiff(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		alphabet := 1 + r.IntN(6)
		gen := func() []int32 {
			s := make([]int32, r.IntN(40))
			for j := range s {
				s[j] = int32(r.IntN(alphabet))
			}
			return s
		}
		a := gen()
		b := gen()
		if i%3 == 0 { // b an edit of a
			b = slices.Clone(a)
			for range r.IntN(5) {
				if len(b) > 0 {
					k := r.IntN(len(b))
					b = slices.Delete(b, k, k+1)
				}
				k := r.IntN(len(b) + 1)
				b = slices.Insert(b, k, int32(r.IntN(alphabet)))
			}
		}
		agreeWithGoDiff(t, "random", a, b)
	}

	// Real files: consecutive corpus locks, and each against itself with
	// its lines shuffled in blocks.
	locks := corpus.Locks(t)
	for i := 1; i < len(locks); i += 3 {
		ca, cb := classify(splitLines(string(locks[i-1].Data)), splitLines(string(locks[i].Data)))
		agreeWithGoDiff(t, locks[i-1].Name+" → "+locks[i].Name, ca, cb)
	}
	for _, name := range []string{"hydra", "deploy-rs"} {
		old, err := os.ReadFile(filepath.Join("testdata", "locks", name+".old.lock"))
		if err != nil {
			t.Fatal(err)
		}
		new, err := os.ReadFile(filepath.Join("testdata", "locks", name+".new.lock"))
		if err != nil {
			t.Fatal(err)
		}
		ca, cb := classify(splitLines(string(old)), splitLines(string(new)))
		agreeWithGoDiff(t, name, ca, cb)
	}
}

func classify(a, b []string) (ca, cb []int32) {
	classes := map[string]int32{}
	enc := func(ls []string) []int32 {
		out := make([]int32, len(ls))
		for i, l := range ls {
			c, ok := classes[l]
			if !ok {
				c = int32(len(classes))
				classes[l] = c
			}
			out[i] = c
		}
		return out
	}
	return enc(a), enc(b)
}
