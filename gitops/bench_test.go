package gitops

import (
	"context"
	"fmt"
	"os/exec"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/flake-unify/flake-unify/internal/gittest"
)

// benchSeq numbers the benchmark's branches and contents across runs
// (-count), so each iteration creates a new branch.
var benchSeq int

// BenchmarkCommit measures Commit (Preflight included) in repositories of
// 200 and 20,000 tracked files. Each iteration commits a new flake.lock on
// a new branch from the previous one, so every iteration does the full job.
func BenchmarkCommit(b *testing.B) {
	gittest.Hermetic(b)
	for _, packed := range []bool{false, true} {
		for _, n := range []int{200, 20000} {
			r := gittest.BigRepo(b, n, packed)
			for _, mode := range []Mode{GoGit, Exec} {
				name := fmt.Sprintf("mode=%s/files=%d/packed=%v", mode, n, packed)
				b.Run(name, func(b *testing.B) {
					cpu0 := gittest.CPUTime()
					for b.Loop() {
						benchSeq++
						i := benchSeq
						_, err := Commit(context.Background(), &Request{
							Dir:     r.Dir,
							Changes: []Change{{"flake.nix", []byte(gittest.FlakeNix)}, {"flake.lock", fmt.Appendf(nil, "%s// %s %d\n", gittest.FlakeLockNew, mode, i)}},
							Branch:  fmt.Sprintf("bench/%s-%d", mode, i), Subject: gittest.Subject, Body: gittest.Body, Mode: mode,
						})
						if err != nil {
							b.Fatal(err)
						}
					}
					// CPU time, git children included: steadier than
					// ns/op when the machine is busy.
					b.ReportMetric(float64(gittest.CPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
				})
			}
		}
	}
}

// BenchmarkWorktreeStatus is what this package avoids: go-git's
// Worktree.Status on the same repositories, for comparison.
func BenchmarkWorktreeStatus(b *testing.B) {
	gittest.Hermetic(b)
	for _, n := range []int{200, 20000} {
		r := gittest.BigRepo(b, n, true)
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			for b.Loop() {
				repo, err := git.PlainOpen(r.Dir)
				if err != nil {
					b.Fatal(err)
				}
				wt, _ := repo.Worktree()
				if _, err := wt.Status(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGitStatus: the git executable's own status, for scale.
func BenchmarkGitStatus(b *testing.B) {
	gittest.Hermetic(b)
	for _, n := range []int{200, 20000} {
		r := gittest.BigRepo(b, n, true)
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command("git", "status", "--porcelain")
				cmd.Dir = r.Dir
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatal(err, string(out))
				}
			}
		})
	}
}
