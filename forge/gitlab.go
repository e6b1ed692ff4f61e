package forge

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// gitlab speaks GitLab's /api/v4: merge requests addressed by the
// project's URL-encoded path and their iid, notes for comments.
type gitlab struct{ pulls }

func newGitLab(t *transport) Forge {
	// The project is addressed by its path, "/" encoded as %2F.
	mrs := "/projects/" + url.PathEscape(t.repo) + "/merge_requests"
	return &gitlab{pulls{t: t, noun: "merge request", mark: "!", at: func() string { return mrs },
		edit: http.MethodPut, bodyField: "description",
		comments: func(n string) string { return mrs + "/" + n + "/notes" },
		closed:   map[string]string{"state_event": "close"}}}
}

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

func (m gitlabMR) pr() *PR {
	state := m.State
	switch state {
	case "opened", "locked": // locked: open, briefly held while merging
		state = "open"
	}
	return &PR{Number: m.IID, URL: m.WebURL, Title: m.Title, Body: m.Description, Head: m.SourceBranch, Base: m.TargetBranch, State: state}
}

func (m gitlabMR) ours(base, head, _ string) bool {
	return m.State == "opened" && m.SourceBranch == head && m.TargetBranch == base && m.SourceProjectID == m.TargetProjectID
}

func (g *gitlab) Find(ctx context.Context, base, head string) (*PR, error) {
	// GitLab's filter does not leave out merge requests from forks.
	query := url.Values{"state": {"opened"}, "source_branch": {head}, "target_branch": {base}, "per_page": {"100"}}
	return find[gitlabMR](ctx, &g.pulls, base, head, query)
}

func (g *gitlab) Create(ctx context.Context, base, head, title, body string) (*PR, error) {
	fields := map[string]string{"source_branch": head, "target_branch": base, "title": title, "description": body}
	// GitLab names the missing branch: {"message":["Source branch \"x\" does not exist"]}
	// or {"message":{"source_branch":["does not exist"]}}.
	branchUnseen := func(resp *response) bool {
		msg := strings.ToLower(forgeMessage(resp.body))
		return resp.status >= 400 && resp.status < 500 && strings.Contains(msg, "source") && strings.Contains(msg, "not exist")
	}
	return create[gitlabMR](ctx, g, &g.pulls, base, head, fields, branchUnseen)
}

func (g *gitlab) Update(ctx context.Context, pr *PR, title, body string) (*PR, error) {
	return update[gitlabMR](ctx, &g.pulls, pr, title, body)
}
