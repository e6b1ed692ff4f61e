package gitops

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	git "github.com/go-git/go-git/v5"
)

// bigRepo makes a repository with n tracked files, 100 to a directory, the
// flake at the top, and a few files modified and untracked. packed runs
// git gc, as a long-lived clone would be.
func bigRepo(b *testing.B, n int, packed bool) *testRepo {
	b.Helper()
	r := &testRepo{t: b, dir: b.TempDir()}
	r.git("init", "-q")
	r.git("config", "gc.auto", "0") // no background gc competing with the timings
	for i := range n {
		p := filepath.Join(r.dir, fmt.Sprintf("pkgs/d%03d/f%05d.nix", i/100, i))
		if i%100 == 0 {
			os.MkdirAll(filepath.Dir(p), 0o755)
		}
		if err := os.WriteFile(p, fmt.Appendf(nil, "{ pkgs }: pkgs.hello # %d\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	r.write("flake.nix", flakeNix)
	r.write("flake.lock", flakeLock)
	r.git("add", "-A")
	r.git("commit", "-q", "-m", "big")
	if packed {
		r.git("gc", "-q")
	}
	r.write("pkgs/d000/f00000.nix", "modified\n")
	r.write("scratch.txt", "untracked\n")
	return r
}

// benchSeq numbers the benchmark's branches and contents across runs
// (-count), so each iteration creates a new branch.
var benchSeq int

// BenchmarkCommit measures Commit (Preflight included) in repositories of
// 200 and 20,000 tracked files. Each iteration commits a new flake.lock on
// a new branch from the previous one, so every iteration does the full job.
func BenchmarkCommit(b *testing.B) {
	hermetic(b)
	for _, packed := range []bool{false, true} {
		for _, n := range []int{200, 20000} {
			r := bigRepo(b, n, packed)
			for _, mode := range []Mode{GoGit, Exec} {
				name := fmt.Sprintf("mode=%s/files=%d/packed=%v", mode, n, packed)
				b.Run(name, func(b *testing.B) {
					cpu0 := cpuTime()
					for b.Loop() {
						benchSeq++
						i := benchSeq
						_, err := Commit(context.Background(), &Request{
							Dir:     r.dir,
							Changes: []Change{{"flake.nix", []byte(flakeNix)}, {"flake.lock", fmt.Appendf(nil, "%s// %s %d\n", flakeLockNew, mode, i)}},
							Branch:  fmt.Sprintf("bench/%s-%d", mode, i), Subject: subject, Body: body, Mode: mode,
						})
						if err != nil {
							b.Fatal(err)
						}
					}
					// CPU time, git children included: steadier than
					// ns/op when the machine is busy.
					b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				})
			}
		}
	}
}

// BenchmarkWorktreeStatus is what this package avoids: go-git's
// Worktree.Status on the same repositories, for comparison.
func BenchmarkWorktreeStatus(b *testing.B) {
	hermetic(b)
	for _, n := range []int{200, 20000} {
		r := bigRepo(b, n, true)
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			for b.Loop() {
				repo, err := git.PlainOpen(r.dir)
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
	hermetic(b)
	for _, n := range []int{200, 20000} {
		r := bigRepo(b, n, true)
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command("git", "status", "--porcelain")
				cmd.Dir = r.dir
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatal(err, string(out))
				}
			}
		})
	}
}
