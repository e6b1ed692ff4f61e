package nixstore

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unsafe"
)

// size is the digest length of a hash type Nix knows (a switch rather
// than a map, which would be built when the program starts).
func size(algo string) (int, bool) {
	switch algo {
	case "md5":
		return 16, true
	case "sha1":
		return 20, true
	case "sha256":
		return 32, true
	case "sha512":
		return 64, true
	}
	return 0, false
}

// hash is a parsed hash: its type and digest.
type hash struct {
	algo   string
	digest []byte
}

// parseHashTo reads a hash in each spelling Nix writes or accepts with a
// type: SRI ("sha256-" then base64) and "sha256:" followed by base16,
// Nix's base-32 or base64, told apart by length as Nix does. The digest
// is appended to buf[:0]: a caller with room on its stack decodes without
// a heap allocation (nil: one is made).
func parseHashTo(buf []byte, s string) (hash, error) {
	if s == "" {
		return hash{}, fmt.Errorf("empty")
	}
	algo, rest, sri := strings.Cut(s, "-")
	if !sri || strings.Contains(algo, ":") {
		var ok bool
		algo, rest, ok = strings.Cut(s, ":")
		if !ok {
			return hash{}, fmt.Errorf("%q names no hash type (want e.g. sha256-…)", s)
		}
	}
	size, ok := size(algo)
	if !ok {
		return hash{}, fmt.Errorf("unknown hash type %q", algo)
	}
	var (
		d   []byte
		err error
	)
	// The decoders only read the text: it is handed to them as the
	// string's own bytes, not a copy.
	text := unsafe.Slice(unsafe.StringData(rest), len(rest))
	switch {
	case sri:
		d, err = base64.StdEncoding.AppendDecode(buf[:0], text)
	case len(rest) == hex.EncodedLen(size):
		d, err = hex.AppendDecode(buf[:0], text)
	case len(rest) == nix32Len(size):
		d, err = parseNix32(rest, size)
	case len(rest) == base64.StdEncoding.EncodedLen(size):
		d, err = base64.StdEncoding.AppendDecode(buf[:0], text)
	default:
		return hash{}, fmt.Errorf("%d characters fit no spelling of a %s hash", len(rest), algo)
	}
	if err != nil {
		return hash{}, fmt.Errorf("bad %s hash: %v", algo, err)
	}
	if len(d) != size {
		return hash{}, fmt.Errorf("%s hash of %d bytes, want %d", algo, len(d), size)
	}
	return hash{algo: algo, digest: d}, nil
}
