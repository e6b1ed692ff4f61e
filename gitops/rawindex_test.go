package gitops

import (
	"crypto/sha1"
	"os"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gittest"
)

// FuzzRawIndex: a damaged index is refused, never a panic; an index the
// parser accepts can be patched.
func FuzzRawIndex(f *testing.F) {
	for _, v := range []string{"2", "3", "4"} {
		f.Add(seedIndex(f, v), "a/flake.lock")
	}
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		// Fix the checksum so the fuzzer gets past it.
		if len(data) > sha1.Size {
			sum := sha1.Sum(data[:len(data)-sha1.Size])
			copy(data[len(data)-sha1.Size:], sum[:])
		}
		r, err := parseRawIndex(data, []string{path})
		if err != nil || !r.patchable([]string{path}) {
			return
		}
		r.patch(map[string][]byte{path: make([]byte, 60)})
	})
}

// seedIndex returns the index of a small repository written by git.
func seedIndex(f *testing.F, version string) []byte {
	gittest.Hermetic(f)
	r := gittest.NewRepo(f, gittest.BaseFiles("a"))
	r.Git("update-index", "--index-version", version)
	r.Git("status")
	b, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		f.Fatal(err)
	}
	return b
}
