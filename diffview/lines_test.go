package diffview

import (
	"hash/maphash"
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
