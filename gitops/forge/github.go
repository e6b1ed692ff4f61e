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

// github speaks the REST API of github.com, GitHub Enterprise Cloud and
// Server: pulls for pull requests, the issues endpoint for comments.
type github struct{ t *transport }

type githubPull struct {
	Number   int     `json:"number"`
	HTMLURL  string  `json:"html_url"`
	Title    string  `json:"title"`
	Body     string  `json:"body"`
	State    string  `json:"state"`
	MergedAt *string `json:"merged_at"`
	Head     struct {
		Ref  string `json:"ref"`
		Repo *struct {
			FullName string `json:"full_name"`
		} `json:"repo"` // null when the fork it came from was deleted
	} `json:"head"`
	Base struct {
		Ref string `json:"ref"`
	} `json:"base"`
}

func (p *githubPull) pr() *PR {
	state := p.State
	if state == "closed" && p.MergedAt != nil {
		state = "merged"
	}
	return &PR{Number: p.Number, URL: p.HTMLURL, Title: p.Title, Body: p.Body, Head: p.Head.Ref, Base: p.Base.Ref, State: state}
}

func (g *github) repoPath() string {
	owner, name, _ := strings.Cut(g.t.repo, "/")
	return "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(name)
}

func (g *github) Find(ctx context.Context, base, head string) (*PR, error) {
	owner, _, _ := strings.Cut(g.t.repo, "/")
	r := request{op: fmt.Sprintf("find the open pull request %s ← %s", base, head), method: http.MethodGet,
		path:  g.repoPath() + "/pulls",
		query: url.Values{"state": {"open"}, "head": {owner + ":" + head}, "base": {base}, "per_page": {"100"}}}
	var best *githubPull
	err := g.t.list(ctx, r, func(raw json.RawMessage) error {
		var p githubPull
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		sameRepo := p.Head.Repo != nil && strings.EqualFold(p.Head.Repo.FullName, g.t.repo)
		if p.State == "open" && sameRepo && p.Head.Ref == head && p.Base.Ref == base && (best == nil || p.Number > best.Number) {
			best = &p
		}
		return nil
	})
	if err != nil || best == nil {
		return nil, g.t.clean(err)
	}
	return best.pr(), nil
}

func (g *github) Create(ctx context.Context, base, head, title, body string) (*PR, error) {
	op := fmt.Sprintf("create a pull request %s ← %s", base, head)
	if err := g.t.checkBody(op, body); err != nil {
		return nil, err
	}
	var found *PR
	r := request{op: op, base: base, head: head, method: http.MethodPost, path: g.repoPath() + "/pulls",
		body: map[string]string{"title": title, "head": head, "base": base, "body": body},
		// GitHub answers 422 {"errors":[{"resource":"PullRequest","field":"head","code":"invalid"}]}
		// while it has not processed a push.
		branchUnseen: func(resp *response) bool {
			return resp.status == http.StatusUnprocessableEntity && strings.Contains(forgeMessage(resp.body), "head invalid")
		},
		settled: createChecked(g, base, head, &found)}
	var p githubPull
	if err := g.t.call(ctx, r, &p); err != nil {
		return nil, g.t.clean(err)
	}
	if found != nil {
		return found, nil
	}
	return p.pr(), nil
}

func (g *github) Update(ctx context.Context, pr *PR, title, body string) (*PR, error) {
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
	var p githubPull
	r := request{op: op, method: http.MethodPatch, path: g.repoPath() + "/pulls/" + strconv.Itoa(pr.Number), body: patch}
	if err := g.t.call(ctx, r, &p); err != nil {
		return nil, g.t.clean(err)
	}
	return p.pr(), nil
}

func (g *github) Close(ctx context.Context, pr *PR, comment string) error {
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

func (g *github) BodyLimit() int  { return bodyLimit["github"] }
func (g *github) GitUser() string { return gitUser["github"] }

func prNumber(pr *PR) int {
	if pr == nil {
		return 0
	}
	return pr.Number
}
