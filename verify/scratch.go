package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// scratch is a private copy of a flake as Nix sees it (see the package
// comment): a git repository holding the user's tracked files, or a copy of
// a path flake's directory.
type scratch struct {
	root  string // the temporary directory, removed by remove
	top   string // the copy of the repository top level (or of the directory)
	dir   string // the flake's directory inside top
	src   string // the user's top level (path flakes: copied again by reset)
	isGit bool
}

// gitEnv keeps the user's git configuration (hooks, signing, templates)
// out of the scratch repository.
var gitEnv = []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0",
	"GIT_AUTHOR_NAME=flake-unify", "GIT_AUTHOR_EMAIL=flake-unify@localhost",
	"GIT_COMMITTER_NAME=flake-unify", "GIT_COMMITTER_EMAIL=flake-unify@localhost"}

// newScratch copies the flake in flakeDir into a new temporary directory.
func newScratch(ctx context.Context, flakeDir string) (s *scratch, err error) {
	abs, err := filepath.Abs(flakeDir)
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "flake-unify-verify-")
	if err != nil {
		return nil, err
	}
	// On failure the results are already nil when this runs, so it
	// removes root itself.
	defer func() {
		if err != nil {
			removeAll(root)
		}
	}()
	s = &scratch{root: root, top: filepath.Join(root, "flake")}
	top, err := gitTopLevel(ctx, abs)
	if err != nil {
		return nil, err
	}
	if top == "" {
		s.src, s.dir = abs, s.top
		return s, s.copyDir(ctx)
	}
	s.isGit, s.src = true, top
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, err
	}
	s.dir = filepath.Join(s.top, rel)
	files, err := trackedFiles(ctx, top)
	if err != nil {
		return nil, err
	}
	if err := os.Mkdir(s.top, 0o755); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// A tracked file deleted in the work tree, or a submodule (a
		// directory): Nix sees neither without ?submodules=1.
		if err := copyEntry(filepath.Join(top, f), filepath.Join(s.top, f), false); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, err
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A", "-f", "."},
		{"commit", "-q", "--allow-empty", "--no-verify", "--no-gpg-sign", "-m", "flake-unify verify"},
	} {
		if _, err := git(ctx, s.top, args...); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// gitTopLevel is the top level of the git work tree holding dir, or ""
// when dir is not in one (Nix then treats the flake as a path).
func gitTopLevel(ctx context.Context, dir string) (string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", fmt.Errorf("verify needs the git executable: %w", err)
	}
	cmd := exec.CommandContext(ctx, "git", "--no-optional-locks", "rev-parse", "--show-toplevel")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), "not a git repository") {
			return "", nil
		}
		return "", fmt.Errorf("git rev-parse --show-toplevel in %s: %w: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimRight(string(out), "\n"), nil
}

// trackedFiles are the paths git tracks in the work tree at top (what Nix
// copies of a git flake), read without taking the index lock.
func trackedFiles(ctx context.Context, top string) ([]string, error) {
	out, err := exec.CommandContext(ctx, "git", "-C", top, "--no-optional-locks", "ls-files", "-z", "--cached").Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %w", top, err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, filepath.FromSlash(f))
		}
	}
	return files, nil
}

// git runs git in the scratch repository dir.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.hooksPath=/dev/null"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("git %s in the scratch copy: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return out, nil
}

// copyDir copies the path flake's directory, except the scratch directory
// itself when it lies inside (TMPDIR below the flake).
func (s *scratch) copyDir(ctx context.Context) error {
	return filepath.WalkDir(s.src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == s.root {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(s.src, p)
		if err != nil {
			return err
		}
		return copyEntry(p, filepath.Join(s.top, rel), true)
	})
}

// copyEntry copies one regular file, symlink or (when dirs) directory,
// creating parents; other kinds are skipped, as Nix skips them.
func copyEntry(src, dst string, dirs bool) error {
	fi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	switch {
	case fi.IsDir():
		if dirs {
			return os.Mkdir(dst, 0o755)
		}
		return nil
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	case fi.Mode().IsRegular():
		return copyFile(src, dst, fi.Mode().Perm())
	}
	return nil
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// prepare restores the pristine copy (undoing what an earlier candidate's
// command did) and writes the candidate's files; a nil flake.nix is left
// as it is. In a git copy both files are added, so Nix sees them even
// where the user's repository does not track them.
func (s *scratch) prepare(ctx context.Context, flakeNix, lock []byte) error {
	if s.isGit {
		if _, err := git(ctx, s.top, "reset", "-q", "--hard", "HEAD"); err != nil {
			return err
		}
		if _, err := git(ctx, s.top, "clean", "-q", "-ffdx"); err != nil {
			return err
		}
	} else {
		if err := removeAll(s.top); err != nil {
			return err
		}
		if err := s.copyDir(ctx); err != nil {
			return err
		}
	}
	if flakeNix != nil {
		if err := os.WriteFile(filepath.Join(s.dir, "flake.nix"), flakeNix, 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(s.dir, "flake.lock"), lock, 0o644); err != nil {
		return err
	}
	if !s.isGit {
		return nil
	}
	args := []string{"add", "-f", "--", "flake.lock"}
	if flakeNix != nil {
		args = append(args, "flake.nix")
	}
	_, err := git(ctx, s.dir, args...)
	return err
}

// remove deletes the scratch directory, whatever the command made
// read-only in it included.
func (s *scratch) remove() error { return removeAll(s.root) }

func removeAll(dir string) error {
	err := os.RemoveAll(dir)
	if err == nil {
		return nil
	}
	// Read-only directories (a copied Nix store path, chmod by the
	// command) stop RemoveAll; make them writable and try once more.
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(dir)
}
