package verify_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/unify"
	"github.com/flake-unify/flake-unify/verify"
)

// The I/O failure under a verify error stays reachable through the public
// API: a flake directory that is gone makes Run fail before any candidate
// runs, errors.Is finds fs.ErrNotExist, and the scratch directory made
// before the failure is gone.
func TestErrorsKeepTheIOCause(t *testing.T) {
	demo := filepath.Join("..", "testdata", "demo")
	nix, err := os.ReadFile(filepath.Join(demo, "flake.nix"))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(demo, "flake.lock"))
	if err != nil {
		t.Fatal(err)
	}
	files := unify.Files{LockName: "flake.lock", Lock: lock, FlakeName: "flake.nix", Flake: nix}
	missing := filepath.Join(t.TempDir(), "gone")
	tmp := t.TempDir() // where the scratch copy would be made
	t.Setenv("TMPDIR", tmp)
	rep, err := verify.Run(context.Background(), missing, files, unify.Options{}, verify.Config{Command: "true", Timeout: time.Minute})
	var pe *fs.PathError
	if rep != nil || !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Errorf("Run in a missing directory: %v, %v (%T); want no report and fs.ErrNotExist behind a *fs.PathError", rep, err, err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the failed run left %s in the temporary directory", left[0].Name())
	}
}
