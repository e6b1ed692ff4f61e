package forge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// gitea speaks the /api/v1 of Gitea and Forgejo, which follows GitHub's
// shapes for pulls and issue comments but has no head filter on the list.
type gitea struct{ t *transport }

type giteaBranch struct {
	Ref    string `json:"ref"`
	RepoID int64  `json:"repo_id"`
	Repo   *struct {
		FullName string `json:"full_name"`
	} `json:"repo"`
}

type giteaPull struct {
	Number  int         `json:"number"`
	HTMLURL string      `json:"html_url"`
	Title   string      `json:"title"`
	Body    string      `json:"body"`
	State   string      `json:"state"`
	Merged  bool        `json:"merged"`
	Head    giteaBranch `json:"head"`
	Base    giteaBranch `json:"base"`
}

func (p *giteaPull) pr() *PR {
	state := p.State
	if state == "closed" && p.Merged {
		state = "merged"
	}
	return &PR{Number: p.Number, URL: p.HTMLURL, Title: p.Title, Body: p.Body, Head: p.Head.Ref, Base: p.Base.Ref, State: state}
}

// sameRepo tells a pull request from a branch of this repository apart
// from one from a fork's branch of the same name.
func (p *giteaPull) sameRepo(repo string) bool {
	if p.Head.RepoID != 0 && p.Base.RepoID != 0 {
		return p.Head.RepoID == p.Base.RepoID
	}
	return p.Head.Repo != nil && strings.EqualFold(p.Head.Repo.FullName, repo)
}

func (g *gitea) repoPath() string {
	owner, name, _ := strings.Cut(g.t.repo, "/")
	return "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(name)
}

func (g *gitea) Find(ctx context.Context, base, head string) (*PR, error) {
	r := request{op: fmt.Sprintf("find the open pull request %s ← %s", base, head), method: http.MethodGet,
		path: g.repoPath() + "/pulls", query: url.Values{"state": {"open"}, "limit": {"50"}}}
	var best *giteaPull
	err := g.t.list(ctx, r, func(raw json.RawMessage) error {
		var p giteaPull
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		if p.State == "open" && p.Head.Ref == head && p.Base.Ref == base && p.sameRepo(g.t.repo) &&
			(best == nil || p.Number > best.Number) {
			best = &p
		}
		return nil
	})
	if err != nil || best == nil {
		return nil, g.t.clean(err)
	}
	return best.pr(), nil
}

func (g *gitea) Create(ctx context.Context, base, head, title, body string) (*PR, error) {
	op := fmt.Sprintf("create a pull request %s ← %s", base, head)
	if err := g.t.checkBody(op, body); err != nil {
		return nil, err
	}
	var found *PR
	r := request{op: op, base: base, head: head, method: http.MethodPost, path: g.repoPath() + "/pulls",
		body: map[string]string{"title": title, "head": head, "base": base, "body": body},
		// Gitea answers 404 until it has processed the push of head; a
		// wrong repository name already fails the Find that comes first.
		branchUnseen: func(resp *response) bool { return resp.status == http.StatusNotFound },
		settled:      createChecked(g, base, head, &found)}
	var p giteaPull
	if err := g.t.call(ctx, r, &p); err != nil {
		return nil, g.t.clean(err)
	}
	if found != nil {
		return found, nil
	}
	return p.pr(), nil
}

func (g *gitea) Update(ctx context.Context, pr *PR, title, body string) (*PR, error) {
	op := "update pull request #" + strconv.Itoa(prNumber(pr))
	if err := nilPR(op, pr); err != nil {
		return nil, err
	}
	patch := changes(pr, title, body, "body")
	if len(patch) == 0 {
		return pr, nil
	}
	if err := g.t.checkBody(op, body); err != nil {
		return nil, err
	}
	var p giteaPull
	r := request{op: op, method: http.MethodPatch, path: g.repoPath() + "/pulls/" + strconv.Itoa(pr.Number), body: patch}
	if err := g.t.call(ctx, r, &p); err != nil {
		return nil, g.t.clean(err)
	}
	return p.pr(), nil
}

func (g *gitea) Close(ctx context.Context, pr *PR, comment string) error {
	op := "close pull request #" + strconv.Itoa(prNumber(pr))
	if err := nilPR(op, pr); err != nil {
		return err
	}
	n := strconv.Itoa(pr.Number)
	if comment != "" {
		r := request{op: "comment on pull request #" + n, method: http.MethodPost,
			path: g.repoPath() + "/issues/" + n + "/comments", body: map[string]string{"body": comment}}
		if err := g.t.call(ctx, r, nil); err != nil {
			return g.t.clean(err)
		}
	}
	r := request{op: op, method: http.MethodPatch, path: g.repoPath() + "/pulls/" + n, body: map[string]string{"state": "closed"}}
	return g.t.clean(g.t.call(ctx, r, nil))
}

func (g *gitea) BodyLimit() int  { return bodyLimit["gitea"] }
func (g *gitea) GitUser() string { return gitUser["gitea"] }
