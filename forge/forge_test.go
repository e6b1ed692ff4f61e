package forge

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/diag"
)

var kinds = []string{"github", "gitea", "gitlab"}

// repos per kind: GitLab's has a subgroup, to check its %2F encoding.
var repos = map[string]string{"github": "nixos-fans/dotfiles", "gitea": "nixos-fans/dotfiles", "gitlab": "nixos-fans/infra/dotfiles"}

const head = "flake-unify/nixpkgs-5e2f6a1"

// sleeper records the waits a client asks for instead of waiting.
type sleeper struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeper) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

func (s *sleeper) total() (sum time.Duration) {
	for _, d := range s.waits() {
		sum += d
	}
	return sum
}

func client(t *testing.T, f *fakeForge, edit ...func(*Config)) (Forge, *sleeper) {
	t.Helper()
	s := &sleeper{}
	cfg := f.config()
	cfg.Sleep = s.sleep
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

func count(routes []string, route string) int {
	n := 0
	for _, r := range routes {
		if r == route {
			n++
		}
	}
	return n
}

// The whole life of a bot's pull request, on every forge.
func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			f := newFake(t, kind, repos[kind])
			f.pushed[head] = true
			f.add(fakePR{head: head, base: "main", title: "same branch name, from a fork", fork: true})
			f.add(fakePR{head: head, base: "main", title: "closed long ago", state: "closed"})
			f.add(fakePR{head: head, base: "release-24.11", title: "other base"})
			c, _ := client(t, f)

			if pr, err := c.Find(ctx, "main", head); err != nil || pr != nil {
				t.Fatalf("Find before create = %+v, %v; want nil, nil", pr, err)
			}
			created, err := c.Create(ctx, "main", head, "unify nixpkgs (7 → 1)", "body 1")
			if err != nil {
				t.Fatal(err)
			}
			want := &PR{Number: 4, URL: created.URL, Title: "unify nixpkgs (7 → 1)", Body: "body 1", Head: head, Base: "main", State: "open"}
			if !reflect.DeepEqual(created, want) || !strings.HasSuffix(created.URL, "/4") {
				t.Fatalf("Create = %+v, want %+v", created, want)
			}
			names := map[string][]string{"github": {"base", "body", "head", "title"}, "gitea": {"base", "body", "head", "title"},
				"gitlab": {"description", "source_branch", "target_branch", "title"}}[kind]
			if got := keys(f.last("create").body); !slices.Equal(got, names) {
				t.Errorf("create sent fields %v, want %v", got, names)
			}

			found, err := c.Find(ctx, "main", head)
			if err != nil || !reflect.DeepEqual(found, created) {
				t.Fatalf("Find = %+v, %v; want %+v", found, err, created)
			}

			before := len(f.requests())
			same, err := c.Update(ctx, found, found.Title, found.Body)
			if err != nil || same != found || len(f.requests()) != before {
				t.Fatalf("Update with nothing changed: %+v, %v, %d requests; want the same PR and none", same, err, len(f.requests())-before)
			}
			up, err := c.Update(ctx, found, "unify nixpkgs (8 → 1)", found.Body)
			if err != nil || up.Title != "unify nixpkgs (8 → 1)" || up.Body != "body 1" {
				t.Fatalf("Update title = %+v, %v", up, err)
			}
			if got := keys(f.last("edit").body); !slices.Equal(got, []string{"title"}) {
				t.Errorf("title update sent %v, want only title", got)
			}
			up, err = c.Update(ctx, up, up.Title, "")
			bodyField := map[string]string{"gitlab": "description"}[kind]
			if bodyField == "" {
				bodyField = "body"
			}
			if err != nil || up.Body != "" || !slices.Equal(keys(f.last("edit").body), []string{bodyField}) {
				t.Fatalf("emptying the body: %+v, %v, sent %v", up, err, f.last("edit").body)
			}

			before = len(f.requests())
			if err := c.Close(ctx, up, "Superseded."); err != nil {
				t.Fatal(err)
			}
			if got := f.requests()[before:]; !slices.Equal(got, []string{"comment", "edit"}) {
				t.Errorf("Close sent %v, want comment then edit", got)
			}
			closeField := map[string]string{"github": "state", "gitea": "state", "gitlab": "state_event"}[kind]
			closeValue := map[string]string{"github": "closed", "gitea": "closed", "gitlab": "close"}[kind]
			if got := f.last("edit").body; !reflect.DeepEqual(got, map[string]any{closeField: closeValue}) {
				t.Errorf("close sent %v", got)
			}
			if p := f.prs[3]; p.state != "closed" || !slices.Equal(p.comments, []string{"Superseded."}) {
				t.Errorf("after Close: state %q, comments %q", p.state, p.comments)
			}
			if pr, err := c.Find(ctx, "main", head); err != nil || pr != nil {
				t.Errorf("Find after close = %+v, %v", pr, err)
			}
			before = len(f.requests())
			if err := c.Close(ctx, &PR{Number: 2, State: "closed"}, ""); err != nil || !slices.Equal(f.requests()[before:], []string{"edit"}) {
				t.Errorf("Close without comment: %v, sent %v", err, f.requests()[before:])
			}
		})
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Find follows the Link header until it has seen every candidate; the one
// wanted is the oldest, so it is on the last page.
func TestFindPaginates(t *testing.T) {
	for _, tc := range []struct {
		kind             string
		others, pageSize int
		wantPages        int
	}{
		{"gitea", 120, 50, 3}, // Gitea cannot filter by branch: every open PR is listed
		{"gitlab", 5, 2, 3},   // GitLab's branch filter still lists forks' merge requests
	} {
		t.Run(tc.kind, func(t *testing.T) {
			f := newFake(t, tc.kind, repos[tc.kind])
			f.pageSize = tc.pageSize
			target := f.add(fakePR{head: head, base: "main", title: "the bot's"})
			for i := range tc.others {
				if tc.kind == "gitlab" {
					f.add(fakePR{head: head, base: "main", fork: true})
				} else {
					f.add(fakePR{head: "feature-" + string(rune('a'+i%26)), base: "main"})
				}
			}
			c, _ := client(t, f)
			pr, err := c.Find(context.Background(), "main", head)
			if err != nil || pr == nil || pr.Number != target.number {
				t.Fatalf("Find = %+v, %v; want #%d", pr, err, target.number)
			}
			if n := count(f.requests(), "list"); n != tc.wantPages {
				t.Errorf("%d list requests, want %d", n, tc.wantPages)
			}
			if got := f.last("list").query.Get("page"); got != "3" {
				t.Errorf("last page requested %q, want 3", got)
			}
		})
	}
}

