package nixtest_test

// The facts_*_test.go files pin, against every available Nix, the behaviours of
// Nix that flake-unify is built on; docs/lock-format.md explains them and
// names the test of each. Each test is named for the fact it checks;
// expected lock files are derived from the previous step's lock by the edits
// the fact describes, and compared byte for byte with what Nix wrote.

import (
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// relock writes flake.nix, runs `nix flake lock` (must succeed), commits, and
// returns the lock and Nix's stderr.
func relock(t *testing.T, nix *nixtest.Nix, u *nixtest.Universe, dir, flakeNix string) ([]byte, string) {
	t.Helper()
	u.SetFlake(dir, flakeNix)
	_, stderr, err := nix.Run(t, dir, "flake", "lock")
	if err != nil {
		t.Fatal(err)
	}
	u.Commit(dir)
	return u.ReadFile(dir, "flake.lock"), stderr
}

func wantEdges(t *testing.T, what string, lock []byte, want string) {
	t.Helper()
	if got := nixtest.Edges(t, lock); got != want {
		t.Errorf("%s: edges\n%s\nwant\n%s", what, got, want)
	}
}

func wantContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s: missing %q in:\n%s", what, sub, s)
		}
	}
}

// wantFails checks that err is a non-zero exit whose stderr says msg.
func wantFails(t *testing.T, what string, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: succeeded, want failure %q", what, msg)
		return
	}
	if nixtest.ExitCode(err) <= 0 {
		t.Errorf("%s: did not run to a non-zero exit: %v", what, err)
		return
	}
	wantContains(t, what, err.Error(), msg)
}

// baseE01 is the root flake of the naming, staleness and reader facts: a, b, nixpkgs; a and b bring their own
// nixpkgs (a → repo nixpkgs, b → repo nixpkgs2).
const baseE01 = `{
  inputs.a.url = "{{a}}";
  inputs.b.url = "{{b}}";
  inputs.nixpkgs.url = "{{nixpkgs}}";
  outputs = { self, ... }: { };
}`

// withDecls is baseE01 with extra declarations appended before outputs.
func withDecls(decls ...string) string {
	return strings.Replace(baseE01, "outputs =", strings.Join(append(decls, "outputs ="), "\n  "), 1)
}
