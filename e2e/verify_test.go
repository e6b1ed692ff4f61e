package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// verifyRun runs the flake-unify binary in dir with env and returns its
// output and exit code.
func verifyRun(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	bin, err := toolBinary()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	t.Logf("flake-unify %s: %v, %.1fs\n%s", strings.Join(args, " "), err, time.Since(start).Seconds(), errb.String())
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// verifyDoc is the part of `plan --json --verify` this test reads.
type verifyDoc struct {
	Target struct {
		Rev     string `json:"rev"`
		Follows string `json:"follows"`
	} `json:"target"`
	Verify struct {
		Candidates []struct {
			Input  string   `json:"input"`
			Rev    string   `json:"rev"`
			Result string   `json:"result"`
			Output []string `json:"output"`
		} `json:"candidates"`
		Chosen *string `json:"chosen"`
	} `json:"verify"`
}

// TestVerifyChoosesTheNewestRevisionThatEvaluates: three dependencies lock
// three releases of a stand-in nixpkgs (lib.version is the release date,
// yy.mm); a evaluates only on the 2023-12 release or newer,
// b only on it or older, c on anything. `nix eval .#check` (which forces
// all three) fails on 24.05 (b) and 23.05 (a) and passes on 23.11, so
// --verify must choose a/nixpkgs, the matrix must say exactly that, the
// applied result must be accepted by Nix's own staleness check, and the
// user's flake must evaluate afterwards on the one revision.
func TestVerifyChoosesTheNewestRevisionThatEvaluates(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		if testing.Short() && nix.AtLeast(2, 30) {
			t.Skip("-short: the default Nix only")
		}
		u := nixtest.NewUniverse(t)
		np := u.Nixpkgs("nixpkgs")
		revs := map[string]string{
			"23.05": np.Release("nixos-23.05", nixtest.Date(2023, 6, 1)),
			"23.11": np.Release("nixos-23.11", nixtest.Date(2023, 12, 1)),
			"24.05": np.Release("nixos-24.05", nixtest.Date(2024, 5, 1)),
		}
		dep := func(name, branch, cond string) {
			dir, _ := u.Flake(name, `{
  inputs.nixpkgs.url = "`+np.BranchURL(branch)+`";
  outputs = { self, nixpkgs }: {
    value = if `+cond+` then "`+name+`:" + nixpkgs.lib.marker
      else throw "`+name+` does not evaluate on nixpkgs ${nixpkgs.lib.version}";
  };
}`)
			nix.Lock(t, dir)
			u.Commit(dir)
		}
		dep("a", "nixos-23.11", `nixpkgs.lib.version >= "23.12"`)
		dep("b", "nixos-23.05", `nixpkgs.lib.version <= "23.12"`)
		dep("c", "nixos-24.05", `true`)
		root, _ := u.Flake("root", `{
  inputs.a.url = "{{a}}";
  inputs.b.url = "{{b}}";
  inputs.c.url = "{{c}}";
  outputs = { self, a, b, c }: {
    check = builtins.concatStringsSep " " [ a.value b.value c.value ];
  };
}`)
		base := nix.Lock(t, root)
		u.Commit(root)
		head := u.Git(root, "rev-parse", "HEAD")

		tmp := t.TempDir()
		env := append(nix.Env(u.Root), "TMPDIR="+tmp)
		check := "'" + nix.Path + "' eval --raw .#check"
		args := []string{"--nix-version", nix.Version, "--match", `/nixpkgs([?]|$)`, "--verify", check}

		stdout, _, code := verifyRun(t, root, env, append([]string{"plan", "--json", "--verify-all"}, args...)...)
		if code != 0 {
			t.Fatalf("plan --verify: exit %d\n%s", code, stdout)
		}
		var doc verifyDoc
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		var matrix []string
		for _, c := range doc.Verify.Candidates {
			matrix = append(matrix, c.Input+" "+c.Result)
			if c.Result == "fail" && !strings.Contains(strings.Join(c.Output, "\n"), "does not evaluate on nixpkgs") {
				t.Errorf("%s failed for another reason:\n%s", c.Input, strings.Join(c.Output, "\n"))
			}
		}
		if got, want := strings.Join(matrix, ", "), "c/nixpkgs fail, a/nixpkgs pass, b/nixpkgs fail"; got != want {
			t.Errorf("matrix %s, want %s", got, want)
		}
		if doc.Verify.Chosen == nil || *doc.Verify.Chosen != "a/nixpkgs" || doc.Target.Rev != strings.TrimSpace(revs["23.11"]) {
			t.Errorf("chose %v (rev %s), want a/nixpkgs (rev %s)", doc.Verify.Chosen, doc.Target.Rev, revs["23.11"])
		}
		nixtest.SameBytes(t, "flake.lock after plan", u.ReadFile(root, "flake.lock"), base)
		assertEmpty(t, tmp)

		stdout, _, code = verifyRun(t, root, env, append([]string{"apply", "--no-commit"}, args...)...)
		if code != 0 {
			t.Fatalf("apply --verify: exit %d\n%s", code, stdout)
		}
		if !strings.Contains(stdout, "a/nixpkgs  nixos-23.11") || !strings.Contains(stdout, "← chosen") || !strings.Contains(stdout, "skipped") {
			t.Errorf("apply's matrix:\n%s", stdout)
		}
		assertEmpty(t, tmp)
		if got := u.Git(root, "rev-parse", "HEAD"); got != head {
			t.Errorf("apply --no-commit committed: HEAD %s → %s", head, got)
		}
		// Nix finds nothing to change, and the flake evaluates on 23.11 alone.
		if err := nix.UpToDate(t, root); err != nil {
			t.Fatalf("Nix does not accept the applied lock: %v", err)
		}
		got := nix.Eval(t, root, "check")
		want := "a:nixpkgs/nixos-23.11@2023-12-01 b:nixpkgs/nixos-23.11@2023-12-01 c:nixpkgs/nixos-23.11@2023-12-01"
		if got != want {
			t.Errorf("check = %q, want %q", got, want)
		}
		// Idempotent: the same choice, nothing to do.
		stdout, _, code = verifyRun(t, root, env, append([]string{"apply", "--no-commit"}, args...)...)
		if code != 0 || !strings.Contains(stdout, "nothing to do") {
			t.Errorf("second apply: exit %d\n%s", code, stdout)
		}
		assertEmpty(t, tmp)
	})
}

// assertEmpty checks that flake-unify left nothing in its TMPDIR.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in TMPDIR: %s", filepath.Join(dir, e.Name()))
	}
}