// 5xx answers are retried with growing jittered waits, then succeed; a
// forge that keeps failing is given up after MaxAttempts.
func TestTransientFailuresRetried(t *testing.T) {
	ctx := context.Background()
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			f := newFake(t, kind, repos[kind])
			f.fail("list", 2, 502, testdata(t, "github", "err-502.html"), nil)
			c, s := client(t, f)
			if _, err := c.Find(ctx, "main", head); err != nil {
				t.Fatal(err)
			}
			if n := count(f.requests(), "list"); n != 3 {
				t.Errorf("%d attempts, want 3", n)
			}
			w := s.waits()
			if len(w) != 2 || w[0] < 500*time.Millisecond || w[0] > time.Second || w[1] < time.Second || w[1] > 2*time.Second {
				t.Errorf("waits %v, want one in [0.5s,1s] then one in [1s,2s]", w)
			}

			f.fail("list", 9, 503, `{"message":"Service Unavailable"}`, nil)
			before := count(f.requests(), "list")
			_, err := c.Find(ctx, "main", head)
			var d *diag.Error
			if !errors.As(err, &d) || !strings.Contains(d.Why, "503") || !strings.Contains(d.Why, "gave up after 5 attempts") ||
				!strings.Contains(d.Hint, "run again later") {
				t.Fatalf("after 5 failures: %#v", err)
			}
			if n := count(f.requests(), "list") - before; n != 5 {
				t.Errorf("%d attempts, want MaxAttempts = 5", n)
			}
		})
	}
}

