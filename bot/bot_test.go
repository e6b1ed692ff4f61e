package bot

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/gitops"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
	"github.com/flake-unify/flake-unify/internal/gitserver"
	"github.com/flake-unify/flake-unify/internal/gittest"
)

const (
	botToken  = "ghs_bot-token-0123456789abcdef"
	readToken = "ghs_read-only-token-fedcba9876543210"
	botUser   = "x-access-token"
)

// botWorld is a forge (the git server), the maintainers' work tree that
// pushes to it behind the bot's back, and the bot's checkout.
type botWorld struct {
	srv    *gitserver.Server
	url    string // the repository's URL on the server
	bare   *gittest.Repo
	seed   *gittest.Repo
	clone  *gittest.Repo
	prefix string
}

// newBotWorld publishes a flake (in prefix) on a server that requires the
// bot's token, and clones it as CI would: shallow when asked, origin
// pointing at the server.
func newBotWorld(t *testing.T, prefix string, shallow bool) *botWorld {
	t.Helper()
	gittest.Hermetic(t)
	w := &botWorld{srv: gitserver.New(t, gitserver.Options{User: botUser, Token: botToken, ReadToken: readToken}), prefix: prefix}
	w.url = w.srv.Init(t, "owner/flake")
	w.bare = &gittest.Repo{T: t, Dir: w.srv.Path("owner/flake")}
	w.seed = gittest.NewRepo(t, gittest.BaseFiles(prefix))
	w.seed.Git("push", "-q", w.bare.Dir, "main")
	// A second commit, so a shallow clone really is one.
	w.seed.Write("README.md", "readme, second version\n")
	w.seed.Git("commit", "-q", "-am", "second")
	w.seed.Git("push", "-q", w.bare.Dir, "main")

	dir := filepath.Join(t.TempDir(), "checkout")
	args := []string{"clone", "-q"}
	if shallow {
		args = append(args, "--depth=1")
	}
	(&gittest.Repo{T: t, Dir: t.TempDir()}).Git(append(args, "file://"+w.bare.Dir, dir)...)
	w.clone = &gittest.Repo{T: t, Dir: dir}
	w.clone.Git("remote", "set-url", "origin", w.url)
	if _, err := os.Stat(filepath.Join(dir, ".git", "shallow")); shallow && err != nil {
		t.Fatal("the clone is not shallow")
	}
	return w
}

func (w *botWorld) request(mode gitops.Mode) *Request {
	return &Request{Dir: w.clone.Path(w.prefix), Remote: Remote{Token: botToken}, Mode: mode}
}

// maintainerCommit commits a change to main on the server, behind the
// bot's back.
func (w *botWorld) maintainerCommit(file, content string) string {
	w.seed.Write(file, content)
	w.seed.Git("add", file)
	w.seed.Git("commit", "-q", "-m", "maintainer: "+file)
	w.seed.Git("push", "-q", w.bare.Dir, "main")
	return w.seed.Git("rev-parse", "HEAD")
}

// pushes counts receive-pack POSTs since the n-th request.
func (w *botWorld) pushes(n int) int {
	c := 0
	for _, r := range w.srv.Requests()[n:] {
		if r.Push() {
			c++
		}
	}
	return c
}

type botRun struct {
	s      *State
	c      *Commit
	pushed bool
}

// run is one bot run: fetch, check the base's files, prepare, push.
func (w *botWorld) run(t *testing.T, req *Request, nix, lock string) (botRun, error) {
	t.Helper()
	ctx := context.Background()
	s, err := Fetch(ctx, req)
	if err != nil {
		return botRun{}, err
	}
	got, err := s.ReadFile("flake.lock")
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	if want := w.bare.Git("show", s.BaseCommit+":"+path.Join(w.prefix, "flake.lock")) + "\n"; string(got) != want {
		t.Errorf("ReadFile(flake.lock) differs from the base's")
	}
	c, err := Prepare(ctx, req, s, []gitops.Change{{Path: "flake.nix", Content: []byte(nix)}, {Path: "flake.lock", Content: []byte(lock)}}, gittest.Subject, gittest.Body)
	if err != nil {
		return botRun{s: s}, err
	}
	pushed, err := Push(ctx, req, s, c)
	return botRun{s, c, pushed}, err
}

