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

// gitlab speaks GitLab's /api/v4: merge requests addressed by the
// project's URL-encoded path and their iid, notes for comments.
type gitlab struct{ t *transport }

type gitlabMR struct {
	IID             int    `json:"iid"`
	WebURL          string `json:"web_url"`
	Title           string `json:"title"`
	Description     string `json:"description"`
	State           string `json:"state"`
	SourceBranch    string `json:"source_branch"`
	TargetBranch    string `json:"target_branch"`
	SourceProjectID int64  `json:"source_project_id"`
	TargetProjectID int64  `json:"target_project_id"`
}

func (m *gitlabMR) pr() *PR {
	state := m.State
	switch state {
	case "opened", "locked": // locked: open, briefly held while merging
		state = "open"
	}
	return &PR{Number: m.IID, URL: m.WebURL, Title: m.Title, Body: m.Description, Head: m.SourceBranch, Base: m.TargetBranch, State: state}
}

// projectPath addresses the project by its path, "/" encoded as %2F.
func (g *gitlab) projectPath() string { return "/projects/" + url.PathEscape(g.t.repo) }

func (g *gitlab) Find(ctx context.Context, base, head string) (*PR, error) {
	r := request{op: fmt.Sprintf("find the open merge request %s ← %s", base, head), method: http.MethodGet,
		path:  g.projectPath() + "/merge_requests",
		query: url.Values{"state": {"opened"}, "source_branch": {head}, "target_branch": {base}, "per_page": {"100"}}}
	var best *gitlabMR
	err := g.t.list(ctx, r, func(raw json.RawMessage) error {
		var m gitlabMR
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		if m.State == "opened" && m.SourceBranch == head && m.TargetBranch == base &&
			m.SourceProjectID == m.TargetProjectID && (best == nil || m.IID > best.IID) {
			best = &m
		}
		return nil
	})
	if err != nil || best == nil {
		return nil, g.t.clean(err)
	}
	return best.pr(), nil
}

func (g *gitlab) Create(ctx context.Context, base, head, title, body string) (*PR, error) {
	op := fmt.Sprintf("create a merge request %s ← %s", base, head)
	if err := g.t.checkBody(op, body); err != nil {
		return nil, err
	}
	var found *PR
	r := request{op: op, base: base, head: head, method: http.MethodPost, path: g.projectPath() + "/merge_requests",
		body: map[string]string{"source_branch": head, "target_branch": base, "title": title, "description": body},
		// GitLab names the missing branch: {"message":["Source branch \"x\" does not exist"]}
		// or {"message":{"source_branch":["does not exist"]}}.
		branchUnseen: func(resp *response) bool {
			msg := strings.ToLower(forgeMessage(resp.body))
			return resp.status >= 400 && resp.status < 500 && strings.Contains(msg, "source") && strings.Contains(msg, "not exist")
		},
		settled: createChecked(g, base, head, &found)}
	var m gitlabMR
	if err := g.t.call(ctx, r, &m); err != nil {
		return nil, g.t.clean(err)
	}
	if found != nil {
		return found, nil
	}
	return m.pr(), nil
}

func (g *gitlab) Update(ctx context.Context, pr *PR, title, body string) (*PR, error) {
	op := "update merge request !" + strconv.Itoa(prNumber(pr))
	if err := nilPR(op, pr); err != nil {
		return nil, err
	}
	put := changes(pr, title, body, "description")
	if len(put) == 0 {
		return pr, nil
	}
	if err := g.t.checkBody(op, body); err != nil {
		return nil, err
	}
	var m gitlabMR
	r := request{op: op, method: http.MethodPut, path: g.projectPath() + "/merge_requests/" + strconv.Itoa(pr.Number), body: put}
	if err := g.t.call(ctx, r, &m); err != nil {
		return nil, g.t.clean(err)
	}
	return m.pr(), nil
}

func (g *gitlab) Close(ctx context.Context, pr *PR, comment string) error {
	op := "close merge request !" + strconv.Itoa(prNumber(pr))
	if err := nilPR(op, pr); err != nil {
		return err
	}
	mr := g.projectPath() + "/merge_requests/" + strconv.Itoa(pr.Number)
	if comment != "" {
		r := request{op: "comment on merge request !" + strconv.Itoa(pr.Number), method: http.MethodPost,
			path: mr + "/notes", body: map[string]string{"body": comment}}
		if err := g.t.call(ctx, r, nil); err != nil {
			return g.t.clean(err)
		}
	}
	r := request{op: op, method: http.MethodPut, path: mr, body: map[string]string{"state_event": "close"}}
	return g.t.clean(g.t.call(ctx, r, nil))
}

func (g *gitlab) BodyLimit() int  { return bodyLimit["gitlab"] }
func (g *gitlab) GitUser() string { return gitUser["gitlab"] }
