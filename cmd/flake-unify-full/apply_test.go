package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/gitops"
)

// apply --no-commit writes through gitops.WriteFiles (both or neither; the
// rename-failure cases are tested in package gitops). These tests pin what
// the CLI relies on.

func setup(t *testing.T) (dir, nix, lock string) {
	t.Helper()
	dir = t.TempDir()
	nix, lock = filepath.Join(dir, "flake.nix"), filepath.Join(dir, "flake.lock")
	if err := os.WriteFile(nix, []byte("old nix\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lock, []byte("old lock\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, nix, lock
}

func want(t *testing.T, name, content string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != content {
		t.Errorf("%s = %q, want %q", filepath.Base(name), b, content)
	}
}

// onlyFiles checks that nothing but names is left in dir (no temporary files).
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("directory holds %q, want %q", got, names)
	}
}

func newContents() []gitops.Change {
	return []gitops.Change{{Path: "flake.nix", Content: []byte("new nix\n")}, {Path: "flake.lock", Content: []byte("new lock\n")}}
}

func TestWriteFiles(t *testing.T) {
	dir, nix, lock := setup(t)
	if err := gitops.WriteFiles(dir, newContents()); err != nil {
		t.Fatal(err)
	}
	want(t, nix, "new nix\n")
	want(t, lock, "new lock\n")
	onlyFiles(t, dir, "flake.lock", "flake.nix")
	if fi, _ := os.Stat(nix); fi.Mode().Perm() != 0o600 {
		t.Errorf("flake.nix mode %v, want 0600 kept", fi.Mode().Perm())
	}
}

// flake.lock is a directory: refused before anything changes.
func TestWriteFilesNotARegularFile(t *testing.T) {
	dir, nix, lock := setup(t)
	os.Remove(lock)
	if err := os.Mkdir(lock, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := gitops.WriteFiles(dir, newContents()); err == nil {
		t.Fatal("no error")
	}
	want(t, nix, "old nix\n")
	onlyFiles(t, dir, "flake.lock", "flake.nix")
}

// A read-only directory: no temporary file can be made, nothing changes.
func TestWriteFilesReadOnlyDir(t *testing.T) {
	if dir := os.Getenv(readOnlyChildEnv); dir != "" {
		readOnlyChild(dir)
	}
	dir, nix, lock := setup(t)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	err := writeWithoutOverride(t, dir)
	if err == nil {
		t.Fatal("no error")
	}
	t.Logf("refused: %v", err)
	want(t, nix, "old nix\n")
	want(t, lock, "old lock\n")
	onlyFiles(t, dir, "flake.lock", "flake.nix")
}

// readOnlyChildEnv names the directory the test binary, run again as a
// child, writes into.
const readOnlyChildEnv = "FLAKE_UNIFY_TEST_WRITE_DIR"

// readOnlyChild is the child's whole run: WriteFiles, then exit 0, or 3
// with the error on stderr.
func readOnlyChild(dir string) {
	if err := gitops.WriteFiles(dir, newContents()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(0)
}

// writeWithoutOverride calls WriteFiles the way a user without special
// rights would. Root ignores directory permissions through two
// capabilities, CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, and tests run as
// root in CI; so as root the call runs in a child process (this test
// binary again) whose capability bounding set lacks both, made with
// util-linux's setpriv. The child stays root and owner of the directory,
// so it reaches it and is refused exactly as its owner would be.
func writeWithoutOverride(t *testing.T, dir string) error {
	t.Helper()
	if os.Geteuid() != 0 {
		return gitops.WriteFiles(dir, newContents())
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Fatalf("running as root needs setpriv (util-linux) to drop the permission override: %v", err)
	}
	cmd := exec.Command(setpriv, "--bounding-set=-dac_override,-dac_read_search", "--",
		os.Args[0], "-test.run=^TestWriteFilesReadOnlyDir$", "-test.count=1")
	cmd.Env = append(os.Environ(), readOnlyChildEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ee) && ee.ExitCode() == 3:
		return errors.New(strings.TrimSpace(string(out)))
	}
	t.Fatalf("the child did not run: %v\n%s", err, out)
	return nil
}

// A symlinked flake.nix is refused (renaming over it would replace the
// link), with a hint, and nothing changes.
func TestWriteFilesSymlink(t *testing.T) {
	dir, nix, lock := setup(t)
	real := filepath.Join(dir, "real.nix")
	if err := os.Rename(nix, real); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.nix", nix); err != nil {
		t.Fatal(err)
	}
	err := gitops.WriteFiles(dir, newContents())
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("error %v", err)
	}
	if fi, err := os.Lstat(nix); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("flake.nix is no longer a symlink: %v", err)
	}
	want(t, real, "old nix\n")
	want(t, lock, "old lock\n")
	onlyFiles(t, dir, "flake.lock", "flake.nix", "real.nix")
}
