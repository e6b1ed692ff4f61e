package gitops

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gittest"
)

// TestRefusals checks every refusal in every mode: a *diag.Error with the
// expected message and a hint, from Preflight and from Commit alike, and a
// repository left exactly as it was (HEAD, branches, index, status, files).
func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name     string
		setup    func(r *gittest.Repo) // nil: a clean repository
		repo     func(t *testing.T) *gittest.Repo
		branch   string
		force    bool
		want     string // in the error
		wantHint string // in the hint
	}{
		{name: "flake.lock modified", setup: func(r *gittest.Repo) { r.Write("flake.lock", gittest.FlakeLock+"\n") },
			want: "flake.lock: has uncommitted changes: it is modified in the work tree", wantHint: "git stash push -- flake.lock"},
		{name: "flake.nix staged", setup: func(r *gittest.Repo) { r.Write("flake.nix", gittest.FlakeNix+"#\n"); r.Git("add", "flake.nix") },
			want: "flake.nix: has uncommitted changes: changes are staged in the index", wantHint: "--no-commit"},
		{name: "flake.nix staged and reverted in work tree", setup: func(r *gittest.Repo) {
			r.Write("flake.nix", gittest.FlakeNix+"#\n")
			r.Git("add", "flake.nix")
			r.Write("flake.nix", gittest.FlakeNix)
		}, want: "flake.nix: has uncommitted changes"},
		{name: "flake.lock deleted", setup: func(r *gittest.Repo) { os.Remove(r.Path("flake.lock")) },
			want: "flake.lock: has uncommitted changes: it is deleted in the work tree"},
		{name: "flake.lock untracked", repo: func(t *testing.T) *gittest.Repo {
			r := gittest.NewRepo(t, map[string]string{"flake.nix": gittest.FlakeNix})
			r.Write("flake.lock", gittest.FlakeLock)
			return r
		}, want: "flake.lock: has uncommitted changes: it is not tracked by git"},
		{name: "flake.lock executable bit", setup: func(r *gittest.Repo) { os.Chmod(r.Path("flake.lock"), 0o755) },
			want: "flake.lock: has uncommitted changes"},
		{name: "detached HEAD", setup: func(r *gittest.Repo) { r.Git("switch", "-q", "--detach") },
			want: "HEAD is detached", wantHint: "git switch"},
		{name: "unborn HEAD", repo: func(t *testing.T) *gittest.Repo {
			r := &gittest.Repo{T: t, Dir: t.TempDir()}
			r.Git("init", "-q")
			r.Write("flake.nix", gittest.FlakeNix)
			r.Write("flake.lock", gittest.FlakeLock)
			return r
		}, want: "HEAD has no commit yet: branch main is unborn", wantHint: "commit flake.nix and flake.lock first"},
		{name: "branch exists", setup: func(r *gittest.Repo) { r.Git("branch", "flake-unify/nixpkgs-cccc000") },
			want: "branch flake-unify/nixpkgs-cccc000 already exists", wantHint: "--force-branch"},
		{name: "branch is checked out", setup: func(r *gittest.Repo) { r.Git("switch", "-q", "-c", "flake-unify/nixpkgs-cccc000") },
			want: "already exists"},
		{name: "invalid branch", branch: "bad..name", want: `invalid branch name "bad..name"`, wantHint: "check-ref-format"},
		{name: "no identity", setup: func(r *gittest.Repo) {
			gittest.WriteFile(t, os.Getenv("HOME")+"/.gitconfig", "[user]\n\tuseConfigOnly = true\n")
		}, want: "no author identity", wantHint: "git config --global user.name"},
	} {
		for _, mode := range allModes {
			t.Run(tc.name+"/"+mode.String(), func(t *testing.T) {
				gittest.Hermetic(t)
				var r *gittest.Repo
				if tc.repo != nil {
					r = tc.repo(t)
				} else {
					r = gittest.NewRepo(t, gittest.BaseFiles(""))
					r.Write("notes.txt", "untracked\n")
				}
				if tc.setup != nil {
					tc.setup(r)
				}
				branch := tc.branch
				if branch == "" {
					branch = "flake-unify/nixpkgs-cccc000"
				}
				req := &Request{Dir: r.Dir, Changes: []Change{{"flake.nix", []byte(gittest.FlakeNixNew)}, {"flake.lock", []byte(gittest.FlakeLockNew)}},
					Branch: branch, ForceBranch: tc.force, Subject: gittest.Subject, Body: gittest.Body, Mode: mode}
				var before gittest.Snapshot
				if _, err := r.TryGit("rev-parse", "-q", "--verify", "HEAD"); err == nil {
					before = r.Snapshot("flake.nix", "flake.lock", "notes.txt")
				}
				perr := Preflight(context.Background(), req)
				_, cerr := Commit(context.Background(), req)
				for name, err := range map[string]error{"Preflight": perr, "Commit": cerr} {
					checkRefusal(t, name, err, tc.want, tc.wantHint)
				}
				if before.Head != "" {
					if after := r.Snapshot("flake.nix", "flake.lock", "notes.txt"); !before.Equal(after) {
						t.Errorf("repository changed:\nbefore %+v\nafter  %+v", before, after)
					}
				}
			})
		}
	}
}

