package lockgraph

import "math/bits"

// Reading and writing a lock spend most of their time looking at string
// bytes one by one for the few that matter: a quote, a backslash, a
// control byte. These helpers look at eight bytes at once (the bytes as one
// little-endian word), so a 64-character hash is eight steps, not 64.

const (
	lowBits  = 0x0101010101010101 // 0x01 in every byte
	highBits = 0x8080808080808080 // 0x80 in every byte
)

// word is the eight bytes of s from i, which must all be there.
func word(s string, i int) uint64 {
	s = s[i : i+8] // one bounds check for the eight loads, which the compiler merges
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special has the top bit set in each byte of w that is a quote, a
// backslash or a control byte, and perhaps in some other bytes after the
// first such one (a borrow runs on); it is zero exactly when w holds none.
//
// A byte b is below 0x20 when b-0x20 wraps and b's own top bit is clear;
// equal to c when b^c is zero, i.e. below 1. Subtracting bytewise across a
// whole word lets a borrow spill into the next byte only from a byte that
// is itself flagged, so an unflagged word is exact.
func special(w uint64) uint64 {
	q := w ^ ('"' * lowBits)
	bs := w ^ ('\\' * lowBits)
	return ((w-0x20*lowBits)&^w | (q-lowBits)&^q | (bs-lowBits)&^bs) & highBits
}

// plainEnd is the index of the first quote, backslash or control byte in
// s at or after i, or len(s).
func plainEnd(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		// The lowest flagged byte is always a true one (see special).
		if m := special(word(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// asciiPlain reports whether s is printable ASCII with no quote or
// backslash: a string a JSON writer copies as it is.
func asciiPlain(s string) bool {
	n := len(s)
	if n < 8 {
		// Most strings of a lock are short names ("type", "narHash"):
		// from four bytes on, the first four and the last four (which may
		// overlap) make one word.
		if n < 4 {
			for i := 0; i < n; i++ {
				if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
					return false
				}
			}
			return true
		}
		return plainWord(uint64(half(s, 0)) | uint64(half(s, n-4))<<32)
	}
	for i := 0; i < n; i += 8 {
		if i+8 > n {
			i = n - 8 // the last eight bytes, some of them seen already
		}
		if !plainWord(word(s, i)) {
			return false
		}
	}
	return true
}

// plainWord reports whether every byte of w is printable ASCII other than
// a quote or a backslash.
func plainWord(w uint64) bool {
	// While every byte is below 0x80, adding 0x60 or 0x7f to each cannot
	// carry into the next, so a byte's top bit after the sum says "at
	// least 0x20" and "not zero" (of its xor with a quote or a
	// backslash). A byte of 0x80 or more clears its own bit in ^w,
	// whatever the carries did elsewhere.
	q := w ^ ('"' * lowBits)
	bs := w ^ ('\\' * lowBits)
	return (w+0x60*lowBits)&(q+0x7f*lowBits)&(bs+0x7f*lowBits)&^w&highBits == highBits
}

// half is the four bytes of s from i as a little-endian word.
func half(s string, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}
