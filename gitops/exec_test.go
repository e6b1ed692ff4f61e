package gitops

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHooksRun: with a hook installed, Auto commits through git and the
// hooks run, seeing only the flake files staged.
func TestHooksRun(t *testing.T) {
	hermetic(t)
	r := newRepo(t, baseFiles(""))
	dirtyOthers(r, "")
	installHook(t, r, "pre-commit", `git diff --cached --name-only > "$(git rev-parse --git-dir)/staged-in-hook"`)
	installHook(t, r, "commit-msg", `printf '\nHook-Ran: yes\n' >> "$1"`)
	before := r.snapshot()
	res, err := Commit(context.Background(), &Request{Dir: r.dir, Changes: []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", []byte(flakeLockNew)}},
		Branch: "b", Subject: subject, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != Exec {
		t.Errorf("mode %s", res.Mode)
	}
	if got := r.git("log", "-1", "--format=%(trailers:key=Hook-Ran,valueonly)"); got != "yes" {
		t.Errorf("commit-msg hook did not run: %q", got)
	}
	if got := r.read(".git/staged-in-hook"); got != "flake.lock\nflake.nix\n" {
		t.Errorf("pre-commit saw staged:\n%s", got)
	}
	if after := r.snapshot(); after.status != before.status {
		t.Errorf("status:\n%s\nwant\n%s", after.status, before.status)
	}
}

// TestRollback: when git refuses the commit (here a pre-commit hook, in
// TestAutoRule's signing case a failing signer), everything is put back:
// HEAD, the branch, the files and the index.
func TestRollback(t *testing.T) {
	hermetic(t)
	for _, newBranch := range []bool{true, false} {
		r := newRepo(t, baseFiles(""))
		dirtyOthers(r, "")
		installHook(t, r, "pre-commit", "echo 'nixfmt check failed' >&2; exit 1")
		r.git("branch", "existing")
		branch := "existing"
		if newBranch {
			branch = "new"
		}
		before := r.snapshot("flake.nix", "flake.lock")
		_, err := Commit(context.Background(), &Request{Dir: r.dir, Changes: []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", []byte(flakeLockNew)}},
			Branch: branch, ForceBranch: true, Subject: subject})
		checkRefusal(t, "Commit", err, "nixfmt check failed", "hook")
		if after := r.snapshot("flake.nix", "flake.lock"); !equalSnapshots(before, after) {
			t.Errorf("not rolled back:\nbefore %+v\nafter  %+v", before, after)
		}
	}
}

// TestGoRollbackIndexLocked: the go-git path gives up on a locked index
// and puts the branch and the files back.
func TestGoRollbackIndexLocked(t *testing.T) {
	hermetic(t)
	r := newRepo(t, baseFiles(""))
	before := r.snapshot("flake.nix", "flake.lock")
	writeFile(t, r.path(".git/index.lock"), "")
	_, err := Commit(context.Background(), &Request{Dir: r.dir, Changes: []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", []byte(flakeLockNew)}},
		Branch: "b", Subject: subject, Mode: GoGit})
	checkRefusal(t, "Commit", err, "the index is locked", "remove the lock file")
	os.Remove(r.path(".git/index.lock"))
	if after := r.snapshot("flake.nix", "flake.lock"); !equalSnapshots(before, after) {
		t.Errorf("not rolled back:\nbefore %+v\nafter  %+v", before, after)
	}
}

func installHook(t *testing.T, r *testRepo, name, script string) {
	t.Helper()
	p := r.path(".git/hooks/" + name)
	writeFile(t, p, "#!/bin/sh\n"+script+"\n")
	if err := os.Chmod(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestSignedCommit signs with an ssh key, as `gpg.format ssh` users do, and
// has git verify the signature; ssh-keygen works offline.
func TestSignedCommit(t *testing.T) {
	hermetic(t)
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ssh-keygen not installed (package openssh-client)")
		}
		t.Skip("ssh-keygen not installed")
	}
	keys := t.TempDir()
	key := filepath.Join(keys, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tester@example.org", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub := strings.TrimSpace(readFile(t, key+".pub"))
	allowed := filepath.Join(keys, "allowed_signers")
	writeFile(t, allowed, "tester@example.org "+pub+"\n")

	r := newRepo(t, baseFiles("nix"))
	dirtyOthers(r, "nix")
	r.git("config", "gpg.format", "ssh")
	r.git("config", "user.signingKey", key)
	r.git("config", "commit.gpgSign", "true")
	r.git("config", "gpg.ssh.allowedSignersFile", allowed)
	before := r.snapshot()
	res, err := Commit(context.Background(), &Request{Dir: r.path("nix"), Changes: []Change{{"flake.nix", []byte(flakeNixNew)}, {"flake.lock", []byte(flakeLockNew)}},
		Branch: "flake-unify/nixpkgs-cccc000", Subject: subject, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != Exec || !strings.Contains(res.Reason, "signing") {
		t.Errorf("mode %s (%s)", res.Mode, res.Reason)
	}
	if out, err := r.tryGit("verify-commit", "-v", "HEAD"); err != nil {
		t.Fatalf("git verify-commit: %v\n%s", err, out)
	} else if !strings.Contains(out, `Good "git" signature for tester@example.org`) {
		t.Errorf("verify-commit: %s", out)
	}
	if got := r.git("symbolic-ref", "--short", "HEAD"); got != "flake-unify/nixpkgs-cccc000" {
		t.Errorf("branch %s", got)
	}
	if got := r.git("show", "--format=", "--name-only"); got != "nix/flake.lock\nnix/flake.nix" {
		t.Errorf("committed: %s", got)
	}
	if after := r.snapshot(); after.status != before.status {
		t.Errorf("status:\n%s\nwant\n%s", after.status, before.status)
	}
}
