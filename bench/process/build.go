package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// binaries are the programs measured, built once per invocation.
type binaries struct {
	flakeUnify string // as `go install` builds it
	memStats   string // the same code with the yardstick tag: writes MemStats at exit
	lockread   string
	empty      string
}

func build(repo, dir string) (binaries, error) {
	b := binaries{
		flakeUnify: filepath.Join(dir, "flake-unify"),
		memStats:   filepath.Join(dir, "flake-unify-memstats"),
		lockread:   filepath.Join(dir, "lockread"),
		empty:      filepath.Join(dir, "empty"),
	}
	bench, err := filepath.Abs(filepath.Join(repo, "bench"))
	if err != nil {
		return b, err
	}
	steps := []struct {
		dir  string
		args []string
	}{
		{repo, []string{"build", "-o", b.flakeUnify, "./cmd/flake-unify"}},
		{repo, []string{"build", "-tags", "yardstick", "-o", b.memStats, "./cmd/flake-unify"}},
		{bench, []string{"build", "-o", b.lockread, "./lockread"}},
		{bench, []string{"build", "-o", b.empty, "./empty"}},
	}
	for _, s := range steps {
		cmd := exec.Command("go", s.args...)
		cmd.Dir = s.dir
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return b, fmt.Errorf("go %v: %w", s.args, err)
		}
	}
	return b, nil
}

// copyLock puts lock into dir as flake.lock: a flake directory holding only
// its lock, which is all `check` and `plan --lock-only` read.
func copyLock(lock, dir string) error {
	data, err := os.ReadFile(lock)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "flake.lock"), data, 0o644)
}

// corpusDir finds the corpus as the tests do: $FLAKE_UNIFY_CORPUS, or
// shared/corpus in a directory above the repository.
func corpusDir(repo string) (string, error) {
	if d := os.Getenv("FLAKE_UNIFY_CORPUS"); d != "" {
		return d, nil
	}
	d, err := filepath.Abs(repo)
	if err != nil {
		return "", err
	}
	for {
		c := filepath.Join(d, "shared", "corpus")
		if _, err := os.Stat(filepath.Join(c, "MANIFEST.tsv")); err == nil {
			return c, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("corpus not found: set FLAKE_UNIFY_CORPUS or pass -lock")
		}
		d = filepath.Dir(d)
	}
}
