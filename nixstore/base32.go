package nixstore

import "fmt"

// nix32Alphabet is Nix's own base-32 alphabet: digits and lower-case
// letters without e, o, u and t, so that store paths never spell words.
const nix32Alphabet = "0123456789abcdfghijklmnpqrsvwxyz"

// nix32Len is the length of the base-32 text of n bytes.
func nix32Len(n int) int { return (n*8-1)/5 + 1 }

// appendNix32 appends b encoded the way Nix does to out. It is not RFC
// 4648 base32: Nix reads the bytes as one little-endian number and writes
// its 5-bit digits most significant first, so the first character holds
// the top bits of the last byte.
func appendNix32(out, b []byte) []byte {
	n := nix32Len(len(b))
	for i := n - 1; i >= 0; i-- {
		bit := i * 5
		j, k := bit/8, uint(bit%8)
		c := b[j] >> k
		if j+1 < len(b) {
			c |= b[j+1] << (8 - k)
		}
		out = append(out, nix32Alphabet[c&0x1f])
	}
	return out
}

// parseNix32 decodes text of Nix's base-32 into size bytes.
func parseNix32(s string, size int) ([]byte, error) {
	if len(s) != nix32Len(size) {
		return nil, fmt.Errorf("%d base-32 characters, want %d", len(s), nix32Len(size))
	}
	b := make([]byte, size)
	for n := 0; n < len(s); n++ {
		c := s[len(s)-n-1]
		d := -1
		for i := 0; i < len(nix32Alphabet); i++ {
			if nix32Alphabet[i] == c {
				d = i
				break
			}
		}
		if d < 0 {
			return nil, fmt.Errorf("%q is not a base-32 digit", c)
		}
		bit := n * 5
		j, k := bit/8, uint(bit%8)
		b[j] |= byte(d << k)
		if carry := byte(d >> (8 - k)); j+1 < size {
			b[j+1] |= carry
		} else if carry != 0 {
			return nil, fmt.Errorf("base-32 text overflows %d bytes", size)
		}
	}
	return b, nil
}
