// Package testenv is the one rule for a test that needs something Go does
// not bring — git, Nix, Gitea, bash, the corpus of real locks — and finds it
// missing. Under CI=true, where .ci/run installs all of it, a missing tool
// fails the test: a test CI cannot run must not pass by skipping. Elsewhere
// the test is skipped, so `go test ./...` works on a machine with Go alone.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// CI reports whether the tests run under CI=true, where nothing they need
// may be missing.
func CI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test because what it needs is not there, said by format
// and args: a failure under CI=true, a skip elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		t.Fatal(msg + " (CI=true requires it)")
	} else {
		t.Skip(msg)
	}
}

// Need returns the path of the executable name on PATH, or ends the test
// as Missing does.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed", name)
	}
	return p
}