func checkRefusal(t *testing.T, name string, err error, want, wantHint string) {
	t.Helper()
	var de *diag.Error
	switch {
	case err == nil:
		t.Errorf("%s: no error, want %q", name, want)
	case !errors.As(err, &de):
		t.Errorf("%s: %v is not a *diag.Error", name, err)
	case !strings.Contains(err.Error(), want):
		t.Errorf("%s: error %q, want %q", name, err, want)
	case de.Hint == "" || !strings.Contains(de.Hint, wantHint):
		t.Errorf("%s: hint %q, want %q", name, de.Hint, wantHint)
	}
}

func TestRefuseOutsideRepository(t *testing.T) {
	gittest.Hermetic(t)
	dir := t.TempDir()
	gittest.WriteFile(t, dir+"/flake.nix", gittest.FlakeNix)
	gittest.WriteFile(t, dir+"/flake.lock", gittest.FlakeLock)
	for _, mode := range allModes {
		req := &Request{Dir: dir, Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}}, Branch: "b", Subject: gittest.Subject, Mode: mode}
		checkRefusal(t, "Preflight", Preflight(context.Background(), req), "not in a git repository", "--no-commit")
		_, err := Commit(context.Background(), req)
		checkRefusal(t, "Commit", err, "not in a git repository", "--no-commit")
		if gittest.ReadFile(t, dir+"/flake.lock") != gittest.FlakeLock {
			t.Fatal("flake.lock written")
		}
	}
}

// TestRefuseGoModeSigning: --git go must not silently drop signing the
// user asked for.
func TestRefuseGoModeSigning(t *testing.T) {
	gittest.Hermetic(t)
	r := gittest.NewRepo(t, gittest.BaseFiles(""))
	r.Git("config", "commit.gpgSign", "true")
	req := &Request{Dir: r.Dir, Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}}, Branch: "b", Subject: gittest.Subject, Mode: GoGit}
	checkRefusal(t, "Preflight", Preflight(context.Background(), req), "--git go cannot sign", "--git exec")
}

func TestRequestErrors(t *testing.T) {
	gittest.Hermetic(t)
	r := gittest.NewRepo(t, gittest.BaseFiles(""))
	for _, req := range []*Request{
		{Dir: r.Dir, Branch: "b", Subject: gittest.Subject},
		{Dir: r.Dir, Changes: []Change{{"../flake.lock", nil}}, Branch: "b", Subject: gittest.Subject},
		{Dir: r.Dir, Changes: []Change{{"/flake.lock", nil}}, Branch: "b", Subject: gittest.Subject},
		{Dir: r.Dir, Changes: []Change{{".git/config", nil}}, Branch: "b", Subject: gittest.Subject},
		{Dir: r.Dir, Changes: []Change{{"flake.lock", nil}, {"flake.lock", nil}}, Branch: "b", Subject: gittest.Subject},
		{Dir: r.Dir, Changes: []Change{{"flake.lock", []byte("x")}}, Branch: "b"},
		{Dir: r.Dir, Changes: []Change{{"flake.lock", []byte("x")}}, Branch: "b", Subject: "two\nlines"},
	} {
		if _, err := Commit(context.Background(), req); err == nil {
			t.Errorf("%+v: no error", req)
		}
	}
	if got := r.Read("flake.lock"); got != gittest.FlakeLock {
		t.Errorf("flake.lock changed")
	}
}
