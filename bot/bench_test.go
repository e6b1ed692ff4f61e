package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/gitops"
	"github.com/flake-unify/flake-unify/internal/gittest"
)

// BenchmarkPrepare measures Prepare (base tree edit, blobs, trees,
// commit, diffstat) in repositories of 200 and 20,000 tracked files. Each
// iteration proposes a different flake.lock, so each writes a new commit.
// Its cost should not grow with the repository: only the trees on the way
// to the flake are read and written.
func BenchmarkPrepare(b *testing.B) {
	seq := 0
	gittest.Hermetic(b)
	for _, n := range []int{200, 20000} {
		r := gittest.BigRepo(b, n, true)
		remote := filepath.Join(b.TempDir(), "remote.git")
		r.Git("clone", "-q", "--bare", r.Dir, remote)
		r.Git("remote", "add", "origin", "file://"+remote)
		for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
			b.Run(fmt.Sprintf("mode=%s/files=%d", mode, n), func(b *testing.B) {
				req := &Request{Dir: r.Dir, Mode: mode}
				s, err := Fetch(context.Background(), req)
				if err != nil {
					b.Fatal(err)
				}
				cpu0 := gittest.CPUTime()
				for b.Loop() {
					seq++
					changes := []gitops.Change{{Path: "flake.nix", Content: []byte(gittest.FlakeNixNew)}, {Path: "flake.lock", Content: fmt.Appendf(nil, "%s// %d\n", gittest.FlakeLockNew, seq)}}
					if _, err := Prepare(context.Background(), req, s, changes, gittest.Subject, gittest.Body); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(gittest.CPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
