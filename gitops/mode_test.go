package gitops

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/gitrepo"
	"github.com/flake-unify/flake-unify/internal/gittest"
)

// TestAutoRule checks each clause of the rule documented on Auto, and that
// the chosen back end is the one that makes the commit.
func TestAutoRule(t *testing.T) {
	hook := func(name string, mode os.FileMode) func(*gittest.Repo) {
		return func(r *gittest.Repo) {
			p := r.Path(".git/hooks/" + name)
			gittest.WriteFile(t, p, "#!/bin/sh\nexit 0\n")
			os.Chmod(p, mode)
		}
	}
	for _, tc := range []struct {
		name   string
		prefix string
		setup  func(r *gittest.Repo)
		want   string // reason substring; "" means go-git
	}{
		{name: "plain repository"},
		{name: "signing", setup: func(r *gittest.Repo) { r.Git("config", "commit.gpgSign", "true") }, want: "commit signing"},
		{name: "signing off", setup: func(r *gittest.Repo) { r.Git("config", "commit.gpgSign", "false") }},
		{name: "global signing", setup: func(r *gittest.Repo) {
			gittest.WriteFile(t, filepath.Join(os.Getenv("HOME"), ".config/git/config"), "[commit]\n\tgpgsign\n")
		}, want: "commit signing"},
		{name: "include", setup: func(r *gittest.Repo) { r.Git("config", "include.path", "extra.inc") }, want: "include"},
		{name: "includeIf", setup: func(r *gittest.Repo) {
			f, _ := os.OpenFile(filepath.Join(os.Getenv("HOME"), ".gitconfig"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("[includeIf \"gitdir:~/work/\"]\n\tpath = work.inc\n")
			f.Close()
		}, want: "include"},
		{name: "git -c", setup: func(r *gittest.Repo) { t.Setenv("GIT_CONFIG_PARAMETERS", "'user.name'='X'") }, want: "GIT_CONFIG_PARAMETERS"},
		{name: "pre-commit hook", setup: hook("pre-commit", 0o755), want: "pre-commit hook"},
		{name: "commit-msg hook", setup: hook("commit-msg", 0o755), want: "commit-msg hook"},
		{name: "hook not executable", setup: hook("pre-commit", 0o644)},
		{name: "sample hook", setup: hook("pre-commit.sample", 0o755)},
		{name: "other hook", setup: hook("pre-push", 0o755)},
		{name: "core.hooksPath", setup: func(r *gittest.Repo) {
			r.Git("config", "core.hooksPath", ".githooks")
			gittest.WriteFile(t, r.Path(".githooks/post-commit"), "#!/bin/sh\n")
			os.Chmod(r.Path(".githooks/post-commit"), 0o755)
		}, want: "post-commit hook"},
		{name: "autocrlf", setup: func(r *gittest.Repo) { r.Git("config", "core.autocrlf", "input") }, want: "core.autocrlf"},
		{name: "attributes text", setup: func(r *gittest.Repo) { r.Write(".gitattributes", "* text=auto\n") }, want: "gitattributes"},
		{name: "attributes in flake dir", prefix: "sub", setup: func(r *gittest.Repo) { r.Write("sub/.gitattributes", "flake.lock filter=lfs\n") }, want: "gitattributes"},
		{name: "attributes unset only", setup: func(r *gittest.Repo) { r.Write(".gitattributes", "# binary\n*.png -text -diff\n*.svg !eol\n") }},
		{name: "info attributes", setup: func(r *gittest.Repo) { r.Write(".git/info/attributes", "*.lock eol=crlf\n") }, want: "gitattributes"},
		{name: "extension", setup: func(r *gittest.Repo) {
			r.Git("config", "core.repositoryformatversion", "1")
			r.Git("config", "extensions.worktreeConfig", "true")
		}, want: "extensions.worktreeconfig"},
		{name: "sha1 object format", setup: func(r *gittest.Repo) {
			r.Git("config", "core.repositoryformatversion", "1")
			r.Git("config", "extensions.objectFormat", "sha1")
		}},
		{name: "split index", setup: func(r *gittest.Repo) { r.Git("update-index", "--split-index") }, want: "the index format needs git"},
		{name: "unparsed date", setup: func(r *gittest.Repo) { t.Setenv("GIT_COMMITTER_DATE", "Tue Nov 14 22:13:20 2023 +0000") }, want: "GIT_COMMITTER_DATE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gittest.Hermetic(t)
			r := gittest.NewRepo(t, gittest.BaseFiles(tc.prefix))
			if tc.setup != nil {
				tc.setup(r)
			}
			req := &Request{Dir: r.Path(tc.prefix), Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}},
				Branch: "b", Subject: gittest.Subject, Mode: Auto}
			p, err := prepare(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			wantMode := Exec
			if tc.want == "" {
				wantMode = GoGit
			}
			if p.mode != wantMode || !strings.Contains(p.reason, tc.want) {
				t.Errorf("mode %s, reason %q; want %s, %q", p.mode, p.reason, wantMode, tc.want)
			}
			if strings.Contains(tc.want, "signing") {
				return // signing is tested in TestSignedCommit, with a key
			}
			res, err := Commit(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Mode != p.mode {
				t.Errorf("committed with %s, chose %s", res.Mode, p.mode)
			}
			if got := r.Git("status", "--porcelain", "--", "*flake.lock"); got != "" {
				t.Errorf("status after commit:\n%s", got)
			}
		})
	}
}

// TestAutoWithoutGit: when Exec is needed and git is missing, Auto refuses
// and says why, instead of ignoring the user's configuration.
func TestAutoWithoutGit(t *testing.T) {
	gittest.Hermetic(t)
	r := gittest.NewRepo(t, gittest.BaseFiles(""))
	r.Git("config", "commit.gpgSign", "true")
	defer func(f func() (string, error)) { gitrepo.LookGit = f }(gitrepo.LookGit)
	gitrepo.LookGit = func() (string, error) { return "", errors.New("not found") }
	for _, mode := range []Mode{Auto, Exec} {
		err := Preflight(context.Background(), &Request{Dir: r.Dir, Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}}, Branch: "b", Subject: gittest.Subject, Mode: mode})
		checkRefusal(t, mode.String(), err, "git", "install git")
	}
}

