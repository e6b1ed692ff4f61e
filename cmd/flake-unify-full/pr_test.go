package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/internal/giteatest"
	"github.com/flake-unify/flake-unify/prbody"
)

// The bot end to end: `flake-unify pr` against a real Gitea on loopback,
// which serves both the git repository (pushes over http with the token)
// and the pull-request API. Every scenario of the bot's life runs on one
// server, in the order a repository lives through them.

// botRepo is a clone of a Gitea repository that the test commits to as the
// repository's users would.
type botRepo struct {
	t    *testing.T
	srv  *giteatest.Server
	name string // OWNER/NAME
	dir  string
}

func newBotRepo(t *testing.T, srv *giteatest.Server, name string) *botRepo {
	t.Helper()
	url := srv.CreateRepo(t, name)
	r := &botRepo{t: t, srv: srv, name: srv.User + "/" + name, dir: filepath.Join(t.TempDir(), name)}
	r.git(filepath.Dir(r.dir), "clone", "-q", url, r.dir)
	r.git(r.dir, "checkout", "-q", "-b", "main")
	return r
}

func (r *botRepo) git(dir string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append(r.srv.GitEnv(),
		"GIT_AUTHOR_NAME=Dev", "GIT_AUTHOR_EMAIL=dev@example.com",
		"GIT_COMMITTER_NAME=Dev", "GIT_COMMITTER_EMAIL=dev@example.com")...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files (name → content; "" deletes), commits them on main
// and pushes main.
func (r *botRepo) commit(msg string, files map[string][]byte) string {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, name)
		if content == nil {
			r.git(r.dir, "rm", "-q", name)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			r.t.Fatal(err)
		}
		r.git(r.dir, "add", name)
	}
	r.git(r.dir, "commit", "-q", "-m", msg)
	r.git(r.dir, "push", "-q", "origin", "main")
	head := r.git(r.dir, "rev-parse", "HEAD")
	// Gitea takes the push in after git reports success; until then the
	// first push leaves the repository "empty" (pulls API: 404).
	r.srv.WaitBranch(r.t, r.name, "main", head)
	return head
}

// remote returns the tip of branch on the server ("" when absent).
func (r *botRepo) remote(branch string) string {
	r.t.Helper()
	out := r.git(r.dir, "ls-remote", "origin", "refs/heads/"+branch)
	hash, _, _ := strings.Cut(out, "\t")
	return hash
}

// show returns a file of a commit on the server.
func (r *botRepo) show(commit, name string) string {
	r.t.Helper()
	r.git(r.dir, "fetch", "-q", "origin", commit)
	return r.git(r.dir, "show", commit+":"+name)
}

// pr runs `flake-unify pr` in the clone and returns its output and exit code.
func (r *botRepo) pr(args ...string) (stdout, stderr string, code int) {
	r.t.Helper()
	var o, e bytes.Buffer
	all := append([]string{"pr", "-C", r.dir, "--forge", "gitea", "--forge-url", r.srv.URL, "--repo", r.name}, args...)
	code = run(all, &o, &e)
	return o.String(), e.String(), code
}

func (r *botRepo) mustPR(args ...string) string {
	r.t.Helper()
	out, errOut, code := r.pr(args...)
	if code != 0 {
		r.t.Fatalf("flake-unify pr %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	r.t.Logf("flake-unify pr %s:\n%s", strings.Join(args, " "), out)
	if strings.Contains(out+errOut, r.srv.Token) {
		r.t.Fatal("the token appears in the output")
	}
	return out
}

func (r *botRepo) prs() []giteatest.PullRequest {
	r.t.Helper()
	return r.srv.PullRequests(r.t, r.name)
}

func readDemo(t *testing.T) (nix, lock []byte) {
	t.Helper()
	var err error
	if nix, err = os.ReadFile("../../testdata/demo/flake.nix"); err != nil {
		t.Fatal(err)
	}
	if lock, err = os.ReadFile("../../testdata/demo/flake.lock"); err != nil {
		t.Fatal(err)
	}
	return nix, lock
}

// demoWithDevshellUnified is the demo flake as its owner would have it
// before devshell gained its own nixpkgs: devshell already follows the
// root's nixpkgs (made with apply, keeping the other copies).
func demoWithDevshellUnified(t *testing.T) (nix, lock []byte) {
	t.Helper()
	dir := t.TempDir()
	n, l := readDemo(t)
	os.WriteFile(filepath.Join(dir, "flake.nix"), n, 0o644)
	os.WriteFile(filepath.Join(dir, "flake.lock"), l, 0o644)
	var o, e bytes.Buffer
	if code := run([]string{"apply", "--no-commit", "-C", dir, "--keep", "home-manager/nixpkgs",
		"--keep", "sops-nix/nixpkgs", "--keep", "sops-nix/nixpkgs-stable"}, &o, &e); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, o.String(), e.String())
	}
	nix, _ = os.ReadFile(filepath.Join(dir, "flake.nix"))
	lock, _ = os.ReadFile(filepath.Join(dir, "flake.lock"))
	if !strings.Contains(string(nix), "devshell") || bytes.Equal(lock, l) {
		t.Fatal("the devshell follows was not written")
	}
	return nix, lock
}

