package forge_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/forge"
	"github.com/flake-unify/flake-unify/internal/giteatest"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// The Gitea client against a real Gitea (internal/giteatest): what the fake
// forge of forge_test.go assumes about Gitea is checked here.

// recorder counts the exchanges a client has with the server; it observes
// the real traffic and changes nothing.
type recorder struct {
	mu   sync.Mutex
	log  []string // "METHOD /path STATUS"
	next http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	status := "error"
	if err == nil {
		status = fmt.Sprint(resp.StatusCode)
	}
	r.mu.Lock()
	r.log = append(r.log, req.Method+" "+req.URL.Path+" "+status)
	r.mu.Unlock()
	return resp, err
}

// since returns the exchanges after the first n.
func (r *recorder) since(n int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.log[n:]...)
}

func (r *recorder) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.log)
}

// liveRepo is a repository on a fresh Gitea and a clone that pushes to it.
type liveRepo struct {
	srv   *giteatest.Server
	repo  string // owner/name
	clone string
	work  string
	push  []string // environment of a push as the forge client's GitUser with the token
}

func newLiveRepo(t *testing.T, gitUser string, settings ...giteatest.Setting) *liveRepo {
	t.Helper()
	testenv.Need(t, "git")
	srv := giteatest.Start(t, settings...)
	r := &liveRepo{srv: srv, repo: srv.User + "/dotfiles", clone: srv.CreateRepo(t, "dotfiles"), work: t.TempDir(),
		push: giteatest.GitCredentialEnv(gitUser, srv.Token)}
	r.git(t, nil, "init", "-q", "-b", "main")
	r.commit(t, "flake.nix", "{ outputs = _: { }; }\n")
	return r
}

// pushMain pushes main and waits until Gitea has processed it: until then
// the repository counts as empty and Gitea answers 404 to every pulls call.
func (r *liveRepo) pushMain(t *testing.T) {
	t.Helper()
	r.git(t, r.push, "push", "-q", r.clone, "main")
	r.srv.WaitBranch(t, r.repo, "main", r.git(t, nil, "rev-parse", "main"))
}

func (r *liveRepo) git(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.work
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+r.work,
		"GIT_AUTHOR_NAME=flake-unify", "GIT_AUTHOR_EMAIL=bot@example.com",
		"GIT_COMMITTER_NAME=flake-unify", "GIT_COMMITTER_EMAIL=bot@example.com")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *liveRepo) commit(t *testing.T, file, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.work, file), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	r.git(t, nil, "add", file)
	r.git(t, nil, "commit", "-q", "-m", "change "+file)
}

// pushBranch commits on a new branch off main and pushes it, as the bot does
// right before it opens the pull request.
func (r *liveRepo) pushBranch(t *testing.T, branch string) {
	t.Helper()
	r.git(t, nil, "switch", "-q", "-c", branch, "main")
	r.commit(t, "flake.lock", "{\"branch\": \""+branch+"\"}\n")
	r.git(t, r.push, "push", "-q", r.clone, branch)
}

func (r *liveRepo) client(t *testing.T, token string, edit ...func(*forge.Config)) (forge.Forge, *recorder) {
	t.Helper()
	rec := &recorder{next: &http.Transport{}}
	cfg := forge.Config{Kind: "gitea", URL: r.srv.URL, Repo: r.repo, Token: token, HTTP: &http.Client{Transport: rec}}
	for _, e := range edit {
		e(&cfg)
	}
	f, err := forge.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return f, rec
}

const liveHead = "flake-unify/nixpkgs-5e2f6a1"