// checkBotBranch checks the server's bot branch: one commit on base,
// holding the given contents, with the message git's diffstat makes.
func (w *botWorld) checkBotBranch(t *testing.T, r botRun, base, nix, lock string) {
	t.Helper()
	if got := w.bare.Git("rev-parse", DefaultBranch); got != r.c.Hash {
		t.Errorf("server %s = %s, want %s", DefaultBranch, got, r.c.Hash)
	}
	if got := w.bare.Git("rev-list", "--parents", "-n1", DefaultBranch); got != r.c.Hash+" "+base {
		t.Errorf("commit and parents = %s, want parent %s", got, base)
	}
	for p, c := range map[string]string{"flake.nix": nix, "flake.lock": lock} {
		if got := w.bare.Git("show", DefaultBranch+":"+path.Join(w.prefix, p)) + "\n"; got != c {
			t.Errorf("%s on the bot branch =\n%s", p, got)
		}
	}
	if got := w.bare.Git("diff", "--name-only", base, DefaultBranch); got != strings.Join(r.c.Files, "\n") {
		t.Errorf("changed files %q, Files %q", got, r.c.Files)
	}
	wantMsg := gittest.Subject + "\n\n" + strings.TrimSpace(gittest.Body) + "\n\n" + w.bare.Git("diff", "--stat=72", base, DefaultBranch)
	if got := w.bare.Git("log", "-1", "--format=%B", DefaultBranch); got != wantMsg {
		t.Errorf("message:\n%s\nwant:\n%s", got, wantMsg)
	}
	if got := w.bare.Git("log", "-1", "--format=%an <%ae>|%cn <%ce>", DefaultBranch); got != "Flake Tester <tester@example.org>|Flake Tester <tester@example.org>" {
		t.Errorf("author|committer = %s", got)
	}
}

// untouched is what the bot must leave as it is in the checkout: HEAD,
// the index and local branches byte for byte, and the work tree.
type untouched struct {
	head, index []byte
	refs        string
	snap        gittest.Snapshot
}

func takeUntouched(r *gittest.Repo) untouched {
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(r.Dir, ".git", p))
		if err != nil {
			r.T.Fatal(err)
		}
		return b
	}
	return untouched{
		head:  read("HEAD"),
		index: read("index"),
		refs:  r.Git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"),
		snap:  r.Snapshot("README.md", "flake.nix", "flake.lock", "notes.txt"),
	}
}

func (u untouched) check(t *testing.T, r *gittest.Repo) {
	t.Helper()
	now := takeUntouched(r)
	if !bytes.Equal(now.head, u.head) || !bytes.Equal(now.index, u.index) || now.refs != u.refs {
		t.Errorf("HEAD, index or local refs changed:\nHEAD %q → %q\nrefs %q → %q\nindex equal: %v",
			u.head, now.head, u.refs, now.refs, bytes.Equal(now.index, u.index))
	}
	if now.snap.Status != u.snap.Status || now.snap.Head != u.snap.Head || len(now.snap.Files) != len(u.snap.Files) {
		t.Errorf("work tree changed: status %q → %q", u.snap.Status, now.snap.Status)
	}
	for p, c := range u.snap.Files {
		if now.snap.Files[p] != c {
			t.Errorf("%s changed in the work tree", p)
		}
	}
}

