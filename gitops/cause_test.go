package gitops_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/gitops"
)

// The I/O failure under a gitops error stays reachable through the public
// API: errors.Is finds fs.ErrNotExist, errors.As the *fs.PathError, and a
// refusal is still a *diag.Error.
func TestErrorsKeepTheIOCause(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gone")
	changes := []gitops.Change{{Path: "flake.nix", Content: []byte("{}\n")}, {Path: "flake.lock", Content: []byte("{}\n")}}

	err := gitops.WriteFiles(missing, changes)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Errorf("WriteFiles into a missing directory: %v (%T); want fs.ErrNotExist behind a *fs.PathError", err, err)
	}

	err = gitops.Preflight(context.Background(), &gitops.Request{Dir: missing, Changes: changes, Branch: "b", Mode: gitops.GoGit})
	var de *diag.Error
	if !errors.As(err, &de) || !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Errorf("Preflight in a missing directory: %v (%T); want a *diag.Error wrapping fs.ErrNotExist", err, err)
	}
}