// TestGiteaLive runs the bot's sequence against Gitea 1.26: find none,
// create, find it, update nothing (no request), update the title, a body at
// the limit, close with a comment, find none again.
func TestGiteaLive(t *testing.T) {
	ctx := context.Background()
	probe, _ := forge.New(forge.Config{Kind: "gitea", URL: "http://127.0.0.1", Repo: "o/n", Token: "x"})
	r := newLiveRepo(t, probe.GitUser()) // the push itself checks GitUser with the token
	r.pushMain(t)
	f, rec := r.client(t, r.srv.Token)

	if pr, err := f.Find(ctx, "main", liveHead); err != nil || pr != nil {
		t.Fatalf("Find before any pull request: %+v, %v; want nil, nil", pr, err)
	}
	r.pushBranch(t, liveHead)
	body := "<!-- flake-unify -->\n## Unify nixpkgs\n\n| input | before | after |\n| --- | --- | --- |\n| home-manager/nixpkgs | 1a2b3c4 | 5e2f6a1 |\n"
	n := rec.len()
	created, err := f.Create(ctx, "main", liveHead, "flake.lock: unify nixpkgs (3 copies → 1)", body)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Logf("Create right after the push: %v", rec.since(n))
	want := forge.PR{Number: created.Number, URL: fmt.Sprintf("%s/%s/pulls/%d", r.srv.URL, r.repo, created.Number),
		Title: "flake.lock: unify nixpkgs (3 copies → 1)", Body: body, Head: liveHead, Base: "main", State: "open"}
	if *created != want {
		t.Errorf("Create returned\n%+v\nwant\n%+v", *created, want)
	}
	prs := r.srv.PullRequests(t, r.repo)
	if len(prs) != 1 || prs[0].Number != int64(created.Number) || prs[0].Body != body || prs[0].State != "open" {
		t.Fatalf("the server has %+v, want just #%d, open, with the body sent", prs, created.Number)
	}

	found, err := f.Find(ctx, "main", liveHead)
	if err != nil || found == nil || *found != *created {
		t.Fatalf("Find after Create: %+v, %v; want %+v", found, err, created)
	}
	if pr, err := f.Find(ctx, "main", "some-other-branch"); err != nil || pr != nil {
		t.Errorf("Find of another head: %+v, %v; want nil, nil", pr, err)
	}

	n = rec.len()
	same, err := f.Update(ctx, found, found.Title, found.Body)
	if err != nil || same == nil || *same != *found {
		t.Errorf("Update without a change: %+v, %v; want %+v", same, err, found)
	}
	if sent := rec.since(n); len(sent) != 0 {
		t.Errorf("Update without a change sent %v, want nothing", sent)
	}

	n = rec.len()
	retitled, err := f.Update(ctx, found, "flake.lock: unify nixpkgs (4 copies → 1)", found.Body)
	if err != nil {
		t.Fatalf("Update of the title: %v", err)
	}
	if sent := rec.since(n); len(sent) != 1 || !strings.HasPrefix(sent[0], "PATCH ") {
		t.Errorf("Update of the title sent %v, want one PATCH", sent)
	}
	if retitled.Title != "flake.lock: unify nixpkgs (4 copies → 1)" || retitled.Body != body || retitled.State != "open" {
		t.Errorf("Update of the title returned %+v", retitled)
	}
	if got := r.srv.PullRequests(t, r.repo)[0]; got.Title != retitled.Title || got.Body != body {
		t.Errorf("after Update of the title the server has %q / %q", got.Title, got.Body)
	}

	// A body of exactly BodyLimit code points, most of them multi-byte: the
	// limit counts code points, and Gitea must keep every byte of it.
	limit := f.BodyLimit()
	long := "<!-- flake-unify -->\n" + strings.Repeat("ü", limit-len("<!-- flake-unify -->\n")-1) + "\n"
	if utf8.RuneCountInString(long) != limit {
		t.Fatalf("test body has %d code points, want %d", utf8.RuneCountInString(long), limit)
	}
	atLimit, err := f.Update(ctx, retitled, retitled.Title, long)
	if err != nil {
		t.Fatalf("Update with a body of BodyLimit()=%d code points (%d bytes): %v", limit, len(long), err)
	}
	if atLimit.Body != long {
		t.Errorf("Update with a long body: the answer's body has %d code points, want the %d sent", utf8.RuneCountInString(atLimit.Body), limit)
	}
	refound, err := f.Find(ctx, "main", liveHead)
	if err != nil || refound == nil || refound.Body != long {
		t.Fatalf("Find after the long body: %v, body kept: %v", err, refound != nil && refound.Body == long)
	}
	n = rec.len()
	if _, err := f.Update(ctx, refound, refound.Title, refound.Body); err != nil {
		t.Errorf("Update with the long body unchanged: %v", err)
	}
	if sent := rec.since(n); len(sent) != 0 {
		t.Errorf("Update with the long body unchanged sent %v: the body did not survive the round trip", sent)
	}
	n = rec.len()
	_, err = f.Update(ctx, refound, refound.Title, long+"x")
	var d *diag.Error
	if !errors.As(err, &d) || d.Hint == "" {
		t.Errorf("Update with BodyLimit()+1 code points: %v, want a *diag.Error with a hint", err)
	}
	if sent := rec.since(n); len(sent) != 0 {
		t.Errorf("Update with BodyLimit()+1 code points sent %v, want nothing", sent)
	}

	if err := f.Close(ctx, refound, "Superseded: nothing left to unify."); err != nil {
		t.Fatalf("Close: %v", err)
	}
	closed := r.srv.PullRequests(t, r.repo)[0]
	if closed.State != "closed" || closed.Merged {
		t.Errorf("after Close the server has state %q merged %v, want closed", closed.State, closed.Merged)
	}
	if cs := r.srv.Comments(t, r.repo, closed.Number); len(cs) != 1 || cs[0].Body != "Superseded: nothing left to unify." {
		t.Errorf("after Close the comments are %+v, want the one comment", cs)
	}
	if pr, err := f.Find(ctx, "main", liveHead); err != nil || pr != nil {
		t.Errorf("Find after Close: %+v, %v; want nil, nil", pr, err)
	}
}