// checkNoSecret fails when the token, or its Basic header, is in any file
// under .git.
func checkNoSecret(t *testing.T, gitDir string) {
	t.Helper()
	secrets := [][]byte{[]byte(botToken), []byte(base64.StdEncoding.EncodeToString([]byte(botUser + ":" + botToken)))}
	err := filepath.WalkDir(gitDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if bytes.Contains(b, s) {
				t.Errorf("the token is in %s", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFlow runs the bot's life against a real git server: the first
// push, an idempotent re-run, changed content, a lost lease, and a base
// that moved on; in a full and a shallow clone, with the flake at the top
// or in a subdirectory, with each back end.
func TestFlow(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    gitops.Mode
		prefix  string
		shallow bool
	}{
		{"go", gitops.GoGit, "", false},
		{"exec", gitops.Exec, "", false},
		{"auto/subdirectory", gitops.Auto, "hosts/nix", false},
		{"exec/subdirectory", gitops.Exec, "hosts/nix", false},
		{"go/shallow", gitops.GoGit, "", true},
		{"exec/shallow", gitops.Exec, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newBotWorld(t, tc.prefix, tc.shallow)
			// Work in progress in the checkout, which the bot must not touch.
			w.clone.Write("README.md", "local edit\n")
			w.clone.Write("notes.txt", "untracked\n")
			before := takeUntouched(w.clone)
			req := w.request(tc.mode)
			base := w.bare.Git("rev-parse", "main")

			// 1. The first run creates the bot branch.
			n := len(w.srv.Requests())
			r, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if err != nil {
				t.Fatal(err)
			}
			wantMode := tc.mode
			if tc.mode == gitops.Auto {
				wantMode = gitops.GoGit
			}
			if !r.pushed || r.c.UpToDate || r.s.Mode != wantMode || r.s.Base != "main" || r.s.BaseCommit != base || r.s.Remote != "origin" {
				t.Fatalf("first run: pushed %v, state %+v, commit %+v", r.pushed, r.s, r.c)
			}
			if got := w.pushes(n); got != 1 {
				t.Errorf("first run made %d pushes", got)
			}
			w.checkBotBranch(t, r, base, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if got := w.clone.Git("rev-parse", "refs/remotes/origin/"+DefaultBranch); got != r.c.Hash {
				t.Errorf("tracking ref = %s, want %s", got, r.c.Hash)
			}

			// 2. The same changes again: up to date, nothing pushed.
			n = len(w.srv.Requests())
			r2, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if err != nil {
				t.Fatal(err)
			}
			if r2.pushed || !r2.c.UpToDate || r2.c.Hash != r.c.Hash || r2.s.BranchCommit != r.c.Hash {
				t.Errorf("re-run: pushed %v, commit %+v", r2.pushed, r2.c)
			}
			for _, rq := range w.srv.Requests()[n:] {
				if rq.Service == "git-receive-pack" {
					t.Errorf("re-run talked to receive-pack: %+v", rq)
				}
			}

			// 3. Changed content replaces the commit, still on the base.
			lock3 := strings.Replace(gittest.FlakeLockNew, `"rev": "cccc"`, `"rev": "dddd"`, 1)
			r3, err := w.run(t, req, gittest.FlakeNixNew, lock3)
			if err != nil {
				t.Fatal(err)
			}
			if !r3.pushed || r3.c.UpToDate || r3.c.Hash == r.c.Hash {
				t.Fatalf("changed content: pushed %v, commit %+v", r3.pushed, r3.c)
			}
			w.checkBotBranch(t, r3, base, gittest.FlakeNixNew, lock3)

			// 4. Someone pushes to the bot branch between Fetch and Push:
			// the lease refuses, the remote keeps their commit.
			ctx := context.Background()
			s, err := Fetch(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Prepare(ctx, req, s, []gitops.Change{{Path: "flake.nix", Content: []byte(gittest.FlakeNix)}, {Path: "flake.lock", Content: []byte(gittest.FlakeLockNew)}}, gittest.Subject, gittest.Body)
			if err != nil {
				t.Fatal(err)
			}
			w.seed.Git("fetch", "-q", w.bare.Dir, DefaultBranch)
			w.seed.Git("commit-tree", "-m", "by hand", "-p", "FETCH_HEAD", "FETCH_HEAD^{tree}")
			theirs := w.seed.Git("commit-tree", "-m", "by hand", "-p", "FETCH_HEAD", "FETCH_HEAD^{tree}")
			w.seed.Git("push", "-q", w.bare.Dir, theirs+":refs/heads/"+DefaultBranch)
			pushed, err := Push(ctx, req, s, c)
			var de *diag.Error
			if pushed || !errors.As(err, &de) || !strings.Contains(de.What, "someone else moved the bot branch") || de.Hint == "" {
				t.Fatalf("push after someone else's: pushed %v, err %v", pushed, err)
			}
			if !strings.Contains(de.Why, shortHash(r3.c.Hash)) || !strings.Contains(de.Why, shortHash(theirs)) {
				t.Errorf("lease error names neither commit: %v", err)
			}
			if got := w.bare.Git("rev-parse", DefaultBranch); got != theirs {
				t.Errorf("remote bot branch = %s after a refused push, want theirs %s", got, theirs)
			}

			// 5. The base moved on: the next run rebuilds on the new base
			// and replaces their commit.
			newBase := w.maintainerCommit("CHANGELOG.md", "a change on main\n")
			r5, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if err != nil {
				t.Fatal(err)
			}
			if !r5.pushed || r5.s.BaseCommit != newBase || r5.s.BranchCommit != r5.c.Hash {
				t.Fatalf("new base: pushed %v, state %+v", r5.pushed, r5.s)
			}
			w.checkBotBranch(t, r5, newBase, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if got := w.bare.Git("rev-parse", "main"); got != newBase {
				t.Errorf("the bot moved main to %s", got)
			}

			before.check(t, w.clone)
			checkNoSecret(t, filepath.Join(w.clone.Dir, ".git"))
		})
	}
}

// TestFileRemote pushes to a repository named by a file:// URL, with
// either back end.
func TestFileRemote(t *testing.T) {
	for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
		t.Run(mode.String(), func(t *testing.T) {
			w := newBotWorld(t, "", false)
			req := &Request{Dir: w.clone.Dir, Remote: Remote{URL: "file://" + w.bare.Dir}, Mode: mode}
			r, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if err != nil {
				t.Fatal(err)
			}
			if !r.pushed || r.s.Mode != mode {
				t.Fatalf("pushed %v, mode %v", r.pushed, r.s.Mode)
			}
			w.checkBotBranch(t, r, w.bare.Git("rev-parse", "main"), gittest.FlakeNixNew, gittest.FlakeLockNew)
			r2, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if err != nil || r2.pushed || !r2.c.UpToDate {
				t.Errorf("re-run: pushed %v, err %v", r2.pushed, err)
			}
		})
	}
}

// TestAuth: every way the token can be wrong gives a *diag.Error whose
// text and hint never contain it, and changes nothing on the server.
func TestAuth(t *testing.T) {
	for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
		for _, tc := range []struct {
			name      string
			remote    Remote
			fetchFail bool   // fails in Fetch rather than in Push
			hint      string // a part of the hint
		}{
			{"missing token", Remote{}, true, "pass a token"},
			{"wrong token", Remote{Token: botToken + "x"}, true, "wrong, expired or revoked"},
			{"wrong user", Remote{Token: botToken, Username: "oauth2"}, true, "(oauth2)"},
			{"read-only token", Remote{Token: readToken}, false, "contents: write"},
		} {
			t.Run(mode.String()+"/"+tc.name, func(t *testing.T) {
				w := newBotWorld(t, "", false)
				req := &Request{Dir: w.clone.Dir, Remote: tc.remote, Mode: mode}
				r, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
				if err == nil {
					t.Fatal("no error")
				}
				if tc.fetchFail != (r.s == nil) {
					t.Errorf("failed in Fetch: %v, want %v (%v)", r.s == nil, tc.fetchFail, err)
				}
				var de *diag.Error
				if !errors.As(err, &de) || !strings.Contains(de.Hint, tc.hint) {
					t.Errorf("err = %#v, want a *diag.Error with a hint containing %q", err, tc.hint)
				}
				text := err.Error() + "\n" + diag.Hint(err)
				// The cause stays reachable: go-git's transport error, or
				// the git command's exit; printed, it shows no token either.
				var exit *exec.ExitError
				if cause := errors.Unwrap(err); cause == nil ||
					(mode == gitops.GoGit && !errors.Is(err, transport.ErrAuthenticationRequired) && !errors.Is(err, transport.ErrAuthorizationFailed)) ||
					(mode == gitops.Exec && !errors.As(err, &exit)) {
					t.Errorf("the cause is lost: %v (%T)", cause, cause)
				} else {
					text += "\n" + cause.Error()
				}
				for _, secret := range []string{botToken, readToken, base64.StdEncoding.EncodeToString([]byte(botUser + ":" + readToken))} {
					if strings.Contains(text, secret) {
						t.Errorf("the token is in the error:\n%s", text)
					}
				}
				if !strings.Contains(text, w.url) {
					t.Errorf("the error does not name the remote:\n%s", text)
				}
				if _, err := w.bare.TryGit("rev-parse", "--verify", "-q", DefaultBranch); err == nil {
					t.Errorf("the bot branch was created")
				}
				checkNoSecret(t, filepath.Join(w.clone.Dir, ".git"))
			})
		}
	}
}

// TestRefusals: bad requests and repositories get clear errors and
// change nothing.
func TestRefusals(t *testing.T) {
	w := newBotWorld(t, "", false)
	before := takeUntouched(w.clone)
	outside := t.TempDir()
	for _, tc := range []struct {
		name string
		req  *Request
		what string
		hint string
	}{
		{"not a repository", &Request{Dir: outside}, "not in a git repository", "clone"},
		{"unknown remote", &Request{Dir: w.clone.Dir, Remote: Remote{Name: "upstream"}}, `no remote named "upstream"`, "git remote -v"},
		{"base missing", &Request{Dir: w.clone.Dir, Remote: Remote{Token: botToken}, Base: "release-24.05"}, "branch release-24.05 not found on the remote", "base branch"},
		{"bot branch is the base", &Request{Dir: w.clone.Dir, Remote: Remote{Token: botToken}, Branch: "main"}, "is the base branch", "branch of its own"},
		{"invalid branch", &Request{Dir: w.clone.Dir, Branch: "a..b"}, "invalid branch name", "check-ref-format"},
		{"no repository at the URL", &Request{Dir: w.clone.Dir, Remote: Remote{URL: w.srv.URL() + "/owner/nothing.git", Token: botToken}}, "no repository at", "check the remote's URL"},
	} {
		for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
			t.Run(tc.name+"/"+mode.String(), func(t *testing.T) {
				req := *tc.req
				req.Mode = mode
				_, err := Fetch(context.Background(), &req)
				var de *diag.Error
				if !errors.As(err, &de) || !strings.Contains(de.What, tc.what) || !strings.Contains(de.Hint, tc.hint) {
					t.Errorf("err = %v (hint %q), want %q with a hint about %q", err, diag.Hint(err), tc.what, tc.hint)
				}
			})
		}
	}
	before.check(t, w.clone)
	if got := w.clone.Git("for-each-ref", "refs/remotes/origin/"+DefaultBranch); got != "" {
		t.Errorf("a tracking ref appeared: %s", got)
	}
}

// TestReadFileMissing: a file the base does not have is fs.ErrNotExist.
func TestReadFileMissing(t *testing.T) {
	for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
		t.Run(mode.String(), func(t *testing.T) {
			w := newBotWorld(t, "sub", false)
			s, err := Fetch(context.Background(), &Request{Dir: w.clone.Path("sub"), Remote: Remote{Token: botToken}, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"missing.nix", "nested/missing.nix", "flake.nix/x"} {
				if _, err := s.ReadFile(name); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("ReadFile(%s) = %v, want fs.ErrNotExist", name, err)
				}
			}
			if b, err := s.ReadFile("flake.nix"); err != nil || string(b) != gittest.FlakeNix {
				t.Errorf("ReadFile(flake.nix) = %q, %v", b, err)
			}
		})
	}
}

// TestEmptyAndIdentity: changes equal to the base are Empty and push
// nothing; without a configured identity the commit is the bot's.
func TestEmptyAndIdentity(t *testing.T) {
	w := newBotWorld(t, "", false)
	req := w.request(gitops.GoGit)
	n := len(w.srv.Requests())
	r, err := w.run(t, req, gittest.FlakeNix, gittest.FlakeLock)
	if err != nil {
		t.Fatal(err)
	}
	if !r.c.Empty || r.pushed || r.c.Hash != "" || w.pushes(n) != 0 {
		t.Errorf("unchanged files: pushed %v, commit %+v", r.pushed, r.c)
	}

	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "empty"))
	r, err = w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLock)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.bare.Git("log", "-1", "--format=%an <%ae>|%cn <%ce>", DefaultBranch); got != Name+" <"+Email+">|"+Name+" <"+Email+">" {
		t.Errorf("author|committer = %s, want the bot's", got)
	}
	if got := w.bare.Git("diff", "--name-only", "main", DefaultBranch); got != "flake.nix" {
		t.Errorf("committed %q, want only flake.nix", got)
	}
}

