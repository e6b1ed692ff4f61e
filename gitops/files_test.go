package gitops

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gittest"
)

// TestWriteFilesBothOrNeither makes the second rename fail: the first file
// gets its old content back and no temporary file is left.
func TestWriteFilesBothOrNeither(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFile(t, filepath.Join(dir, "flake.nix"), gittest.FlakeNix)
	gittest.WriteFile(t, filepath.Join(dir, "flake.lock"), gittest.FlakeLock)
	os.Chmod(filepath.Join(dir, "flake.nix"), 0o600)
	calls := 0
	defer func(f func(string, string) error) { renameFile = f }(renameFile)
	renameFile = func(a, b string) error {
		if calls++; calls == 2 {
			return errors.New("disk full")
		}
		return os.Rename(a, b)
	}
	err := WriteFiles(dir, []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}})
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("err = %v", err)
	}
	if gittest.ReadFile(t, filepath.Join(dir, "flake.nix")) != gittest.FlakeNix || gittest.ReadFile(t, filepath.Join(dir, "flake.lock")) != gittest.FlakeLock {
		t.Error("not rolled back")
	}
	if fi, _ := os.Stat(filepath.Join(dir, "flake.nix")); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("left behind: %v", ents)
	}

	renameFile = os.Rename
	if err := WriteFiles(dir, []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}}); err != nil {
		t.Fatal(err)
	}
	if gittest.ReadFile(t, filepath.Join(dir, "flake.nix")) != gittest.FlakeNixNew || gittest.ReadFile(t, filepath.Join(dir, "flake.lock")) != gittest.FlakeLockNew {
		t.Error("not written")
	}
	if fi, _ := os.Stat(filepath.Join(dir, "flake.nix")); fi.Mode().Perm() != 0o600 {
		t.Errorf("permissions not kept: %v", fi.Mode())
	}
}

func TestWriteFilesRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	gittest.WriteFile(t, filepath.Join(dir, "real.lock"), gittest.FlakeLock)
	os.Symlink("real.lock", filepath.Join(dir, "flake.lock"))
	if err := WriteFiles(dir, []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}}); err == nil {
		t.Fatal("wrote through a symlink")
	}
	if gittest.ReadFile(t, filepath.Join(dir, "real.lock")) != gittest.FlakeLock {
		t.Error("target changed")
	}
}