// TestGiteaLiveBranchRace opens pull requests the moment their branch is
// pushed. Gitea 1.26 updates its branch table before `git push` returns, with
// one exception: the first push into an empty repository, after which the
// repository counts as empty for about a second and every pulls call
// answers 404. The first round provokes that window (main and the head
// branch in one push into the new repository); Create must wait it out.
// Later rounds push into the non-empty repository. Every round must open
// exactly one pull request.
func TestGiteaLiveBranchRace(t *testing.T) {
	ctx := context.Background()
	r := newLiveRepo(t, "oauth2")
	f, rec := r.client(t, r.srv.Token)
	const rounds = 4
	for i := range rounds {
		head := fmt.Sprintf("race-%d", i)
		r.git(t, nil, "switch", "-q", "-c", head, "main")
		r.commit(t, "flake.lock", "{\"branch\": \""+head+"\"}\n")
		refs := []string{head}
		if i == 0 {
			refs = []string{"main", head}
		}
		r.git(t, r.push, append([]string{"push", "-q", r.clone}, refs...)...)
		n := rec.len()
		pr, err := f.Create(ctx, "main", head, "race "+head, "body")
		if err != nil {
			t.Fatalf("Create right after pushing %s: %v (exchanges %v)", head, err, rec.since(n))
		}
		if pr.Head != head || pr.State != "open" {
			t.Errorf("Create %s returned %+v", head, pr)
		}
		// Whether the window shows depends on timing; the log says when it did.
		t.Logf("round %d (%s): %v", i, strings.Join(refs, " + "), rec.since(n))
	}
	if got := len(r.srv.PullRequests(t, r.repo)); got != rounds {
		t.Errorf("the server has %d pull requests, want %d", got, rounds)
	}
}

