package verify

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

func needGit(t *testing.T) {
	t.Helper()
	testenv.Need(t, "git")
	for _, kv := range gitEnv {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func write(t *testing.T, dir, rel, content string, perm fs.FileMode) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
}

// tree lists every file below dir (not .git) with its mode and content
// (a symlink: its target).
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		var content string
		if fi.Mode()&fs.ModeSymlink != 0 {
			content, err = os.Readlink(p)
		} else {
			var b []byte
			b, err = os.ReadFile(p)
			content = string(b)
		}
		out = append(out, fmt.Sprintf("%s %v %q", rel, fi.Mode()&^0o022, content))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fingerprint is every byte and modification time under dir, .git
// included: the user's repository must not change at all.
func fingerprint(t *testing.T, dir string, skip ...string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if slices.Contains(skip, p) {
			return filepath.SkipDir
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v %d\n", p, fi.Mode(), fi.ModTime().UnixNano())
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestScratchGit: the copy of a git flake holds exactly the tracked files
// as the work tree has them (what Nix evaluates), the flake's directory is
// the same subdirectory, and the user's repository is not touched.
func TestScratchGit(t *testing.T) {
	needGit(t)
	t.Setenv("TMPDIR", t.TempDir())
	top := t.TempDir()
	gitIn(t, top, "init", "-q", "-b", "main")
	write(t, top, "sub/flake.nix", "{ outputs = _: { }; }\n", 0o644)
	write(t, top, "sub/flake.lock", "old lock\n", 0o644)
	write(t, top, "lib/a.nix", "committed\n", 0o644)
	write(t, top, "gone.nix", "deleted in the work tree\n", 0o644)
	write(t, top, "run.sh", "#!/bin/sh\n", 0o755)
	write(t, top, ".gitignore", "*.ignored\n", 0o644)
	write(t, top, "tracked.ignored", "tracked although ignored\n", 0o644)
	if err := os.Symlink("lib/a.nix", filepath.Join(top, "link.nix")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, top, "add", "-A", "-f")
	gitIn(t, top, "commit", "-q", "-m", "init")
	write(t, top, "lib/a.nix", "edited, not committed\n", 0o644)
	write(t, top, "staged.nix", "added, not committed\n", 0o644)
	gitIn(t, top, "add", "staged.nix")
	write(t, top, "untracked.nix", "invisible to Nix\n", 0o644)
	write(t, top, "other.ignored", "ignored\n", 0o644)
	if err := os.Remove(filepath.Join(top, "gone.nix")); err != nil {
		t.Fatal(err)
	}
	want := tree(t, top)
	want = slices.DeleteFunc(want, func(s string) bool {
		return strings.HasPrefix(s, "untracked.nix ") || strings.HasPrefix(s, "other.ignored ")
	})
	before := fingerprint(t, top)

	ctx := context.Background()
	s, err := newScratch(ctx, filepath.Join(top, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tree(t, s.top); !slices.Equal(got, want) {
		t.Errorf("copy holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s.dir != filepath.Join(s.top, "sub") || !s.isGit {
		t.Errorf("flake dir %s (git %v), want sub of %s", s.dir, s.isGit, s.top)
	}
	if !strings.HasPrefix(s.root, os.Getenv("TMPDIR")) {
		t.Errorf("scratch %s outside TMPDIR", s.root)
	}

	// A candidate, a command that changes things, the next candidate: the
	// copy is pristine again, with the new files added.
	for i, lock := range []string{"lock one\n", "lock two\n"} {
		if err := s.prepare(ctx, []byte("{ outputs = _: { }; } # new\n"), []byte(lock)); err != nil {
			t.Fatal(err)
		}
		if got := gitIn(t, s.top, "status", "--porcelain"); got != "M  sub/flake.lock\nM  sub/flake.nix\n" {
			t.Errorf("candidate %d: status of the copy:\n%s", i, got)
		}
		write(t, s.dir, "result", "left by the command\n", 0o644)
		write(t, s.top, "lib/a.nix", "changed by the command\n", 0o644)
	}
	if err := s.prepare(ctx, nil, []byte("lock only\n")); err != nil {
		t.Fatal(err)
	}
	if got := gitIn(t, s.top, "status", "--porcelain"); got != "M  sub/flake.lock\n" {
		t.Errorf("lock only: status of the copy:\n%s", got)
	}
	if err := s.remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.root); !os.IsNotExist(err) {
		t.Errorf("scratch left behind: %v", err)
	}
	if fingerprint(t, top) != before {
		t.Error("the user's repository changed")
	}
}

// TestScratchPath: a flake outside git is copied whole, except the scratch
// directory itself when TMPDIR lies inside the flake.
func TestScratchPath(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	t.Setenv("TMPDIR", filepath.Join(dir, ".tmp"))
	write(t, dir, "flake.nix", "{ }\n", 0o644)
	write(t, dir, "flake.lock", "lock\n", 0o644)
	write(t, dir, "pkgs/x.nix", "x\n", 0o755)
	write(t, dir, ".tmp/other", "someone else's temporary file\n", 0o644)
	orig := tree(t, dir)
	before := fingerprint(t, dir, filepath.Join(dir, ".tmp"))
	ctx := context.Background()
	s, err := newScratch(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.remove()
	if got := tree(t, s.top); !slices.Equal(got, orig) {
		t.Errorf("copy holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(orig, "\n"))
	}
	write(t, s.dir, "result", "left by the command\n", 0o644)
	if err := s.prepare(ctx, []byte("{ } # new\n"), []byte("new lock\n")); err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(slices.Clone(orig), func(s string) bool { return strings.HasPrefix(s, "flake.") })
	want = append(want, `flake.lock -rw-r--r-- "new lock\n"`, `flake.nix -rw-r--r-- "{ } # new\n"`)
	slices.Sort(want)
	got := tree(t, s.top)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("after prepare:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s.remove() != nil || fingerprint(t, dir, filepath.Join(dir, ".tmp")) != before {
		t.Error("the flake's directory changed")
	}
	if left, _ := os.ReadDir(filepath.Join(dir, ".tmp")); len(left) != 1 {
		t.Errorf("TMPDIR holds %v after remove, want only other", left)
	}
}
