package gitops

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFilesBothOrNeither makes the second rename fail: the first file
// gets its old content back and no temporary file is left.
func TestWriteFilesBothOrNeither(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "flake.nix"), flakeNix)
	writeFile(t, filepath.Join(dir, "flake.lock"), flakeLock)
	os.Chmod(filepath.Join(dir, "flake.nix"), 0o600)
	calls := 0
	defer func(f func(string, string) error) { renameFile = f }(renameFile)
	renameFile = func(a, b string) error {
		if calls++; calls == 2 {
			return errors.New("disk full")
		}
		return os.Rename(a, b)
	}
	err := WriteFiles(dir, []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", []byte(flakeLockNew)}})
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, filepath.Join(dir, "flake.nix")) != flakeNix || readFile(t, filepath.Join(dir, "flake.lock")) != flakeLock {
		t.Error("not rolled back")
	}
	if fi, _ := os.Stat(filepath.Join(dir, "flake.nix")); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("left behind: %v", ents)
	}

	renameFile = os.Rename
	if err := WriteFiles(dir, []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", []byte(flakeLockNew)}}); err != nil {
		t.Fatal(err)
	}
	if readFile(t, filepath.Join(dir, "flake.nix")) != flakeNixNew || readFile(t, filepath.Join(dir, "flake.lock")) != flakeLockNew {
		t.Error("not written")
	}
	if fi, _ := os.Stat(filepath.Join(dir, "flake.nix")); fi.Mode().Perm() != 0o600 {
		t.Errorf("permissions not kept: %v", fi.Mode())
	}
}

func TestWriteFilesRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "real.lock"), flakeLock)
	os.Symlink("real.lock", filepath.Join(dir, "flake.lock"))
	if err := WriteFiles(dir, []Change{{"flake.lock", []byte(flakeLockNew)}}); err == nil {
		t.Fatal("wrote through a symlink")
	}
	if readFile(t, filepath.Join(dir, "real.lock")) != flakeLock {
		t.Error("target changed")
	}
}
