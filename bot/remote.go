package bot

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// Remote is where the bot fetches from and pushes to.
type Remote struct {
	// Name is the remote in the repository's config, e.g. "origin" (the
	// default). The fetched branches are recorded under
	// refs/remotes/<Name>/, also when URL is set.
	Name string
	// URL, when set, is used instead of the configured URL (and pushurl).
	URL string
	// Username is the https user paired with Token; it depends on the
	// forge: GitHub "x-access-token", GitLab "oauth2", Gitea the token's
	// user. Empty means "x-access-token".
	Username string
	// Token is the https token. It is never written to disk, never put in
	// a command line, and redacted from every error; go-git gets it as
	// Basic auth, the git executable as an http.extraHeader passed in its
	// environment (GIT_CONFIG_COUNT), which no other user can read.
	Token string
}

const defaultTokenUser = "x-access-token"

// remote is a Remote resolved against the repository's config.
type remote struct {
	name, fetchURL, pushURL string
}

// resolveRemote finds the URLs of the remote.
func resolveRemote(r *Remote, cfg *gitrepo.Config) (remote, error) {
	name := r.Name
	if name == "" {
		name = "origin"
	}
	if strings.ContainsAny(name, "/ \t\n:") || name == "." || name == ".." {
		return remote{}, &diag.Error{What: fmt.Sprintf("invalid remote name %q", name), Hint: "pass the name of a remote from `git remote -v`"}
	}
	if strings.HasPrefix(r.URL, "-") {
		return remote{}, &diag.Error{What: fmt.Sprintf("invalid remote URL %q", r.URL)}
	}
	if r.URL != "" {
		return remote{name: name, fetchURL: r.URL, pushURL: r.URL}, nil
	}
	u, ok := cfg.Get("remote." + name + ".url")
	if !ok || strings.TrimSpace(u) == "" {
		return remote{}, &diag.Error{
			What: fmt.Sprintf("no remote named %q", name),
			Why:  fmt.Sprintf("remote.%s.url is not set in the repository's git config", name),
			Hint: "list the remotes with `git remote -v` and pass one, or pass the repository's URL",
		}
	}
	rm := remote{name: name, fetchURL: u, pushURL: u}
	if pu, ok := cfg.Get("remote." + name + ".pushurl"); ok && strings.TrimSpace(pu) != "" {
		rm.pushURL = pu
	}
	if strings.HasPrefix(rm.fetchURL, "-") || strings.HasPrefix(rm.pushURL, "-") {
		// It would reach git's command line as an option.
		return remote{}, &diag.Error{What: fmt.Sprintf("invalid URL for remote %q", name), Why: "it starts with a dash"}
	}
	return rm, nil
}

// inProcess reports whether go-git can reach the URL: http(s), and local
// repositories (file:// or a path), which go-git serves by running git's
// own upload-pack and receive-pack.
func inProcess(u string) bool {
	ep, err := transport.NewEndpoint(u)
	if err != nil {
		return false
	}
	switch ep.Protocol {
	case "http", "https", "file":
		return true
	}
	return false
}

// credentials of one request, and how to hide them.
type credentials struct {
	user, token string
	hide        *strings.Replacer
}