// expected runs `apply --no-commit` on a copy of files: what the bot branch
// must hold.
func expected(t *testing.T, nix, lock []byte, args ...string) (newNix, newLock string) {
	t.Helper()
	dir := t.TempDir()
	if nix != nil {
		os.WriteFile(filepath.Join(dir, "flake.nix"), nix, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "flake.lock"), lock, 0o644)
	var o, e bytes.Buffer
	if code := run(append([]string{"apply", "--no-commit", "-C", dir}, args...), &o, &e); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, o.String(), e.String())
	}
	n, _ := os.ReadFile(filepath.Join(dir, "flake.nix"))
	l, _ := os.ReadFile(filepath.Join(dir, "flake.lock"))
	return strings.TrimSuffix(string(n), "\n"), strings.TrimSuffix(string(l), "\n")
}

func TestPRGitea(t *testing.T) {
	srv := giteatest.Start(t)
	t.Setenv("GITEA_TOKEN", srv.Token)
	r := newBotRepo(t, srv, "laptop")
	const bot = "flake-unify/nixpkgs"

	nix1, lock1 := demoWithDevshellUnified(t)
	base1 := r.commit("initial", map[string][]byte{"flake.nix": nix1, "flake.lock": lock1, "README.md": []byte("laptop\n")})

	// First run: pushes the bot branch on main's tip and opens the PR.
	out := r.mustPR()
	if !strings.Contains(out, "opened pull request #1") {
		t.Fatalf("first run:\n%s", out)
	}
	tip1 := r.remote(bot)
	if parent := r.git(r.dir, "rev-parse", tip1+"^"); parent != base1 {
		t.Errorf("bot commit's parent = %s, want main's tip %s", parent, base1)
	}
	wantNix, wantLock := expected(t, nix1, lock1)
	if got := r.show(tip1, "flake.lock"); got != wantLock {
		t.Error("the bot branch's flake.lock is not what apply writes")
	}
	if got := r.show(tip1, "flake.nix"); got != wantNix {
		t.Error("the bot branch's flake.nix is not what apply writes")
	}
	if got := r.show(tip1, "README.md"); got != "laptop" {
		t.Errorf("README.md on the bot branch = %q", got)
	}
	prs := r.prs()
	if len(prs) != 1 || prs[0].State != "open" || prs[0].Head.Ref != bot || prs[0].Base.Ref != "main" || !prbody.IsBot(prs[0].Body) {
		t.Fatalf("pull requests after the first run: %+v", prs)
	}
	if prs[0].Title != "flake.lock: unify nixpkgs (4 copies → 1)" {
		t.Errorf("title %q", prs[0].Title)
	}
	body1 := prs[0].Body

	// Re-run with the same plan: nothing pushed, nothing edited.
	out = r.mustPR()
	if !strings.Contains(out, "is up to date") || strings.Contains(out, "pushed") || strings.Contains(out, "updated pull request") {
		t.Errorf("re-run:\n%s", out)
	}
	if r.remote(bot) != tip1 {
		t.Error("the re-run moved the bot branch")
	}
	if prs := r.prs(); len(prs) != 1 || prs[0].Body != body1 {
		t.Error("the re-run changed the pull request")
	}

	// Upstream brought a new nixpkgs copy (devshell's own): the same PR is
	// updated, the branch force-pushed on the new base.
	nix2, lock2 := readDemo(t)
	base2 := r.commit("devshell: follow upstream", map[string][]byte{"flake.nix": nix2, "flake.lock": lock2})
	out = r.mustPR()
	if !strings.Contains(out, "updated pull request #1") || !strings.Contains(out, "pushed") {
		t.Errorf("after a new copy:\n%s", out)
	}
	tip2 := r.remote(bot)
	if parent := r.git(r.dir, "rev-parse", tip2+"^"); parent != base2 {
		t.Errorf("bot commit's parent = %s, want %s", parent, base2)
	}
	_, wantLock = expected(t, nix2, lock2)
	if r.show(tip2, "flake.lock") != wantLock {
		t.Error("the rebuilt branch's flake.lock is not what apply writes")
	}
	prs = r.prs()
	if len(prs) != 1 || !strings.Contains(prs[0].Body, "devshell/nixpkgs") || prs[0].Body == body1 {
		t.Errorf("pull requests after a new copy: %d, body mentions devshell: %v", len(prs), len(prs) > 0 && strings.Contains(prs[0].Body, "devshell/nixpkgs"))
	}
	body2 := prs[0].Body

	// The base moved on (an unrelated commit): the branch is rebuilt on the
	// new tip; the description stays as it is.
	base3 := r.commit("docs", map[string][]byte{"README.md": []byte("laptop, documented\n")})
	out = r.mustPR()
	if !strings.Contains(out, "pushed") || !strings.Contains(out, "pull request #1 is up to date") {
		t.Errorf("after the base moved:\n%s", out)
	}
	tip3 := r.remote(bot)
	if parent := r.git(r.dir, "rev-parse", tip3+"^"); parent != base3 {
		t.Errorf("bot commit's parent = %s, want %s", parent, base3)
	}
	if r.show(tip3, "README.md") != "laptop, documented" {
		t.Error("the rebuilt branch lost the base's new README")
	}
	if prs := r.prs(); len(prs) != 1 || prs[0].Body != body2 {
		t.Error("the description changed although the plan did not")
	}

	// The owner unified by hand: nothing left to do. The open PR is left
	// alone by default and closed with a comment with --close-stale.
	r.commit("unify by hand", map[string][]byte{
		"flake.nix":  []byte(r.show(tip3, "flake.nix") + "\n"),
		"flake.lock": []byte(r.show(tip3, "flake.lock") + "\n"),
	})
	out = r.mustPR()
	if !strings.Contains(out, "nothing to do") || !strings.Contains(out, "left pull request #1 open") {
		t.Errorf("nothing to do:\n%s", out)
	}
	if prs := r.prs(); prs[0].State != "open" {
		t.Error("the PR was closed without --close-stale")
	}
	out = r.mustPR("--close-stale")
	if !strings.Contains(out, "closed pull request #1") {
		t.Errorf("--close-stale:\n%s", out)
	}
	if prs := r.prs(); len(prs) != 1 || prs[0].State != "closed" {
		t.Errorf("after --close-stale: %+v", prs)
	}
	if cs := srv.Comments(t, r.name, 1); len(cs) != 1 || !strings.Contains(cs[0].Body, "no unification") {
		t.Errorf("comments: %+v", cs)
	}

	// Idempotent: once more, nothing happens.
	tip := r.remote(bot)
	out = r.mustPR("--close-stale")
	if !strings.Contains(out, "nothing to do") || strings.Contains(out, "pull request") {
		t.Errorf("final re-run:\n%s", out)
	}
	if r.remote(bot) != tip || len(r.prs()) != 1 {
		t.Error("the final re-run changed something")
	}
}

