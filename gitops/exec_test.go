package gitops

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gittest"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// TestHooksRun: with a hook installed, Auto commits through git and the
// hooks run, seeing only the flake files staged.
func TestHooksRun(t *testing.T) {
	gittest.Hermetic(t)
	r := gittest.NewRepo(t, gittest.BaseFiles(""))
	dirtyOthers(r, "")
	installHook(t, r, "pre-commit", `git diff --cached --name-only > "$(git rev-parse --git-dir)/staged-in-hook"`)
	installHook(t, r, "commit-msg", `printf '\nHook-Ran: yes\n' >> "$1"`)
	before := r.Snapshot()
	res, err := Commit(context.Background(), &Request{Dir: r.Dir, Changes: []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}},
		Branch: "b", Subject: gittest.Subject, Body: gittest.Body})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != Exec {
		t.Errorf("mode %s", res.Mode)
	}
	if got := r.Git("log", "-1", "--format=%(trailers:key=Hook-Ran,valueonly)"); got != "yes" {
		t.Errorf("commit-msg hook did not run: %q", got)
	}
	if got := r.Read(".git/staged-in-hook"); got != "flake.lock\nflake.nix\n" {
		t.Errorf("pre-commit saw staged:\n%s", got)
	}
	if after := r.Snapshot(); after.Status != before.Status {
		t.Errorf("status:\n%s\nwant\n%s", after.Status, before.Status)
	}
}

// TestRollback: when git refuses the commit (here a pre-commit hook, in
// TestAutoRule's signing case a failing signer), everything is put back:
// HEAD, the branch, the files and the index.
func TestRollback(t *testing.T) {
	gittest.Hermetic(t)
	for _, newBranch := range []bool{true, false} {
		r := gittest.NewRepo(t, gittest.BaseFiles(""))
		dirtyOthers(r, "")
		installHook(t, r, "pre-commit", "echo 'nixfmt check failed' >&2; exit 1")
		r.Git("branch", "existing")
		branch := "existing"
		if newBranch {
			branch = "new"
		}
		before := r.Snapshot("flake.nix", "flake.lock")
		_, err := Commit(context.Background(), &Request{Dir: r.Dir, Changes: []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}},
			Branch: branch, ForceBranch: true, Subject: gittest.Subject})
		checkRefusal(t, "Commit", err, "nixfmt check failed", "hook")
		if after := r.Snapshot("flake.nix", "flake.lock"); !before.Equal(after) {
			t.Errorf("not rolled back:\nbefore %+v\nafter  %+v", before, after)
		}
	}
}

// TestGoRollbackIndexLocked: the go-git path gives up on a locked index
// and puts the branch and the files back.
func TestGoRollbackIndexLocked(t *testing.T) {
	gittest.Hermetic(t)
	r := gittest.NewRepo(t, gittest.BaseFiles(""))
	before := r.Snapshot("flake.nix", "flake.lock")
	gittest.WriteFile(t, r.Path(".git/index.lock"), "")
	_, err := Commit(context.Background(), &Request{Dir: r.Dir, Changes: []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}},
		Branch: "b", Subject: gittest.Subject, Mode: GoGit})
	checkRefusal(t, "Commit", err, "the index is locked", "remove the lock file")
	os.Remove(r.Path(".git/index.lock"))
	if after := r.Snapshot("flake.nix", "flake.lock"); !before.Equal(after) {
		t.Errorf("not rolled back:\nbefore %+v\nafter  %+v", before, after)
	}
}

func installHook(t *testing.T, r *gittest.Repo, name, script string) {
	t.Helper()
	p := r.Path(".git/hooks/" + name)
	gittest.WriteFile(t, p, "#!/bin/sh\n"+script+"\n")
	if err := os.Chmod(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestSignedCommit signs with an ssh key, as `gpg.format ssh` users do, and
// has git verify the signature; ssh-keygen works offline.
func TestSignedCommit(t *testing.T) {
	gittest.Hermetic(t)
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		testenv.Missing(t, "ssh-keygen is not installed (package openssh-client)")
	}
	keys := t.TempDir()
	key := filepath.Join(keys, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tester@example.org", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub := strings.TrimSpace(gittest.ReadFile(t, key+".pub"))
	allowed := filepath.Join(keys, "allowed_signers")
	gittest.WriteFile(t, allowed, "tester@example.org "+pub+"\n")

	r := gittest.NewRepo(t, gittest.BaseFiles("nix"))
	dirtyOthers(r, "nix")
	r.Git("config", "gpg.format", "ssh")
	r.Git("config", "user.signingKey", key)
	r.Git("config", "commit.gpgSign", "true")
	r.Git("config", "gpg.ssh.allowedSignersFile", allowed)
	before := r.Snapshot()
	res, err := Commit(context.Background(), &Request{Dir: r.Path("nix"), Changes: []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}},
		Branch: "flake-unify/nixpkgs-cccc000", Subject: gittest.Subject, Body: gittest.Body})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != Exec || !strings.Contains(res.Reason, "signing") {
		t.Errorf("mode %s (%s)", res.Mode, res.Reason)
	}
	if out, err := r.TryGit("verify-commit", "-v", "HEAD"); err != nil {
		t.Fatalf("git verify-commit: %v\n%s", err, out)
	} else if !strings.Contains(out, `Good "git" signature for tester@example.org`) {
		t.Errorf("verify-commit: %s", out)
	}
	if got := r.Git("symbolic-ref", "--short", "HEAD"); got != "flake-unify/nixpkgs-cccc000" {
		t.Errorf("branch %s", got)
	}
	if got := r.Git("show", "--format=", "--name-only"); got != "nix/flake.lock\nnix/flake.nix" {
		t.Errorf("committed: %s", got)
	}
	if after := r.Snapshot(); after.Status != before.Status {
		t.Errorf("status:\n%s\nwant\n%s", after.Status, before.Status)
	}
}