// TestWithCredentials: the token goes after configuration already in the
// environment, replaces askpass, and appears in no argument.
func TestWithCredentials(t *testing.T) {
	c := newCredentials(&Remote{Token: "t0k/+"})
	env := withCredentials([]string{"PATH=/bin", "GIT_ASKPASS=x", "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=a.b", "GIT_CONFIG_VALUE_0=c"},
		[]string{"https://h/o/r", "https://h/o/r"}, c)
	want := []string{"PATH=/bin", "GIT_CONFIG_KEY_0=a.b", "GIT_CONFIG_VALUE_0=c",
		"GIT_CONFIG_KEY_1=http.https://h/o/r.extraHeader", "GIT_CONFIG_VALUE_1=",
		"GIT_CONFIG_KEY_2=http.https://h/o/r.extraHeader", "GIT_CONFIG_VALUE_2=Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("x-access-token:t0k/+")),
		"GIT_CONFIG_KEY_3=credential.helper", "GIT_CONFIG_VALUE_3=",
		"GIT_CONFIG_KEY_4=core.askPass", "GIT_CONFIG_VALUE_4=",
		"GIT_CONFIG_COUNT=5"}
	if strings.Join(env, "\n") != strings.Join(want, "\n") {
		t.Errorf("env:\n%s\nwant:\n%s", strings.Join(env, "\n"), strings.Join(want, "\n"))
	}
	basic := base64.StdEncoding.EncodeToString([]byte("x-access-token:t0k/+"))
	for in, want := range map[string]string{
		"token t0k/+ in " + basic:                 "token *** in ***",
		"url https://u:t0k%2F+@h/":                "url https://u:***@h/",
		"url https://u:t0k%2F%2B@h/":              "url https://u:***@h/",
		"header " + strings.TrimRight(basic, "="): "header ***",
	} {
		if got := c.redact(errors.New(in)).Error(); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
	de := c.redact(&diag.Error{What: "w t0k/+", Why: "y t0k/+", Hint: "h t0k/+"}).(*diag.Error)
	if de.What+de.Why+de.Hint != "w ***y ***h ***" {
		t.Errorf("redacted diag.Error: %+v", de)
	}
}

// TestLeaseRace: the branch moves after the push session read the
// remote's refs (a pre-receive hook moves it, as a concurrent push would).
// The update names the value Fetch saw as the old one, so receive-pack
// refuses it atomically, and the other commit stays.
func TestLeaseRace(t *testing.T) {
	for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
		t.Run(mode.String(), func(t *testing.T) {
			w := newBotWorld(t, "", false)
			req := w.request(mode)
			first, err := w.run(t, req, gittest.FlakeNixNew, gittest.FlakeLockNew)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			s, err := Fetch(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Prepare(ctx, req, s, []gitops.Change{{Path: "flake.nix", Content: []byte(gittest.FlakeNix)}, {Path: "flake.lock", Content: []byte(gittest.FlakeLockNew)}}, gittest.Subject, gittest.Body)
			if err != nil {
				t.Fatal(err)
			}
			theirs := w.seed.Git("commit-tree", "-m", "concurrent", "-p", "HEAD", "HEAD^{tree}")
			w.seed.Git("push", "-q", w.bare.Dir, theirs+":refs/heads/elsewhere")
			hook := "#!/bin/sh\ncat >/dev/null\nunset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES\n" +
				"exec git update-ref refs/heads/" + DefaultBranch + " " + theirs + "\n"
			gittest.WriteFile(t, filepath.Join(w.bare.Dir, "hooks", "pre-receive"), hook)
			if err := os.Chmod(filepath.Join(w.bare.Dir, "hooks", "pre-receive"), 0o755); err != nil {
				t.Fatal(err)
			}
			pushed, err := Push(ctx, req, s, c)
			var de *diag.Error
			if pushed || !errors.As(err, &de) || !strings.Contains(de.What, "someone else moved the bot branch") {
				t.Fatalf("pushed %v, err %v", pushed, err)
			}
			if !strings.Contains(de.Why, shortHash(first.c.Hash)) || !strings.Contains(de.Why, shortHash(theirs)) {
				t.Errorf("lease error does not name both commits: %v", err)
			}
			if got := w.bare.Git("rev-parse", DefaultBranch); got != theirs {
				t.Errorf("remote bot branch = %s, want the concurrent %s", got, theirs)
			}
			if s.BranchCommit != first.c.Hash {
				t.Errorf("a refused push moved State.BranchCommit")
			}
		})
	}
}

// TestMode: Auto works in process where go-git can, and names the
// reason when it runs git.
func TestMode(t *testing.T) {
	gittest.Hermetic(t)
	for _, tc := range []struct {
		name   string
		url    string
		config string // appended to the repository's config
		want   gitops.Mode
		reason string
	}{
		{"https", "https://github.com/o/r.git", "", gitops.GoGit, ""},
		{"http", "http://127.0.0.1:8080/o/r.git", "", gitops.GoGit, ""},
		{"file URL", "file:///srv/git/r.git", "", gitops.GoGit, ""},
		{"local path", "/srv/git/r.git", "", gitops.GoGit, ""},
		{"scp-like ssh", "git@github.com:o/r.git", "", gitops.Exec, "needs the git executable"},
		{"ssh URL", "ssh://git@example.org/o/r.git", "", gitops.Exec, "needs the git executable"},
		{"git protocol", "git://example.org/o/r.git", "", gitops.Exec, "needs the git executable"},
		{"partial clone", "https://github.com/o/r.git", "[extensions]\n\tpartialClone = origin\n", gitops.Exec, "extensions.partialclone"},
		{"signing", "https://github.com/o/r.git", "[commit]\n\tgpgSign = true\n", gitops.Exec, "commit.gpgSign"},
		{"pushurl over ssh", "https://github.com/o/r.git", "[remote \"origin\"]\n\tpushurl = git@github.com:o/r.git\n", gitops.Exec, "needs the git executable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := gittest.NewRepo(t, map[string]string{"flake.nix": gittest.FlakeNix})
			r.Git("remote", "add", "origin", tc.url)
			if tc.config != "" {
				f, err := os.OpenFile(r.Path(".git/config"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(tc.config)
				f.Close()
			}
			l, err := gitrepo.Find(r.Dir)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := gitrepo.LoadConfig(l)
			if err != nil {
				t.Fatal(err)
			}
			rm, err := resolveRemote(&Remote{}, cfg)
			if err != nil {
				t.Fatal(err)
			}
			got, reason, err := chooseMode(gitops.Auto, l, cfg, rm)
			if err != nil || got != tc.want || !strings.Contains(reason, tc.reason) || (tc.reason == "") != (reason == "") {
				t.Errorf("chooseMode = %v, %q, %v; want %v with a reason containing %q", got, reason, err, tc.want, tc.reason)
			}
		})
	}
}

// TestURLPassword: a password written into the URL is redacted like
// the token.
func TestURLPassword(t *testing.T) {
	const secret = "pw-in-the-url-0123456789"
	for _, mode := range []gitops.Mode{gitops.GoGit, gitops.Exec} {
		t.Run(mode.String(), func(t *testing.T) {
			w := newBotWorld(t, "", false)
			u := strings.Replace(w.url, "http://", "http://"+botUser+":"+secret+"@", 1)
			_, err := Fetch(context.Background(), &Request{Dir: w.clone.Dir, Remote: Remote{URL: u}, Mode: mode})
			var de *diag.Error
			if !errors.As(err, &de) || de.Hint == "" {
				t.Fatalf("err = %v, want a *diag.Error with a hint", err)
			}
			if text := err.Error() + diag.Hint(err); strings.Contains(text, secret) {
				t.Errorf("the password is in the error: %s", text)
			}
		})
	}
}

// TestExecStaleHeader: actions/checkout leaves an Authorization header
// for the forge in .git/config; with the git executable the bot's token
// replaces it instead of being sent second (which a server ignores).
func TestExecStaleHeader(t *testing.T) {
	w := newBotWorld(t, "", false)
	stale := base64.StdEncoding.EncodeToString([]byte(botUser + ":expired-token"))
	w.clone.Git("config", "http."+w.srv.URL()+"/.extraheader", "AUTHORIZATION: basic "+stale)
	r, err := w.run(t, w.request(gitops.Exec), gittest.FlakeNixNew, gittest.FlakeLockNew)
	if err != nil {
		t.Fatal(err)
	}
	if !r.pushed {
		t.Fatal("nothing pushed")
	}
	if got := w.clone.Git("config", "--get-all", "http."+w.srv.URL()+"/.extraheader"); got != "AUTHORIZATION: basic "+stale {
		t.Errorf("the checkout's header changed to %q", got)
	}
}
