package nixtest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// SameBytes fails the test when got and want differ, showing the first
// differing line with some context: lock files are compared byte for byte,
// and a plain "not equal" of two 3 kB files says nothing.
func SameBytes(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (got %d bytes, want %d):\n%s", what, len(got), len(want), LineDiff(got, want))
	}
}

// LineDiff describes where two texts first differ: a few lines of common
// context, then the differing lines marked "-got"/"+want". Empty when equal.
func LineDiff(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	g := strings.SplitAfter(string(got), "\n")
	w := strings.SplitAfter(string(want), "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	var sb strings.Builder
	for j := max(0, i-3); j < i; j++ {
		fmt.Fprintf(&sb, "  %4d  %q\n", j+1, g[j])
	}
	for j := i; j < min(len(g), i+4); j++ {
		fmt.Fprintf(&sb, "- %4d  %q\n", j+1, g[j])
	}
	for j := i; j < min(len(w), i+4); j++ {
		fmt.Fprintf(&sb, "+ %4d  %q\n", j+1, w[j])
	}
	return sb.String()
}