// TestLinkedWorktree: a `git worktree add` checkout is committed with git.
func TestLinkedWorktree(t *testing.T) {
	gittest.Hermetic(t)
	r := gittest.NewRepo(t, gittest.BaseFiles(""))
	wt := &gittest.Repo{T: t, Dir: filepath.Join(t.TempDir(), "wt")}
	r.Git("worktree", "add", "-q", "-b", "work", wt.Dir)
	wt.Write("notes.txt", "untracked in the linked work tree\n")
	res, err := Commit(context.Background(), &Request{Dir: wt.Dir, Changes: []Change{{"flake.lock", []byte(gittest.FlakeLockNew)}}, Branch: "b", Subject: gittest.Subject})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != Exec || wt.Git("symbolic-ref", "--short", "HEAD") != "b" || r.Git("symbolic-ref", "--short", "HEAD") != "main" {
		t.Errorf("result %+v", res)
	}
	if got := wt.Git("status", "--porcelain"); got != "?? notes.txt" {
		t.Errorf("status: %q", got)
	}
}

func TestModeText(t *testing.T) {
	for _, s := range []string{"auto", "go", "exec"} {
		var m Mode
		if err := m.UnmarshalText([]byte(s)); err != nil || m.String() != s {
			t.Errorf("%s: %v %v", s, m, err)
		}
	}
	var m Mode
	if err := m.UnmarshalText([]byte("libgit2")); err == nil {
		t.Error("libgit2 accepted")
	}
}