// A create whose answer was a 5xx may have opened the pull request: Create
// looks before it asks again and never opens a second one.
func TestCreateAfterAmbiguousFailure(t *testing.T) {
	ctx := context.Background()
	for _, kind := range kinds {
		for _, applied := range []bool{true, false} {
			t.Run(kind+map[bool]string{true: "/applied", false: "/lost"}[applied], func(t *testing.T) {
				f := newFake(t, kind, repos[kind])
				f.pushed[head] = true
				f.faults = append(f.faults, fault{route: "create", status: 502, body: "bad gateway", apply: applied})
				c, _ := client(t, f)
				pr, err := c.Create(ctx, "main", head, "t", "b")
				if err != nil || pr == nil || pr.Number != 1 || pr.Title != "t" {
					t.Fatalf("Create = %+v, %v", pr, err)
				}
				want := []string{"create", "list", "create"}
				if applied {
					want = want[:2]
				}
				if got := f.requests(); !slices.Equal(got, want) || len(f.prs) != 1 {
					t.Errorf("requests %v (want %v), %d pull requests (want 1)", got, want, len(f.prs))
				}
			})
		}
	}
}

// Rate limits say how long to wait; the client believes them, within MaxWait.
func TestRateLimits(t *testing.T) {
	ctx := context.Background()
	inSeconds := func(s int) string { return itoa(time.Now().Add(time.Duration(s) * time.Second).Unix()) }
	for _, tc := range []struct {
		name, kind string
		status     int
		header     map[string]string
		body       string
		minW, maxW time.Duration
		fails      bool
	}{
		{"github primary", "github", 403, map[string]string{"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0",
			"X-RateLimit-Used": "5000", "X-RateLimit-Reset": inSeconds(20), "X-RateLimit-Resource": "core"},
			"err-403-ratelimit.json", 19 * time.Second, 22 * time.Second, false},
		{"github primary 429", "github", 429, map[string]string{"x-ratelimit-remaining": "0", "x-ratelimit-reset": inSeconds(5)},
			"err-403-ratelimit.json", 4 * time.Second, 7 * time.Second, false},
		{"github retry-after", "github", 429, map[string]string{"Retry-After": "7"}, "err-403-secondary.json", 7 * time.Second, 7 * time.Second, false},
		{"github secondary without headers", "github", 403, nil, "err-403-secondary.json", time.Minute, time.Minute, false},
		{"github secondary as 429 without headers", "github", 429, nil, "err-403-secondary.json", time.Minute, time.Minute, false},
		{"gitlab ratelimit headers", "gitlab", 429, map[string]string{"RateLimit-Limit": "600", "RateLimit-Remaining": "0",
			"RateLimit-Reset": inSeconds(30), "Retry-After": "30"}, "err-401.json", 30 * time.Second, 30 * time.Second, false},
		{"gitea 429 without headers", "gitea", 429, nil, "err-422.json", 500 * time.Millisecond, time.Second, false},
		{"reset beyond MaxWait", "github", 403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": inSeconds(3000)},
			"err-403-ratelimit.json", 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, tc.kind, repos[tc.kind])
			f.fail("list", 1, tc.status, testdata(t, tc.kind, tc.body), tc.header)
			c, s := client(t, f)
			_, err := c.Find(ctx, "main", head)
			if tc.fails {
				if d := new(diag.Error); !errors.As(err, &d) || !strings.Contains(d.Hint, "rate limit is used up until") {
					t.Fatalf("err = %v", err)
				}
				if len(s.waits()) != 0 || count(f.requests(), "list") != 1 {
					t.Errorf("waited %v over %d requests; a limit resetting beyond MaxWait must fail at once", s.waits(), len(f.requests()))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w := s.waits(); len(w) != 1 || w[0] < tc.minW || w[0] > tc.maxW {
				t.Errorf("waits %v, want one in [%v, %v]", w, tc.minW, tc.maxW)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Right after a push the forge may not know the branch: Create waits for
// it within BranchWait, and says to push when it never appears.
func TestCreateWaitsForPushedBranch(t *testing.T) {
	ctx := context.Background()
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			f := newFake(t, kind, repos[kind])
			f.pushAt[head] = 3
			c, s := client(t, f, func(c *Config) { c.MaxAttempts = 1 }) // the branch wait has its own budget
			pr, err := c.Create(ctx, "main", head, "t", "b")
			if err != nil || pr.Number != 1 {
				t.Fatalf("Create = %+v, %v", pr, err)
			}
			if n := count(f.requests(), "create"); n != 3 || len(s.waits()) != 2 {
				t.Errorf("%d creates, waits %v; want 3 and 2", n, s.waits())
			}

			g := newFake(t, kind, repos[kind])
			c, s = client(t, g, func(c *Config) { c.BranchWait = 10 * time.Second })
			_, err = c.Create(ctx, "main", head, "t", "b")
			d := new(diag.Error)
			if !errors.As(err, &d) || !strings.Contains(d.Hint, "push it there") || !strings.Contains(d.Why, "after waiting") {
				t.Fatalf("never pushed: %v (hint %q)", err, diag.Hint(err))
			}
			if s.total() > 10*time.Second || len(s.waits()) < 3 {
				t.Errorf("waited %v (total %v), want several waits within BranchWait", s.waits(), s.total())
			}
			if d.File != "" || !strings.HasPrefix(d.What, kind+": create") {
				t.Errorf("diag %+v", d)
			}
		})
	}
}

// Each refusal is explained with a hint for its cause, and is not retried.
func TestRefusalsExplained(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		kind, route string
		status      int
		file        string
		hint        []string
	}{
		{"github", "list", 401, "err-401.json", []string{"did not accept the token", "pull-requests: write"}},
		{"github", "create", 403, "err-403.json", []string{"may not do this", "Allow GitHub Actions to create"}},
		{"github", "list", 404, "err-404.json", []string{`check the repository "nixos-fans/dotfiles"`, "private"}},
		{"github", "create", 404, "err-404.json", []string{"branches " + head + " and main exist"}},
		{"github", "create", 422, "err-422-exists.json", []string{"already open", "fork"}},
		{"github", "create", 422, "err-422-nocommits.json", []string{head + " has no commits that main lacks"}},
		{"github", "create", 422, "err-422-base.json", []string{`check the base branch "main"`}},
		{"gitea", "list", 401, "err-401.json", []string{"did not accept the token", "write:repository"}},
		{"gitea", "edit", 403, "err-403.json", []string{"may not do this", "write:repository"}},
		{"gitea", "list", 404, "err-404.json", []string{"check the repository", "has access"}},
		{"gitea", "create", 409, "err-409-exists.json", []string{"already open"}},
		{"gitea", "edit", 422, "err-422.json", []string{"refused the request as invalid"}},
		{"gitlab", "list", 401, "err-401.json", []string{"did not accept the token", "api scope"}},
		{"gitlab", "comment", 403, "err-403.json", []string{"may not do this", "Developer role"}},
		{"gitlab", "list", 404, "err-404.json", []string{`check the repository "nixos-fans/infra/dotfiles"`}},
		{"gitlab", "create", 409, "err-409-exists.json", []string{"already open"}},
		{"gitlab", "create", 422, "err-422-target.json", []string{`check the base branch "main"`}},
	} {
		t.Run(tc.kind+"/"+tc.route+"/"+tc.file, func(t *testing.T) {
			f := newFake(t, tc.kind, repos[tc.kind])
			f.pushed[head] = true
			f.add(fakePR{head: head, base: "main"})
			f.fail(tc.route, 1, tc.status, testdata(t, tc.kind, tc.file), nil)
			c, s := client(t, f)
			var err error
			switch tc.route {
			case "list":
				_, err = c.Find(ctx, "main", head)
			case "create":
				_, err = c.Create(ctx, "main", head, "t", "b")
			case "edit":
				_, err = c.Update(ctx, &PR{Number: 1, Title: "old"}, "new", "")
			case "comment":
				err = c.Close(ctx, &PR{Number: 1}, "bye")
			}
			var d *diag.Error
			if !errors.As(err, &d) {
				t.Fatalf("err = %v, want a *diag.Error", err)
			}
			if d.File != "" || !strings.HasPrefix(d.What, tc.kind+": ") || !strings.Contains(d.Why, "HTTP "+itoa(int64(tc.status))) {
				t.Errorf("diag = %+v", d)
			}
			for _, h := range tc.hint {
				if !strings.Contains(d.Hint, h) {
					t.Errorf("hint %q lacks %q", d.Hint, h)
				}
			}
			if n := count(f.requests(), tc.route); n != 1 || len(s.waits()) != 0 {
				t.Errorf("%d %s requests and waits %v: a refusal must not be retried", n, tc.route, s.waits())
			}
		})
	}
}

// A wrong token is what the forges themselves answer 401 to.
func TestWrongToken(t *testing.T) {
	for _, kind := range kinds {
		f := newFake(t, kind, repos[kind])
		c, _ := client(t, f, func(c *Config) { c.Token = "expired-0000" })
		_, err := c.Find(context.Background(), "main", head)
		if h := diag.Hint(err); !strings.Contains(h, "did not accept the token") {
			t.Errorf("%s: %v, hint %q", kind, err, h)
		}
	}
}

// Bodies longer than the forge takes are refused before anything is sent.
func TestBodyLimit(t *testing.T) {
	for _, kind := range kinds {
		f := newFake(t, kind, repos[kind])
		f.pushed[head] = true
		c, _ := client(t, f)
		limit := map[string]int{"github": 65536, "gitea": 65536, "gitlab": 1048576}[kind]
		if c.BodyLimit() != limit {
			t.Errorf("%s: BodyLimit %d, want %d", kind, c.BodyLimit(), limit)
		}
		// code points, not bytes: "é" is two bytes
		if _, err := c.Create(context.Background(), "main", head, "t", strings.Repeat("é", limit)); err != nil {
			t.Errorf("%s: a body of exactly BodyLimit characters: %v", kind, err)
		}
		_, err := c.Update(context.Background(), &PR{Number: 1}, "t", strings.Repeat("x", limit+1))
		if err == nil || !strings.Contains(diag.Hint(err), "BodyLimit") || f.requests()[len(f.requests())-1] != "create" {
			t.Errorf("%s: too long a body: %v, requests %v", kind, err, f.requests())
		}
	}
}

func TestGitUser(t *testing.T) {
	for kind, want := range map[string]string{"github": "x-access-token", "gitea": "oauth2", "gitlab": "oauth2"} {
		c, err := New(Config{Kind: kind, URL: "https://forge.example", Repo: "a/b", Token: "t"})
		if err != nil || c.GitUser() != want {
			t.Errorf("%s: GitUser %q, %v; want %q", kind, c.GitUser(), err, want)
		}
	}
}

// A cancelled context ends a wait at once.
func TestCancelledWhileWaiting(t *testing.T) {
	f := newFake(t, "gitea", repos["gitea"])
	f.fail("list", 3, 500, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := client(t, f, func(c *Config) {
		c.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	})
	if _, err := c.Find(ctx, "main", head); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