// TestGiteaLiveRefusals: what Gitea refuses comes back as a *diag.Error
// with a hint for the case, and the token appears nowhere in the error.
func TestGiteaLiveRefusals(t *testing.T) {
	ctx := context.Background()
	r := newLiveRepo(t, "oauth2")
	r.pushMain(t)
	r.pushBranch(t, "open-already")
	r.pushBranch(t, liveHead)
	wrongToken := "0123456789abcdef0123456789abcdef01234567"
	narrowToken := r.srv.NewToken(t, "read-only", "read:user", "read:repository")
	byHand := r.srv.CreatePullRequest(t, r.repo, "main", "open-already", "opened by hand", "")
	// The scope tokenHint names; commenting needs write:issue as well.
	repoOnlyToken := r.srv.NewToken(t, "repository-only", "write:repository")
	// Gitea answers 404 to a create with an unknown base as to one with a
	// head it has not seen yet, so the client waits BranchWait for it.
	shortWait := func(c *forge.Config) { c.BranchWait = 3 * time.Second }

	for _, c := range []struct {
		name, token string
		status      string // in Why
		hint        string // in Hint
		op          func(forge.Forge) error
	}{
		{"wrong token, find", wrongToken, "401", "did not accept the token",
			func(f forge.Forge) error { _, err := f.Find(ctx, "main", liveHead); return err }},
		{"wrong token, create", wrongToken, "401", "did not accept the token",
			func(f forge.Forge) error { _, err := f.Create(ctx, "main", liveHead, "t", "b"); return err }},
		{"read-only token, create", narrowToken, "403", "write:repository",
			func(f forge.Forge) error { _, err := f.Create(ctx, "main", liveHead, "t", "b"); return err }},
		{"already open", r.srv.Token, "409", "already open",
			func(f forge.Forge) error { _, err := f.Create(ctx, "main", "open-already", "t", "b"); return err }},
		{"write:repository only, close with comment", repoOnlyToken, "403 Forbidden: token does not have at least one of required scope(s), required=[write:issue]",
			"the token is valid but may not do this",
			func(f forge.Forge) error { return f.Close(ctx, &forge.PR{Number: int(byHand.Number)}, "superseded") }},
		{"unknown base", r.srv.Token, "404", "check that no-such-base exists",
			func(f forge.Forge) error { _, err := f.Create(ctx, "no-such-base", liveHead, "t", "b"); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, rec := r.client(t, c.token, shortWait)
			err := c.op(f)
			var d *diag.Error
			if !errors.As(err, &d) {
				t.Fatalf("error %v (%T), want a *diag.Error; exchanges %v", err, err, rec.since(0))
			}
			t.Logf("%v\nhint: %s", err, d.Hint)
			if d.File != "" || !strings.Contains(d.Why, c.status) || !strings.Contains(d.Hint, c.hint) {
				t.Errorf("error\n%v\nhint: %s\nwant HTTP %s in why and %q in the hint", err, d.Hint, c.status, c.hint)
			}
			if strings.Contains(err.Error(), c.token) || strings.Contains(fmt.Sprintf("%+v", err), c.token) {
				t.Errorf("the token is in the error: %v", err)
			}
		})
	}
	if prs := r.srv.PullRequests(t, r.repo); len(prs) != 1 || prs[0].Head.Ref != "open-already" || prs[0].State != "open" {
		t.Errorf("refused requests changed the pull requests: %+v", prs)
	}
}

// TestGiteaLiveNoCommits pins a difference from GitHub that the bot must
// handle itself: Gitea 1.26 opens a pull request whose head has no commit
// beyond base (GitHub answers 422 "No commits between"), so Create
// succeeds and the pull request shows no change.
func TestGiteaLiveNoCommits(t *testing.T) {
	r := newLiveRepo(t, "oauth2")
	r.pushMain(t)
	r.git(t, r.push, "push", "-q", r.clone, "main:"+liveHead)
	f, _ := r.client(t, r.srv.Token)
	pr, err := f.Create(context.Background(), "main", liveHead, "t", "b")
	if err != nil || pr.State != "open" {
		t.Fatalf("Create of a head without new commits: %+v, %v; Gitea 1.26.1 opened it", pr, err)
	}
}

// TestGiteaLivePagination: Find reads past the first page of open pull
// requests and finds the bot's among the others. The server's pages are
// made short (MAX_RESPONSE_ITEMS, 50 by default, caps the client's limit)
// because Gitea takes most of a second to open each pull request.
func TestGiteaLivePagination(t *testing.T) {
	ctx := context.Background()
	const page, others = 2, 4
	r := newLiveRepo(t, "oauth2", giteatest.Setting{Section: "api", Key: "MAX_RESPONSE_ITEMS", Value: fmt.Sprint(page)})
	r.pushMain(t)
	r.pushBranch(t, liveHead)
	for i := range others {
		r.git(t, nil, "branch", fmt.Sprintf("other-%d", i), liveHead)
	}
	r.git(t, r.push, "push", "-q", r.clone, "refs/heads/other-*:refs/heads/other-*")
	f, rec := r.client(t, r.srv.Token)
	mine, err := f.Create(ctx, "main", liveHead, "flake.lock: unify nixpkgs", "body")
	if err != nil {
		t.Fatal(err)
	}
	for i := range others {
		head := fmt.Sprintf("other-%d", i)
		r.srv.CreatePullRequest(t, r.repo, "main", head, "other "+head, "")
	}
	n := rec.len()
	found, err := f.Find(ctx, "main", liveHead)
	if err != nil || found == nil || *found != *mine {
		t.Fatalf("Find among %d open pull requests: %+v, %v; want %+v", others+1, found, err, mine)
	}
	if pages := rec.since(n); len(pages) != (others+1+page-1)/page {
		t.Errorf("Find read %v: want %d pages of %d for %d pull requests", pages, (others+1+page-1)/page, page, others+1)
	}
}
