package gittest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BigRepo makes a repository with n tracked files, 100 to a directory, the
// flake at the top, and a few files modified and untracked. packed runs
// git gc, as a long-lived clone would be.
func BigRepo(b testing.TB, n int, packed bool) *Repo {
	b.Helper()
	r := &Repo{T: b, Dir: b.TempDir()}
	r.Git("init", "-q")
	r.Git("config", "gc.auto", "0") // no background gc competing with the timings
	for i := range n {
		p := filepath.Join(r.Dir, fmt.Sprintf("pkgs/d%03d/f%05d.nix", i/100, i))
		if i%100 == 0 {
			os.MkdirAll(filepath.Dir(p), 0o755)
		}
		if err := os.WriteFile(p, fmt.Appendf(nil, "{ pkgs }: pkgs.hello # %d\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	r.Write("flake.nix", FlakeNix)
	r.Write("flake.lock", FlakeLock)
	r.Git("add", "-A")
	r.Git("commit", "-q", "-m", "big")
	if packed {
		r.Git("gc", "-q")
	}
	r.Write("pkgs/d000/f00000.nix", "modified\n")
	r.Write("scratch.txt", "untracked\n")
	return r
}