func newCredentials(r *Remote) *credentials {
	c := &credentials{user: r.Username, token: r.Token}
	if c.user == "" {
		c.user = defaultTokenUser
	}
	var secrets []string
	if c.token != "" {
		// The token as it may appear in an error: plain, in the Basic
		// header (with and without padding), and escaped inside a URL.
		basic := c.basic()
		secrets = append(secrets, basic, strings.TrimRight(basic, "="), c.token, url.QueryEscape(c.token), url.PathEscape(c.token))
	}
	if u, err := url.Parse(r.URL); err == nil && u.User != nil {
		// A password written into the URL is as secret as the token.
		if p, ok := u.User.Password(); ok && p != "" {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	var pairs []string
	seen := map[string]bool{}
	for _, s := range secrets {
		if s != "" && !seen[s] {
			seen[s] = true
			pairs = append(pairs, s, "***")
		}
	}
	c.hide = strings.NewReplacer(pairs...)
	return c
}

// basic is the value of the Basic Authorization header.
func (c *credentials) basic() string {
	return base64.StdEncoding.EncodeToString([]byte(c.user + ":" + c.token))
}

// redact returns err with the token removed from its text. A *diag.Error
// stays one, its cause redacted the same way; any other error whose text
// shows the token becomes a plain error with the redacted text and no
// wrapped cause, since printing the cause could show the token.
func (c *credentials) redact(err error) error {
	if err == nil {
		return nil
	}
	var de *diag.Error
	if errors.As(err, &de) {
		cp := *de
		cp.File, cp.What, cp.Why, cp.Hint = c.hide.Replace(cp.File), c.hide.Replace(cp.What), c.hide.Replace(cp.Why), c.hide.Replace(cp.Hint)
		if cp.Err != nil {
			cp.Err = c.redact(cp.Err)
		}
		return &cp
	}
	if msg := c.hide.Replace(err.Error()); msg != err.Error() {
		return errors.New(msg)
	}
	return err
}

// displayURL is u without a password.
func displayURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return u
	}
	return p.Redacted()
}

// remoteFailure classifies a failed exchange with the remote; kind is
// what the git executable or go-git reported it as.
type remoteFailure int

const (
	failOther    remoteFailure = iota
	failAuth                   // 401: no or wrong credentials
	failDenied                 // 403: the credentials may not do this
	failNotFound               // no repository there (or not visible without credentials)
)

// remoteError turns a failure to talk to the remote into a *diag.Error
// with a hint that wraps cause; op is "fetch from" or "push to".
func remoteError(kind remoteFailure, op, u, detail string, c *credentials, cause error) error {
	where := displayURL(u)
	detail = strings.TrimSpace(detail) // servers end their messages with newlines
	switch kind {
	case failAuth:
		hint := "pass a token that can read and push to the repository (e.g. GITHUB_TOKEN), with the user name the forge expects (GitHub x-access-token, GitLab oauth2; Gitea and Forgejo accept any)"
		what := "the remote asks for credentials"
		if c.token != "" {
			what = "the remote refused the token"
			hint = "the token is wrong, expired or revoked, or the user name paired with it (" + c.user + ") is not the one the forge expects (GitHub x-access-token, GitLab oauth2; Gitea and Forgejo accept any)"
		}
		return c.redact(&diag.Error{What: what, Why: fmt.Sprintf("cannot %s %s: %s", op, where, detail), Hint: hint, Err: cause})
	case failDenied:
		return c.redact(&diag.Error{
			What: "the token may not " + strings.Fields(op)[0] + " here",
			Why:  fmt.Sprintf("%s %s: %s", op, where, detail),
			Err:  cause,
			Hint: "give the token write access to the repository's contents (GitHub: `permissions: contents: write` for GITHUB_TOKEN, or a fine-grained token with Contents read and write; GitLab: write_repository; Gitea: write:repository)",
		})
	case failNotFound:
		return c.redact(&diag.Error{
			What: "no repository at " + where,
			Why:  detail,
			Err:  cause,
			Hint: "check the remote's URL (git remote -v); forges answer \"not found\" for a private repository when the token cannot read it",
		})
	}
	return c.redact(&diag.Error{What: "cannot " + op + " " + where, Why: detail, Err: cause})
}

// movedElsewhere is errLease's found when the remote refused the update
// without saying where the branch is now.
const movedElsewhere = "?"

// errLease is a push refused because the remote bot branch is no longer
// where Fetch saw it.
func errLease(branch, expected, found string) error {
	was := "absent"
	if expected != "" {
		was = "at " + shortHash(expected)
	}
	now := "deleted"
	switch found {
	case "":
	case movedElsewhere:
		now = "elsewhere"
	default:
		now = "at " + shortHash(found)
	}
	return &diag.Error{
		What: fmt.Sprintf("someone else moved the bot branch %s", branch),
		Why:  fmt.Sprintf("it was %s when fetched and is now %s; nothing was pushed", was, now),
		Hint: "another run of the bot or a person pushed to it meanwhile; run the bot again to rebuild its commit on what is there now (rebuilding replaces commits pushed to the bot branch by hand)",
	}
}
