package gitrepo

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// CheckPath accepts a clean, relative, slash-separated path inside the
// flake directory, outside .git.
func CheckPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") ||
		p != filepath.ToSlash(filepath.Clean(p)) || p == "." || p == ".." || strings.HasPrefix(p, "../") ||
		p == ".git" || strings.HasPrefix(p, ".git/") {
		return fmt.Errorf("bad path %q: want a clean path relative to the flake directory", p)
	}
	return nil
}

// CheckPaths refuses an empty list, a path CheckPath refuses, and a path
// listed twice.
func CheckPaths(paths []string) error {
	if len(paths) == 0 {
		return errors.New("no files to commit")
	}
	seen := map[string]bool{}
	for _, p := range paths {
		if err := CheckPath(p); err != nil {
			return err
		}
		if seen[p] {
			return fmt.Errorf("%s listed twice", p)
		}
		seen[p] = true
	}
	return nil
}