func TestPRGiteaRefusals(t *testing.T) {
	srv := giteatest.Start(t)
	r := newBotRepo(t, srv, "refusals")
	nix, lock := readDemo(t)
	r.commit("initial", map[string][]byte{"flake.nix": nix, "flake.lock": lock})

	cases := []struct {
		name, token, want, hint string
	}{
		{"missing", "", "no gitea token: $GITEA_TOKEN is empty or unset", "GITEA_TOKEN"},
		{"wrong", "0123456789abcdef0123456789abcdef01234567", "", "token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("GITEA_TOKEN", c.token)
			out, errOut, code := r.pr()
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s%s", code, out, errOut)
			}
			t.Logf("stderr:\n%s", errOut)
			if !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "hint:") || !strings.Contains(errOut, c.hint) {
				t.Errorf("stderr:\n%s", errOut)
			}
			if c.token != "" && strings.Contains(out+errOut, c.token) {
				t.Error("the token appears in the output")
			}
			if r.remote("flake-unify/nixpkgs") != "" || len(r.prs()) != 0 {
				t.Error("a refused run pushed or opened something")
			}
		})
	}
}

// TestPRGiteaBodyLimit: the biggest real lock (424 nodes; its lock diff
// alone is far over 65,536 characters) still gets a pull request whose
// description fits, with the lock diff cut.
func TestPRGiteaBodyLimit(t *testing.T) {
	var big *corpus.Lock
	for _, l := range corpus.Locks(t) {
		if l.Version >= 5 && (big == nil || l.NodeCount > big.NodeCount) {
			big = l
		}
	}
	srv := giteatest.Start(t)
	t.Setenv("GITEA_TOKEN", srv.Token)
	r := newBotRepo(t, srv, "big")
	r.commit("initial", map[string][]byte{"flake.lock": big.Data})
	out := r.mustPR("--lock-only")
	if !strings.Contains(out, "opened pull request #1") {
		t.Fatalf("%s", out)
	}
	_, wantLock := expected(t, nil, big.Data, "--lock-only")
	if r.show(r.remote("flake-unify/nixpkgs"), "flake.lock") != wantLock {
		t.Error("the bot branch's flake.lock is not what apply writes")
	}
	prs := r.prs()
	if len(prs) != 1 {
		t.Fatalf("%d pull requests", len(prs))
	}
	body := prs[0].Body
	if n := utf8.RuneCountInString(body); n > prbody.GitHubLimit || n < prbody.GitHubLimit/2 {
		t.Errorf("body has %d characters; want it filled up to at most %d", n, prbody.GitHubLimit)
	}
	if !strings.Contains(body, "more lines") || !prbody.IsBot(body) {
		t.Error("the lock diff is not cut with a note, or the marker is missing")
	}
	if out := r.mustPR("--lock-only"); !strings.Contains(out, "pull request #1 is up to date") {
		t.Errorf("re-run:\n%s", out)
	}
}
