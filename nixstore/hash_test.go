package nixstore

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

// FuzzParseHash: no input panics; every parsed hash has its type's size;
// Nix's base-32 decodes what it encodes, and each spelling of a digest
// parses to the same bytes.
func FuzzParseHash(f *testing.F) {
	for _, s := range []string{
		"sha256-h4gyzSK14DjhF7cBN4VY+Km2ytc4Gg5tV6noZdNPhaY=",
		"sha256:19l59z9nbs59axnhw6iqsz5bdagqb22kf0dp2zhkiq5m4b6k5247",
		"sha256:878832cd22b5e038e117b701378558f8a9b6cad7381a0e6d57a9e865d34f85a6",
		"sha512-JqdWbD4tCHBhDGbU5s59EiXqi4UVaSxp35VvKy0EY2CAQpyn8Vcewrg+/c2fGDRH0whxPHl2qh1uiJE4V6ZxAQ==",
		"", "sha256", "sha256-", "md5:", "x-y:z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseHashTo(nil, s)
		if err != nil {
			return
		}
		if n, _ := size(h.algo); len(h.digest) != n {
			t.Fatalf("%q: %s digest of %d bytes", s, h.algo, len(h.digest))
		}
		n32 := string(appendNix32(nil, h.digest))
		back, err := parseNix32(n32, len(h.digest))
		if err != nil || !bytes.Equal(back, h.digest) {
			t.Fatalf("%q: base-32 %s decodes to %x, %v; want %x", s, n32, back, err, h.digest)
		}
		for _, spelled := range []string{
			h.algo + "-" + base64.StdEncoding.EncodeToString(h.digest),
			h.algo + ":" + hex.EncodeToString(h.digest),
			h.algo + ":" + n32,
			h.algo + ":" + base64.StdEncoding.EncodeToString(h.digest),
		} {
			h2, err := parseHashTo(nil, spelled)
			if err != nil || !bytes.Equal(h2.digest, h.digest) {
				t.Fatalf("%q respelled %q: %x, %v", s, spelled, h2.digest, err)
			}
		}
	})
}
