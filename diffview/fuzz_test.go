package diffview

import (
	"bytes"
	"testing"
)

// FuzzUnified: Unified must not panic, its diff applied to old (by the Go
// applier in apply_test.go, which checks context, counts and order) must
// give new, Stat must agree with it, and Colorize must only add colour.
// The seed corpus is in testdata/fuzz/FuzzUnified.
func FuzzUnified(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nc\nd"))
	f.Add([]byte(""), []byte("x\r\n"))
	f.Add([]byte("x\nx\nx\n"), []byte("x\nx\n"))
	f.Fuzz(func(t *testing.T, old, new []byte) {
		d := Unified("a/f", "b/f", old, new)
		if bytes.Equal(old, new) != (len(d) == 0) {
			t.Fatalf("empty diff %v for equal %v", len(d) == 0, bytes.Equal(old, new))
		}
		checkApplies(t, old, new, d, false)
		if strip(string(Colorize(d))) != strip(string(d)) {
			t.Fatalf("Colorize changed the text")
		}
	})
}
