package gitserver

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// git runs the git CLI hermetically in dir, with extra environment.
func git(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0",
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.org")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := git(t, dir, nil, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func withUser(t *testing.T, raw, user, pass string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(user, pass)
	return u.String()
}

func pushes(rs []Request) int {
	n := 0
	for _, r := range rs {
		if r.Push() {
			n++
		}
	}
	return n
}

func TestPushCloneAndLog(t *testing.T) {
	s := New(t, Options{})
	u := s.Init(t, "owner/repo")
	if want := s.URL() + "/owner/repo.git"; u != want {
		t.Fatalf("Init = %s, want %s", u, want)
	}
	work := t.TempDir()
	mustGit(t, work, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(work, "f"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGit(t, work, "add", "f")
	mustGit(t, work, "commit", "-q", "-m", "one")
	head := mustGit(t, work, "rev-parse", "HEAD")
	mustGit(t, work, "push", "-q", u, "main")
	if got := mustGit(t, s.Path("owner/repo"), "rev-parse", "main"); got != head {
		t.Errorf("server main = %s, want %s", got, head)
	}
	if got := pushes(s.Requests()); got != 1 {
		t.Errorf("%d pushes logged, want 1: %+v", got, s.Requests())
	}

	clone := filepath.Join(t.TempDir(), "c")
	mustGit(t, "", "clone", "-q", u, clone)
	if got := mustGit(t, clone, "rev-parse", "HEAD"); got != head {
		t.Errorf("clone HEAD = %s, want %s", got, head)
	}
	if got := pushes(s.Requests()); got != 1 {
		t.Errorf("a clone was logged as a push")
	}
	var fetched bool
	for _, r := range s.Requests() {
		fetched = fetched || (r.Service == "git-upload-pack" && r.Method == "POST" && r.Status == 200)
	}
	if !fetched {
		t.Errorf("no upload-pack POST logged: %+v", s.Requests())
	}
}

func TestAuth(t *testing.T) {
	s := New(t, Options{User: "bot", Token: "s3cret-write", ReadToken: "s3cret-read"})
	u := s.Init(t, "o/r")
	work := t.TempDir()
	mustGit(t, work, "init", "-q", "-b", "main")
	mustGit(t, work, "commit", "-q", "--allow-empty", "-m", "one")

	for _, tc := range []struct {
		name, url string
		status    int // of the last request
		ok        bool
	}{
		{"no credentials", u, 401, false},
		{"wrong token", withUser(t, u, "bot", "nope"), 401, false},
		{"wrong user", withUser(t, u, "other", "s3cret-write"), 401, false},
		{"read token", withUser(t, u, "bot", "s3cret-read"), 403, false},
		{"write token", withUser(t, u, "bot", "s3cret-write"), 200, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(s.Requests())
			out, err := git(t, work, nil, "push", "-q", tc.url, "main")
			if (err == nil) != tc.ok {
				t.Fatalf("push err = %v, want ok=%v\n%s", err, tc.ok, out)
			}
			rs := s.Requests()[before:]
			if len(rs) == 0 || rs[len(rs)-1].Status != tc.status {
				t.Errorf("requests %+v, want the last with status %d", rs, tc.status)
			}
			if rs[len(rs)-1].User != "" && rs[len(rs)-1].User != "bot" && tc.name != "wrong user" {
				t.Errorf("user logged as %q", rs[len(rs)-1].User)
			}
		})
	}
	// The read token may fetch.
	if out, err := git(t, "", nil, "ls-remote", withUser(t, u, "bot", "s3cret-read")); err != nil || !strings.Contains(out, "refs/heads/main") {
		t.Errorf("ls-remote with the read token: %v\n%s", err, out)
	}
}
