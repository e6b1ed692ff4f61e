package diffview

import (
	"bytes"
	"hash/maphash"
	"math/rand/v2"
	"testing"
)

// TestSlideOverCommonHeadAndTail: a change may slide over lines of the
// common head and tail (which have no class number, and are compared by
// their bytes) to where diff -u reports it; both expected diffs are
// what GNU diff writes.
func TestSlideOverCommonHeadAndTail(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"x\nx\nx\ny\nx\n", "x\nx\ny\nx\nx\n", "--- a\n+++ b\n@@ -1,5 +1,5 @@\n x\n x\n-x\n y\n x\n+x\n"},
		{"x\nx\n", "y\nx\nx\ny\ny\n", "--- a\n+++ b\n@@ -1,2 +1,5 @@\n+y\n x\n x\n+y\n+y\n"},
	} {
		if got := string(Unified("a", "b", []byte(c.old), []byte(c.new))); got != c.want {
			t.Errorf("%q → %q:\n%s\nwant:\n%s", c.old, c.new, got, c.want)
		}
	}
}

// TestClassesCompareBytes: a line whose hash agrees with a class's is
// given that class only when its bytes are the same.
func TestClassesCompareBytes(t *testing.T) {
	f := cut([]byte("one\ntwo\n"))
	c := newClasses(&f, &file{at: []int{0}}, 2)
	one, _ := c.of(0, maxClasses)
	// Make "two" meet "one" first where its search starts, with the same
	// stored hash: as if their hashes collided.
	h := maphash.Bytes(c.seed, f.line(1))
	c.table[h&uint64(len(c.table)-1)] = one + 1
	c.hash[one] = uint32(h >> 32)
	if two, _ := c.of(1, maxClasses); two == one {
		t.Fatal(`"two" got the class of "one"`)
	}
}

// TestSizeExact: the room Unified makes for a diff is its length (it is
// written into one buffer, neither grown nor too large), also with the
// "\ No newline at end of file" markers of both files.
func TestSizeExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 3000 {
		old, new := randomPair(r, []int{1, 3, 20}[i%3])
		if i%5 == 0 { // neither file ends with a newline
			old, new = bytes.TrimSuffix(old, []byte("\n")), bytes.TrimSuffix(new, []byte("\n"))
		}
		if bytes.Equal(old, new) {
			continue
		}
		s := compare(old, new, nil, maxClasses)
		room := len("--- \n+++ \n") + len("a") + len("b") + s.size(s.changes())
		if d := Unified("a", "b", old, new); len(d) != room {
			t.Fatalf("diff of %d bytes, room for %d\nold %q\nnew %q\n%s", len(d), room, old, new, d)
		}
	}
}
