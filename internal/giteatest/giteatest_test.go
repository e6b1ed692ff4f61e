package giteatest

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// git runs the git executable in dir with a hermetic configuration plus env.
func git(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+dir,
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func mustGit(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := git(t, dir, env, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func needGit(t *testing.T) {
	testenv.Need(t, "git")
}

// TestServer drives one server the way the bot's tests will: a repository
// made through the API, commits pushed with the git executable over HTTP
// with the token, the branches seen through the API, a pull request opened.
func TestServer(t *testing.T) {
	needGit(t)
	s := Start(t)

	var version struct{ Version string }
	if s.API(t, "GET", "/version", nil, &version); version.Version != Version {
		t.Errorf("server version %q, want %q", version.Version, Version)
	}
	var me struct {
		Login   string `json:"login"`
		IsAdmin bool   `json:"is_admin"`
	}
	if st := s.API(t, "GET", "/user", nil, &me); st != http.StatusOK || me.Login != s.User || !me.IsAdmin {
		t.Errorf("GET /user with the token: %d %+v, want the admin %s", st, me, s.User)
	}

	clone := s.CreateRepo(t, "demo")
	if want := s.URL + "/" + s.User + "/demo.git"; clone != want {
		t.Errorf("clone URL %q, want %q", clone, want)
	}
	repo := s.User + "/demo"

	work := t.TempDir()
	mustGit(t, work, nil, "init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(work, "flake.nix"), []byte("{ outputs = _: { }; }\n"), 0o644)
	mustGit(t, work, nil, "add", "flake.nix")
	mustGit(t, work, nil, "commit", "-q", "-m", "init")
	mainSHA := mustGit(t, work, nil, "rev-parse", "HEAD")

	// Without the credentials the push is refused: GitEnv is what authorises it.
	if out, err := git(t, work, []string{"GIT_TERMINAL_PROMPT=0"}, "push", clone, "main"); err == nil {
		t.Fatalf("push without credentials succeeded:\n%s", out)
	}
	mustGit(t, work, s.GitEnv(), "push", "-q", clone, "main")
	// Gitea is behind git for a moment after each push; WaitBranch waits that out.
	t.Logf("main seen through the API %v after the push", s.WaitBranch(t, repo, "main", mainSHA))

	mustGit(t, work, nil, "switch", "-q", "-c", "update")
	os.WriteFile(filepath.Join(work, "flake.lock"), []byte("{}\n"), 0o644)
	mustGit(t, work, nil, "add", "flake.lock")
	mustGit(t, work, nil, "commit", "-q", "-m", "lock")
	headSHA := mustGit(t, work, nil, "rev-parse", "HEAD")
	mustGit(t, work, s.GitEnv(), "push", "-q", clone, "update")
	t.Logf("update seen through the API %v after the push", s.WaitBranch(t, repo, "update", headSHA))
	if cfg, _ := os.ReadFile(filepath.Join(work, ".git", "config")); strings.Contains(string(cfg), s.Token) {
		t.Errorf("the token was written to .git/config")
	}

	pr := s.CreatePullRequest(t, repo, "main", "update", "flake.lock: unify nixpkgs", "body")
	prs := s.PullRequests(t, repo)
	if len(prs) != 1 {
		t.Fatalf("%d pull requests, want 1: %+v", len(prs), prs)
	}
	got := prs[0]
	if got.Number != pr.Number || got.State != "open" || got.Title != "flake.lock: unify nixpkgs" ||
		got.Head.Ref != "update" || got.Head.SHA != headSHA || got.Base.Ref != "main" ||
		!strings.HasPrefix(got.HTMLURL, s.URL+"/") {
		t.Errorf("pull request %+v, want #%d open, update (%s) into main", got, pr.Number, headSHA)
	}

	s.must(t, http.StatusCreated, "POST", fmt.Sprintf("/repos/%s/issues/%d/comments", repo, pr.Number), map[string]string{"body": "superseded"}, nil)
	if cs := s.Comments(t, repo, pr.Number); len(cs) != 1 || cs[0].Body != "superseded" || cs[0].User.Login != s.User {
		t.Errorf("comments %+v, want one by %s", cs, s.User)
	}
}

// TestTokens: the scopes are enforced, so tests of the bot can rely on
// Token doing what the bot needs and nothing more, a narrow token being
// refused, and a wrong one being unauthorised.
func TestTokens(t *testing.T) {
	s := Start(t)
	s.CreateRepo(t, "demo")
	repo := "/repos/" + s.User + "/demo"
	narrow := &Server{URL: s.URL, Token: s.NewToken(t, "narrow", "read:user"), client: s.client}
	wrong := &Server{URL: s.URL, Token: strings.Repeat("0", 40), client: s.client}
	for _, c := range []struct {
		name         string
		s            *Server
		method, path string
		in           any
		want         int
	}{
		{"Token reads the user", s, "GET", "/user", nil, http.StatusOK},
		{"Token edits the repository", s, "PATCH", repo, map[string]string{"description": "d"}, http.StatusOK},
		{"Token opens an issue", s, "POST", repo + "/issues", map[string]string{"title": "t"}, http.StatusCreated},
		{"Token may not create repositories (write:user)", s, "POST", "/user/repos", map[string]string{"name": "x"}, http.StatusForbidden},
		{"narrow token reads the user", narrow, "GET", "/user", nil, http.StatusOK},
		{"narrow token may not read the repository", narrow, "GET", repo, nil, http.StatusForbidden},
		{"narrow token may not open an issue", narrow, "POST", repo + "/issues", map[string]string{"title": "t"}, http.StatusForbidden},
		{"wrong token", wrong, "GET", "/user", nil, http.StatusUnauthorized},
	} {
		if got := c.s.API(t, c.method, c.path, c.in, nil); got != c.want {
			t.Errorf("%s: %s %s: status %d, want %d", c.name, c.method, c.path, got, c.want)
		}
	}
}

// BenchmarkStart measures Start until the API answers: "first" as the first
// Start of a test process (migrate, admin user and token, then gitea web),
// "seeded" as every later one (a copy of that database, then gitea web).
// Stopping is not timed.
func BenchmarkStart(b *testing.B) {
	for _, bc := range []struct {
		name  string
		fresh bool
	}{{"first", true}, {"seeded", false}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if bc.fresh {
					seedMu.Lock()
					seeded = nil
					seedMu.Unlock()
				}
				s := launch(b)
				b.StopTimer()
				s.close(b)
				b.StartTimer()
			}
		})
	}
}
