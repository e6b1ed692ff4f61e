package main

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
)

// TestWriteErrHint: a write the system refuses (an immutable flake.lock:
// rename fails with EPERM even for root) is an error with a hint, and the
// cause stays reachable; other errors pass unchanged.
func TestWriteErrHint(t *testing.T) {
	cause := &fs.PathError{Op: "rename", Path: "flake.lock", Err: syscall.EPERM}
	err := writeErr("sub", cause)
	var de *diag.Error
	if !errors.As(err, &de) || de.Hint == "" || !errors.Is(err, syscall.EPERM) {
		t.Fatalf("writeErr = %v (hint %q)", err, diag.Hint(err))
	}
	if got := err.Error(); got != "cannot write flake.nix and flake.lock in sub: rename flake.lock: operation not permitted" {
		t.Errorf("message %q", got)
	}
	other := errors.New("disk full")
	if writeErr("sub", other) != other {
		t.Errorf("an unrelated error was rewritten")
	}
}
