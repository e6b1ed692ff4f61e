package forge

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// githubLike speaks the REST shape GitHub gave pull requests and Gitea and
// Forgejo copied on purpose: pulls under /repos/owner/name/pulls, comments
// on the issue of the same number. The forges differ in how the list is
// filtered and in how they say that a just-pushed branch is not known yet.
type githubLike struct {
	pulls
	// query filters the list of open pull requests as the forge can.
	query func(base, head string) url.Values
	// branchUnseen recognises the answer to a create meaning "head unknown".
	branchUnseen func(*response) bool
}

func newGitHubLike(t *transport, query func(base, head string) url.Values, branchUnseen func(*response) bool) *githubLike {
	owner, name, _ := strings.Cut(t.repo, "/")
	repo := "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(name)
	return &githubLike{
		pulls: pulls{t: t, noun: "pull request", mark: "#", at: func() string { return repo + "/pulls" },
			edit: http.MethodPatch, bodyField: "body",
			comments: func(n string) string { return repo + "/issues/" + n + "/comments" },
			closed:   map[string]string{"state": "closed"}},
		query: query, branchUnseen: branchUnseen}
}

type githubBranch struct {
	Ref    string `json:"ref"`
	RepoID int64  `json:"repo_id"` // Gitea only
	Repo   *struct {
		FullName string `json:"full_name"`
	} `json:"repo"` // null when the fork it came from was deleted
}

type githubPull struct {
	Number   int          `json:"number"`
	HTMLURL  string       `json:"html_url"`
	Title    string       `json:"title"`
	Body     string       `json:"body"`
	State    string       `json:"state"`
	Merged   bool         `json:"merged"`    // Gitea; GitHub only on a single pull
	MergedAt *string      `json:"merged_at"` // both
	Head     githubBranch `json:"head"`
	Base     githubBranch `json:"base"`
}

func (p githubPull) pr() *PR {
	state := p.State
	if state == "closed" && (p.Merged || p.MergedAt != nil) {
		state = "merged"
	}
	return &PR{Number: p.Number, URL: p.HTMLURL, Title: p.Title, Body: p.Body, Head: p.Head.Ref, Base: p.Base.Ref, State: state}
}

func (p githubPull) ours(base, head, repo string) bool {
	return p.State == "open" && p.Head.Ref == head && p.Base.Ref == base && p.sameRepo(repo)
}

// sameRepo tells a pull request from a branch of this repository apart
// from one from a fork's branch of the same name: by the repository ids
// where Gitea gives them, else by the head repository's name.
func (p githubPull) sameRepo(repo string) bool {
	if p.Head.RepoID != 0 && p.Base.RepoID != 0 {
		return p.Head.RepoID == p.Base.RepoID
	}
	return p.Head.Repo != nil && strings.EqualFold(p.Head.Repo.FullName, repo)
}

func (g *githubLike) Find(ctx context.Context, base, head string) (*PR, error) {
	return find[githubPull](ctx, &g.pulls, base, head, g.query(base, head))
}

func (g *githubLike) Create(ctx context.Context, base, head, title, body string) (*PR, error) {
	fields := map[string]string{"title": title, "head": head, "base": base, "body": body}
	return create[githubPull](ctx, g, &g.pulls, base, head, fields, g.branchUnseen)
}

func (g *githubLike) Update(ctx context.Context, pr *PR, title, body string) (*PR, error) {
	return update[githubPull](ctx, &g.pulls, pr, title, body)
}
