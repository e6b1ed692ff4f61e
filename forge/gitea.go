package forge

import (
	"net/http"
	"net/url"
)

// newGitea speaks the /api/v1 of Gitea and Forgejo, which has no head or
// base filter on the list of pull requests.
func newGitea(t *transport) Forge {
	return newGitHubLike(t,
		func(base, head string) url.Values { return url.Values{"state": {"open"}, "limit": {"50"}} },
		// Gitea answers 404 until it has processed the push of head; a
		// wrong repository name already fails the Find that comes first.
		func(resp *response) bool { return resp.status == http.StatusNotFound })
}
