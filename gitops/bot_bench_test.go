package gitops

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkBotPrepare measures Prepare (base tree edit, blobs, trees,
// commit, diffstat) in repositories of 200 and 20,000 tracked files. Each
// iteration proposes a different flake.lock, so each writes a new commit.
// Its cost should not grow with the repository: only the trees on the way
// to the flake are read and written.
func BenchmarkBotPrepare(b *testing.B) {
	hermetic(b)
	for _, n := range []int{200, 20000} {
		r := bigRepo(b, n, true)
		remote := filepath.Join(b.TempDir(), "remote.git")
		r.git("clone", "-q", "--bare", r.dir, remote)
		r.git("remote", "add", "origin", "file://"+remote)
		for _, mode := range []Mode{GoGit, Exec} {
			b.Run(fmt.Sprintf("mode=%s/files=%d", mode, n), func(b *testing.B) {
				req := &BotRequest{Dir: r.dir, Mode: mode}
				s, err := Fetch(context.Background(), req)
				if err != nil {
					b.Fatal(err)
				}
				cpu0 := cpuTime()
				for b.Loop() {
					benchSeq++
					changes := []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", fmt.Appendf(nil, "%s// %d\n", flakeLockNew, benchSeq)}}
					if _, err := Prepare(context.Background(), req, s, changes, subject, body); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
