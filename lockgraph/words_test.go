package lockgraph

import (
	"math/rand/v2"
	"testing"
)

// The word-at-a-time scans answer exactly what a byte-by-byte look does:
// every byte value at every place of strings long enough to be read in
// words and to end in a tail, with one or two odd bytes, and random text.
func TestWordScansAgreeWithBytes(t *testing.T) {
	naiveEnd := func(s string, i int) int {
		for ; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
				return i
			}
		}
		return i
	}
	naivePlain := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
				return false
			}
		}
		return true
	}
	check := func(s string) {
		t.Helper()
		for from := 0; from <= len(s); from++ {
			if got, want := plainEnd(s, from), naiveEnd(s, from); got != want {
				t.Fatalf("plainEnd(%q, %d) = %d, want %d", s, from, got, want)
			}
		}
		if got, want := asciiPlain(s), naivePlain(s); got != want {
			t.Fatalf("asciiPlain(%q) = %v, want %v", s, got, want)
		}
	}
	for n := 0; n <= 19; n++ {
		for at := 0; at < n; at++ {
			for c := 0; c < 256; c++ {
				b := []byte("abcdefghijklmnopqrstuvwxyz"[:n])
				b[at] = byte(c)
				check(string(b))
				// A second odd byte after the first: the first still counts.
				if at+1 < n {
					b[at+1] = '"'
					check(string(b))
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{'a', ' ', '"', '\\', 0x00, 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xc3, 0xff}
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
}
