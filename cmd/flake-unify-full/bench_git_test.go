package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// BenchmarkApplyGit is `flake-unify apply` (plan, Preflight, Commit with
// --git auto, which picks go-git here) in a repository with 200 and with
// 20,000 tracked files besides the flake. The repository is built once per
// sub-benchmark with git fast-import; between iterations the new branch is
// deleted and main checked out again, outside the timer.
func BenchmarkApplyGit(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("no git executable")
	}
	for _, n := range []int{200, 20000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) { benchApplyGit(b, n) })
	}
}

func benchApplyGit(b *testing.B, n int) {
	home := b.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": filepath.Join(home, ".gitconfig"),
		"GIT_AUTHOR_NAME": "A U Thor", "GIT_AUTHOR_EMAIL": "author@example.com",
		"GIT_COMMITTER_NAME": "C O Mitter", "GIT_COMMITTER_EMAIL": "committer@example.com",
		"GIT_AUTHOR_DATE": "2024-02-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2024-02-01T12:00:00+00:00",
	} {
		b.Setenv(k, v)
	}
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "script", "apply.txtar"))
	if err != nil {
		b.Fatal(err)
	}
	flake := map[string][]byte{}
	for _, f := range ar.Files {
		if f.Name == "flake.nix" || f.Name == "flake.lock" {
			flake[f.Name] = f.Data
		}
	}
	if len(flake) != 2 {
		b.Fatal("apply.txtar lacks flake.nix or flake.lock")
	}

	dir := b.TempDir()
	git := func(stdin io.Reader, args ...string) {
		b.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Stdin = dir, stdin
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(nil, "init", "-q", "-b", "main")
	var stream bytes.Buffer
	fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter C O Mitter <committer@example.com> 1706788800 +0000\ndata 8\ninitial\n")
	add := func(path string, data []byte) {
		fmt.Fprintf(&stream, "M 100644 inline %s\ndata %d\n%s\n", path, len(data), data)
	}
	add("flake.nix", flake["flake.nix"])
	add("flake.lock", flake["flake.lock"])
	for i := range n {
		add(fmt.Sprintf("src/d%03d/f%05d.txt", i%100, i), fmt.Appendf(nil, "file %d\n", i))
	}
	git(&stream, "fast-import", "--quiet")
	git(nil, "reset", "-q", "--hard", "main")

	args := []string{"apply", "-C", dir, "--nix-version", "2.8"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 0 {
			b.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
		}
		if i == 0 && (!bytes.Contains(out.Bytes(), []byte("committed ")) || bytes.Contains(out.Bytes(), []byte("git executable"))) {
			b.Fatalf("no commit, or not with go-git:\n%s", out.String())
		}
		b.StopTimer()
		git(nil, "checkout", "-q", "-f", "main")
		git(nil, "branch", "-q", "-D", "flake-unify/nixpkgs-0808080")
		b.StartTimer()
	}
}
