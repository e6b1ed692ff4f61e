package forge

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/flake-unify/flake-unify/diag"
)

// PR is a pull request (GitLab: a merge request) as the forge reports it.
type PR struct {
	Number int    // GitHub and Gitea: the number; GitLab: the iid (the "!N")
	URL    string // the web page, for people
	Title  string
	Body   string // GitLab: the description
	Head   string // source branch name
	Base   string // target branch name
	State  string // "open", "closed" or "merged", the same words on every forge
}

// Forge opens and maintains one pull request per head branch in one
// repository. Every error about what the forge refused is a *diag.Error
// whose Hint says what to do; no error ever contains the token.
type Forge interface {
	// Find returns the open pull request from head into base whose head
	// branch lives in this repository (not a fork), or nil when there is none.
	Find(ctx context.Context, base, head string) (*PR, error)
	// Create opens a pull request from head into base. Right after a push
	// the forge may not know head yet; Create waits for it up to
	// Config.BranchWait. After an answer that leaves open whether the pull
	// request was made (a 5xx, a dropped connection), Create looks for it
	// before it asks again, so a retry never opens a second one.
	Create(ctx context.Context, base, head, title, body string) (*PR, error)
	// Update sets title and body, sending only the fields that differ from
	// pr; when none does, it sends nothing and returns pr.
	Update(ctx context.Context, pr *PR, title, body string) (*PR, error)
	// Close comments on pr (unless comment is empty), then closes it.
	Close(ctx context.Context, pr *PR, comment string) error
	// BodyLimit is the longest body the forge accepts, in Unicode code
	// points (the unit GitHub and GitLab count). Create and Update refuse
	// longer bodies before sending them.
	BodyLimit() int
	// GitUser is the user name to pair with the token for an https git push.
	GitUser() string
}

// Config selects and configures a forge client.
type Config struct {
	Kind  string // "github", "gitea" (Gitea and Forgejo) or "gitlab"
	URL   string // web or API URL of the instance; "" = github.com / gitlab.com (Gitea has no default)
	Repo  string // "owner/name"; GitLab: "group/subgroup/name" as well
	Token string `json:"-"`

	// HTTP sends the requests; nil = a client with a 30 s timeout. It is
	// copied, never modified: the copy refuses redirects to another host
	// or from https to http, so the token never leaves the instance.
	HTTP *http.Client

	// MaxAttempts bounds the tries of one request that meets transient
	// failures (5xx, 429, rate limits, dropped connections); 0 = 5.
	MaxAttempts int
	// MaxWait bounds the time one request may sleep between tries; a rate
	// limit that resets later than that fails at once. 0 = 2 minutes.
	MaxWait time.Duration
	// BranchWait bounds the time Create sleeps while the forge answers
	// that the just-pushed head branch does not exist. 0 = 30 seconds.
	BranchWait time.Duration
	// Sleep waits d or until ctx is done (returning ctx.Err()); nil = a
	// timer. Tests pass a function that records d and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Format prints the configuration with the token redacted, whatever the verb.
func (c Config) Format(f fmt.State, verb rune) {
	c.Token = redactedText
	type plain Config // drops the Format method
	fmt.Fprintf(f, fmt.FormatString(f, verb), plain(c))
}

// LogValue keeps the token out of structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", c.Kind), slog.String("url", c.URL), slog.String("repo", c.Repo))
}

// New checks cfg and returns the client for its Kind. It makes no request.
func New(cfg Config) (Forge, error) {
	kind := strings.ToLower(strings.TrimSpace(cfg.Kind))
	if kind == "forgejo" {
		kind = "gitea"
	}
	if kind != "github" && kind != "gitea" && kind != "gitlab" {
		return nil, &diag.Error{What: fmt.Sprintf("unknown forge %q", cfg.Kind),
			Why: "flake-unify speaks to github, gitea (also Forgejo) and gitlab", Hint: "pass one of github, gitea, gitlab"}
	}
	if cfg.Token == "" {
		return nil, &diag.Error{What: kind + ": no token", Why: "opening a pull request needs an access token",
			Hint: tokenHint[kind]}
	}
	root, err := apiRoot(kind, cfg.URL)
	if err != nil {
		return nil, redactErr(err, cfg.Token)
	}
	if err := checkRepo(kind, cfg.Repo); err != nil {
		return nil, err
	}
	t := newTransport(kind, root, cfg)
	switch kind {
	case "github":
		return newGitHub(t), nil
	case "gitea":
		return newGitea(t), nil
	default:
		return newGitLab(t), nil
	}
}

func checkRepo(kind, repo string) error {
	parts := strings.Split(repo, "/")
	ok := len(parts) == 2 || kind == "gitlab" && len(parts) > 2
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.ContainsAny(p, "?#% \t\n") {
			ok = false
		}
	}
	if ok {
		return nil
	}
	want := "owner/name"
	if kind == "gitlab" {
		want = "group/name or group/subgroup/…/name"
	}
	return &diag.Error{What: fmt.Sprintf("%s: repository %q", kind, repo), Why: "expected " + want,
		Hint: "pass the repository as it appears in its web URL, e.g. " + map[string]string{
			"github": "nixos/nixpkgs", "gitea": "forgejo/forgejo", "gitlab": "gitlab-org/cli"}[kind]}
}

// tokenHint says where a token with the needed rights comes from.
var tokenHint = map[string]string{
	"github": "use a token allowed to write pull requests and contents: a fine-grained token with " +
		"\"Pull requests\" and \"Contents\" read and write on the repository, a classic token with the repo scope, " +
		"or in GitHub Actions GITHUB_TOKEN with `permissions: {contents: write, pull-requests: write}`",
	"gitea": "create an access token (Settings → Applications) with the write:repository and write:issue scopes " +
		"(closing with a comment needs write:issue), for a user who may push to the repository",
	"gitlab": "use a project, group or personal access token with the api scope and at least the Developer role " +
		"in the project (write_repository as well for the push)",
}
