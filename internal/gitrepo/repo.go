package gitrepo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// Layout is where a repository's parts are, found without running git.
type Layout struct {
	WorkTree  string // absolute path of the work tree's top directory
	GitDir    string // $GIT_DIR: HEAD, index, logs of this work tree
	CommonDir string // refs, objects, config, hooks; differs from gitDir in a linked work tree
	Prefix    string // the flake directory relative to workTree, slash-separated; "" at the top
}

// RepoPath turns a path relative to the flake directory into one relative to
// the work tree's top, as git names it in trees and the index.
func (l *Layout) RepoPath(p string) string {
	if l.Prefix == "" {
		return p
	}
	return l.Prefix + "/" + p
}

// Find walks up from dir to the nearest .git, as git does (without
// GIT_DIR, GIT_CEILING_DIRECTORIES or safe.directory: the repository is
// always the one that contains the flake).
func Find(dir string) (*Layout, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, &diag.Error{File: dir, What: "cannot read the flake directory", Why: err.Error(), Err: err}
	}
	if !fi.IsDir() {
		return nil, &diag.Error{File: dir, What: "not a directory"}
	}
	// Resolve symlinks so the prefix is computed between real paths.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; {
		dotgit := filepath.Join(d, ".git")
		if fi, err := os.Lstat(dotgit); err == nil {
			l := &Layout{WorkTree: d}
			switch {
			case fi.IsDir():
				l.GitDir = dotgit
			case fi.Mode().IsRegular():
				// A submodule or linked work tree: ".git" names the real git dir.
				if l.GitDir, err = readGitFile(dotgit); err != nil {
					return nil, err
				}
			default:
				return nil, &diag.Error{File: dotgit, What: "not a git directory"}
			}
			l.CommonDir = l.GitDir
			if b, err := os.ReadFile(filepath.Join(l.GitDir, "commondir")); err == nil {
				c := strings.TrimSpace(string(b))
				if !filepath.IsAbs(c) {
					c = filepath.Join(l.GitDir, c)
				}
				l.CommonDir = filepath.Clean(c)
			}
			if _, err := os.Stat(filepath.Join(l.GitDir, "HEAD")); err != nil {
				return nil, &diag.Error{File: dotgit, What: "not a git directory", Why: "it has no HEAD"}
			}
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return nil, err
			}
			if rel != "." {
				l.Prefix = filepath.ToSlash(rel)
			}
			return l, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil, errNotARepo(dir)
		}
		d = parent
	}
}

func readGitFile(dotgit string) (string, error) {
	b, err := os.ReadFile(dotgit)
	if err != nil {
		return "", err
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	p, ok := strings.CutPrefix(strings.TrimSpace(string(line)), "gitdir:")
	if !ok {
		return "", &diag.Error{File: dotgit, What: "not a git directory", Why: `the file does not start with "gitdir:"`}
	}
	p = strings.TrimSpace(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(dotgit), p)
	}
	return filepath.Clean(p), nil
}

func errNotARepo(dir string) error {
	return &diag.Error{
		What: "not in a git repository",
		Why:  fmt.Sprintf("no .git in %s or any parent directory", dir),
		Hint: "pass --no-commit to only rewrite flake.nix and flake.lock, or run `git init` and commit the flake first",
	}
}
